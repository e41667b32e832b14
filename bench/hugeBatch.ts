/**
 * Row 8 of `npm run bench`: one long-poll response carrying 30,000 messages (~40 MB, the
 * simulator's `huge-batch` fault). This process plays the extension host (a LiveSession: the
 * ConnectionHost and its tracker); the longest block of its main thread is read with
 * monitorEventLoopDelay while the connection process takes the response in.
 * Usage: bench/hugeBatch.ts [--count 30000] [--bytes 40000000] [--runs 3]
 */
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LiveSession } from '../src/session/liveSession';
import { spawnSimulator } from '../src/simulator/spawnSimulator';
import { tempDir } from '../test/support/harness';
import { median, numberArg, printFigures, sleep } from './benchSupport';

const REPO = join(__dirname, '..');
const COUNT = numberArg('--count', 30_000);
const BYTES = numberArg('--bytes', 40_000_000);
const RUNS = numberArg('--runs', 3);

interface BatchRun {
  maxDelayMs: number;
  p99DelayMs: number;
  allIndexedMs: number;
  bytes: number;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function runOnce(dir: string, i: number): Promise<BatchRun> {
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), { scenario: 'none', port: 0 });
  const session = new LiveSession('bench', {
    processScript: join(REPO, 'dist', 'connection.js'),
    baseUrl: sim.url,
    credentials: { type: 'basic', user: 'agent1', password: 'secret' },
    topics: ['/v2/me/calls'],
    journalPath: join(dir, `huge-${i}.ndjson`),
    userLabel: 'agent1',
    toolVersion: 'bench',
  });
  try {
    await session.ready;
    await waitUntil(() => session.tracker.recordCount > 0 && session.state === 'connected', 15_000, 'the subscription');
    await sleep(500);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const t0 = performance.now();
    delay.enable();
    const res = await fetch(`${sim.url}/sim/fault`, { method: 'POST', body: JSON.stringify({ kind: 'huge-batch', user: 'agent1', count: COUNT, bytes: BYTES }) });
    const batch = (await res.json()) as { bytes?: number; delivered?: number };
    if (res.status !== 200 || batch.delivered !== 1) throw new Error(`huge-batch refused: ${JSON.stringify(batch)}`);
    await waitUntil(() => session.tracker.messageCount >= COUNT, 180_000, `${COUNT} messages indexed`);
    const allIndexedMs = performance.now() - t0;
    delay.disable();
    return { maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, allIndexedMs, bytes: batch.bytes ?? NaN };
  } finally {
    await session.stop();
    session.dispose();
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-huge-');
  try {
    const runs: BatchRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(tmp.dir, i);
      runs.push(r);
      console.log(`  run ${i + 1}: ${COUNT.toLocaleString('en')} messages, ${(r.bytes / 1e6).toFixed(1)} MB in one response: all indexed in ${r.allIndexedMs.toFixed(0)} ms; host event-loop delay max ${r.maxDelayMs.toFixed(1)} ms, p99 ${r.p99DelayMs.toFixed(1)} ms`);
    }
    const pick = (k: keyof BatchRun): number => median(runs.map((r) => r[k]));
    console.log(`one long-poll response of ${COUNT.toLocaleString('en')} messages, median of ${RUNS}: longest host main-thread block ${pick('maxDelayMs').toFixed(1)} ms (target < 100 ms)`);
    printFigures({ maxDelayMs: pick('maxDelayMs'), p99DelayMs: pick('p99DelayMs'), allIndexedMs: pick('allIndexedMs'), bytes: pick('bytes'), count: COUNT, runs: RUNS });
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
