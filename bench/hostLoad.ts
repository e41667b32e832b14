/**
 * Row 2 of `npm run bench`: how busy the extension host's main thread is while a steady stream
 * arrives. This process plays the extension host: a real LiveSession (ConnectionHost + its
 * ResourceTracker) fed by the connection process, which the simulator's `load` scenario drives
 * at a fixed rate. Event-loop utilization is measured over a steady window after a warm-up.
 * With --findings the host also runs the findings rules live (src/findings/engine.ts), following
 * the tracker and ticking once a second, as a view of them would. With --findings-ab each of the
 * runs is a pair, one without the rules and one with them, in alternating order: the share the
 * rules add is the median of the pairs' differences, which a busy neighbour sways far less than
 * two separate medians taken minutes apart.
 * Usage: bench/hostLoad.ts [--rate 5000] [--seconds 20] [--runs 3] [--findings | --findings-ab]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JournalFile } from '../src/capture/journalFile';
import { FindingsEngine, journalRecordReader } from '../src/findings/engine';
import { LiveSession } from '../src/session/liveSession';
import { spawnSimulator } from '../src/simulator/spawnSimulator';
import { tempDir } from '../test/support/harness';
import { flag, median, numberArg, printFigures, rssBytes, sleep } from './benchSupport';

const REPO = join(__dirname, '..');
const RATE = numberArg('--rate', 5000);
const SECONDS = numberArg('--seconds', 20);
const RUNS = numberArg('--runs', 3);
const WARMUP_S = Math.min(2, SECONDS / 4);
const FINDINGS_AB = flag('--findings-ab');
const FINDINGS = flag('--findings');

interface LoadRun {
  elu: number;
  rate: number;
  messages: number;
  hostCpuPct: number;
  rssGrowthMB: number;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** One run: a fresh simulator and session; ELU over the window after the warm-up. */
async function runOnce(dir: string, i: number, findings: boolean): Promise<LoadRun> {
  const count = Math.round(RATE * (SECONDS + WARMUP_S + 1));
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), { scenario: 'load', rate: RATE, count, resources: 50, port: 0 });
  const session = new LiveSession('bench', {
    processScript: join(REPO, 'dist', 'connection.js'),
    baseUrl: sim.url,
    credentials: { type: 'basic', user: 'agent1', password: 'secret' },
    topics: ['/v2/me/calls'],
    journalPath: join(dir, `load-${i}.ndjson`),
    userLabel: 'agent1',
    toolVersion: 'bench',
  });
  // What a view does per change notification: read the counts it shows.
  let seen = 0;
  const sub = session.onDidChange((c) => (seen += c.records));
  const journal = new JournalFile(join(dir, `load-${i}.ndjson`));
  const engine = findings ? new FindingsEngine(session.tracker, journalRecordReader(journal, session.tracker)) : undefined;
  const unfollow = engine?.follow();
  const ticker = engine ? setInterval(() => engine.tick(Date.now()), 1000) : undefined;
  try {
    await session.ready;
    await waitUntil(() => session.tracker.messageCount > 0, 15_000, 'the first message');
    await sleep(WARMUP_S * 1000);
    const m0 = session.tracker.messageCount;
    const rss0 = rssBytes(process.pid);
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const messages = session.tracker.messageCount - m0;
    if (seen === 0) throw new Error('no change notification');
    return { elu, rate: (messages * 1000) / ms, messages, hostCpuPct: ((cpu.user + cpu.system) / 1000 / ms) * 100, rssGrowthMB: (rssBytes(process.pid) - rss0) / 1e6 };
  } finally {
    clearInterval(ticker);
    unfollow?.();
    await engine?.settled();
    await journal.closeAsync();
    sub.dispose();
    await session.stop();
    session.dispose();
    await sim.stop();
  }
}

const runLine = (r: LoadRun): string => `${Math.round(r.rate).toLocaleString('en')} msg/s over ${SECONDS} s, host event-loop utilization ${(r.elu * 100).toFixed(1)}%, host CPU ${r.hostCpuPct.toFixed(1)}%`;

/** The medians of `runs` as BENCH_JSON figures. */
function figuresOf(runs: LoadRun[], findings: boolean): Record<string, number | boolean> {
  const pick = (k: keyof LoadRun): number => median(runs.map((r) => r[k]));
  return { findings, eluPct: pick('elu') * 100, achievedRate: pick('rate'), hostCpuPct: pick('hostCpuPct'), rssGrowthMB: pick('rssGrowthMB'), targetRate: RATE, seconds: SECONDS, runs: RUNS };
}

/** RUNS pairs without and with the rules, alternating which goes first. */
async function pairs(dir: string): Promise<void> {
  const without: LoadRun[] = [];
  const withRules: LoadRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const findings of i % 2 === 0 ? [false, true] : [true, false]) {
      const r = await runOnce(dir, i * 2 + (findings ? 1 : 0), findings);
      (findings ? withRules : without).push(r);
      console.log(`  pair ${i + 1} ${findings ? 'with' : 'without'} the rules: ${runLine(r)}`);
    }
  }
  const added = median(withRules.map((r, i) => (r.elu - without[i].elu) * 100));
  const addedCpu = median(withRules.map((r, i) => r.hostCpuPct - without[i].hostCpuPct));
  const a = figuresOf(without, false);
  const b = figuresOf(withRules, true);
  console.log(`host main thread at ${RATE.toLocaleString('en')} msg/s (load scenario), ${RUNS} pairs: event-loop utilization ${(a.eluPct as number).toFixed(2)}% without the rules, ${(b.eluPct as number).toFixed(2)}% with them (target <= 3%); they add ${added.toFixed(2)} points (median of the pairs; target <= 1), host CPU ${addedCpu.toFixed(2)} points`);
  printFigures({ ...b, withoutEluPct: a.eluPct, withoutHostCpuPct: a.hostCpuPct, addedEluPoints: added, addedCpuPoints: addedCpu });
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-load-');
  try {
    if (FINDINGS_AB) return await pairs(tmp.dir);
    const runs: LoadRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(tmp.dir, i, FINDINGS);
      runs.push(r);
      console.log(`  run ${i + 1}: ${runLine(r)}`);
    }
    const f = figuresOf(runs, FINDINGS);
    console.log(`host main thread at ${RATE.toLocaleString('en')} msg/s (load scenario), median of ${RUNS}: event-loop utilization ${(f.eluPct as number).toFixed(1)}% (target <= 3%)`);
    printFigures(f);
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
