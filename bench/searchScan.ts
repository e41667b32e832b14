/**
 * Row 9 of `npm run bench`: the timeline's text filter over a 1M-message capture, as the extension
 * host runs it (TimelineService over an OfflineSession, the search in dist/searchWorker.js). This
 * process plays the host: while the scan runs, its main thread's longest block is read with
 * monitorEventLoopDelay and an interval-lag probe, its busy share with eventLoopUtilization(), and
 * its RSS (the worker's included: a worker thread lives in the host's process) is sampled.
 * Usage: bench/searchScan.ts [--count 1000000] [--runs 3] [--budget-mb 64]
 */
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { OfflineSession } from '../src/session/offlineSession';
import { TimelineService } from '../src/timeline/timelineService';
import type { HostMessage, WebviewMessage } from '../src/timelineProtocol';
import { tempDir } from '../test/support/harness';
import { median, numberArg, printFigures, sleep } from './benchSupport';
import { writeDemoCapture } from './demoCapture';

const REPO = join(__dirname, '..');
const COUNT = numberArg('--count', 1_000_000);
const RUNS = numberArg('--runs', 3);
const BUDGET = numberArg('--budget-mb', 64) * 1024 * 1024;
const MB = 1024 * 1024;

interface ScanRun {
  ms: number;
  maxDelayMs: number;
  maxLagMs: number;
  elu: number;
  rssGrowth: number;
  progressReports: number;
  total: number;
}

/** One filter over the whole capture (text that matches nowhere: every byte is scanned), measured. */
async function scanOnce(session: OfflineSession, text: string): Promise<ScanRun> {
  const replies: HostMessage[] = [];
  const service = new TimelineService(session, { post: (m) => replies.push(m.body) }, { textBudget: BUDGET, searchWorker: join(REPO, 'dist', 'searchWorker.js'), warmText: false });
  let id = 1;
  const ask = (body: WebviewMessage): Promise<void> => service.receive({ messageId: id++, body });
  try {
    await ask({ type: 'webview/ready' });
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(200);
    const rssStart = process.memoryUsage.rss();
    let rssPeak = rssStart;
    let maxLag = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - 10);
      last = now;
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }, 10);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    let progressReports = 0;
    // The request handler's progress hook, as the protocol side will wire it.
    const answer = (service as unknown as { answer(m: WebviewMessage, p?: (d: number, t: number) => void): Promise<HostMessage | undefined> }).answer.bind(service);
    const reply = await answer({ type: 'view/filter/set', filter: { text } }, () => progressReports++);
    const ms = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    delay.disable();
    clearInterval(probe);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    if (reply?.type !== 'timeline/snapshot') throw new Error(`the filter was answered with ${reply?.type}`);
    return { ms, maxDelayMs: delay.max / 1e6, maxLagMs: maxLag, elu, rssGrowth: rssPeak - rssStart, progressReports, total: reply.total };
  } finally {
    service.dispose();
  }
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-search-');
  try {
    const t0 = performance.now();
    const path = writeDemoCapture(tmp.dir, COUNT);
    const session = await OfflineSession.open(path);
    console.log(`  ${COUNT.toLocaleString('en')}-message demo capture written and opened in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const runs: ScanRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      const run = await scanOnce(session, `no such text ${r}`);
      runs.push(run);
      console.log(`  run ${r + 1}: scan ${run.ms.toFixed(0)} ms, ${run.total} rows matched; host main thread: longest block ${run.maxDelayMs.toFixed(1)} ms (interval lag ${run.maxLagMs.toFixed(1)} ms), busy ${(run.elu * 100).toFixed(2)} %; RSS growth ${(run.rssGrowth / MB).toFixed(1)} MB (budget ${BUDGET / MB} MB); ${run.progressReports} progress reports`);
    }
    const hits = await scanOnce(session, 'Established');
    console.log(`  a common word: ${hits.total.toLocaleString('en')} rows matched in ${hits.ms.toFixed(0)} ms; longest block ${hits.maxDelayMs.toFixed(1)} ms, busy ${(hits.elu * 100).toFixed(2)} %, RSS growth ${(hits.rssGrowth / MB).toFixed(1)} MB`);
    session.dispose();
    const m = (f: (r: ScanRun) => number): number => median(runs.map(f));
    printFigures({
      count: COUNT,
      budgetMB: BUDGET / MB,
      scanMs: m((r) => r.ms),
      maxDelayMs: m((r) => Math.max(r.maxDelayMs, r.maxLagMs)),
      eluPct: m((r) => r.elu * 100),
      rssGrowthMB: m((r) => r.rssGrowth / MB),
      worstDelayMs: Math.max(...runs.map((r) => Math.max(r.maxDelayMs, r.maxLagMs)), hits.maxDelayMs, hits.maxLagMs),
      progressPerSecond: m((r) => r.progressReports / (r.ms / 1000)),
      hitsScanMs: hits.ms,
      hitsEluPct: hits.elu * 100,
      hitsMaxDelayMs: Math.max(hits.maxDelayMs, hits.maxLagMs),
      hitsRssGrowthMB: hits.rssGrowth / MB,
    });
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
