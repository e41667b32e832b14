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
import type { Envelope, HostMessage, WebviewMessage } from '../src/timelineProtocol';
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

/** The host's main thread and RSS while `work` runs: event-loop delay, interval lag, utilization. */
async function measured(work: () => Promise<number>): Promise<ScanRun> {
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
  const total = await work();
  const ms = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  delay.disable();
  clearInterval(probe);
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  return { ms, maxDelayMs: delay.max / 1e6, maxLagMs: maxLag, elu, rssGrowth: rssPeak - rssStart, progressReports: 0, total };
}

/**
 * Two filters on one fresh service: the first starts the search worker and fills its cache while
 * scanning (the worst case), the second runs with the worker up and its cache full.
 */
async function scanTwice(session: OfflineSession, texts: [string, string]): Promise<[ScanRun, ScanRun]> {
  // Driven through the protocol as the webview drives it: replies and progress arrive as posts.
  const waiting = new Map<number, (m: HostMessage) => void>();
  let reports = 0;
  const post = (e: Envelope<HostMessage>): void => {
    if (e.body.type === 'request/progress') reports++;
    else if (e.inReplyTo !== undefined) waiting.get(e.inReplyTo)?.(e.body);
  };
  const service = new TimelineService(session, { post }, { textBudget: BUDGET, searchWorker: join(REPO, 'dist', 'searchWorker.js'), warmText: false });
  let nextId = 1;
  const request = (body: WebviewMessage): Promise<HostMessage> => {
    const messageId = nextId++;
    const reply = new Promise<HostMessage>((resolve) => waiting.set(messageId, resolve));
    void service.receive({ messageId, body });
    return reply;
  };
  try {
    await request({ type: 'webview/ready' });
    const out: ScanRun[] = [];
    for (const text of texts) {
      reports = 0;
      const run = await measured(async () => {
        const reply = await request({ type: 'view/filter/set', filter: { text } });
        if (reply.type !== 'timeline/snapshot') throw new Error(`the filter was answered with ${reply.type}${reply.type === 'request/failed' ? `: ${reply.reason}` : ''}`);
        return reply.total;
      });
      out.push({ ...run, progressReports: reports });
    }
    return [out[0], out[1]];
  } finally {
    service.dispose();
  }
}

const show = (r: ScanRun): string => `scan ${r.ms.toFixed(0)} ms, ${r.total.toLocaleString('en')} rows matched; host main thread: longest block ${r.maxDelayMs.toFixed(1)} ms (interval lag ${r.maxLagMs.toFixed(1)} ms), busy ${(r.elu * 100).toFixed(2)} %; RSS growth ${(r.rssGrowth / MB).toFixed(1)} MB (budget ${BUDGET / MB} MB); ${r.progressReports} progress reports`;

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-search-');
  try {
    const t0 = performance.now();
    const path = writeDemoCapture(tmp.dir, COUNT);
    const session = await OfflineSession.open(path);
    console.log(`  ${COUNT.toLocaleString('en')}-message demo capture written and opened in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const idle = await measured(async () => {
      await sleep(1000);
      return 0;
    });
    console.log(`  idle host for 1 s (the machine's own noise): longest block ${idle.maxDelayMs.toFixed(1)} ms (interval lag ${idle.maxLagMs.toFixed(1)} ms), busy ${(idle.elu * 100).toFixed(2)} %`);
    const cold: ScanRun[] = [];
    const warm: ScanRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      const [first, second] = await scanTwice(session, [`no such text ${r}`, 'Established']);
      cold.push(first);
      warm.push(second);
      console.log(`  run ${r + 1}, worker starting, text found nowhere: ${show(first)}`);
      console.log(`  run ${r + 1}, worker up, a common word: ${show(second)}`);
    }
    session.dispose();
    const m = (runs: ScanRun[], f: (r: ScanRun) => number): number => median(runs.map(f));
    const block = (r: ScanRun): number => Math.max(r.maxDelayMs, r.maxLagMs);
    printFigures({
      count: COUNT,
      budgetMB: BUDGET / MB,
      scanMs: m(cold, (r) => r.ms),
      maxDelayMs: m(cold, block),
      eluPct: m(cold, (r) => r.elu * 100),
      rssGrowthMB: m(cold, (r) => r.rssGrowth / MB),
      worstDelayMs: Math.max(...cold.map(block), ...warm.map(block)),
      progressPerSecond: m(cold, (r) => r.progressReports / (r.ms / 1000)),
      hitsScanMs: m(warm, (r) => r.ms),
      hitsRows: m(warm, (r) => r.total),
      hitsEluPct: m(warm, (r) => r.elu * 100),
      hitsMaxDelayMs: m(warm, block),
      hitsRssGrowthMB: m(warm, (r) => r.rssGrowth / MB),
      idleMaxDelayMs: block(idle),
      idleEluPct: idle.elu * 100,
    });
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
