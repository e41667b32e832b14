/**
 * Row 10 of `npm run bench` (issue 15): four live sessions at once, each its own user, connection
 * process and journal, the simulator's `load` scenario sending each user 1,000 msg/s (its `rate`
 * is per user). This process plays the extension host with four LiveSessions. Measured over a
 * steady window after a warm-up: the host's event-loop utilization and CPU. Then, once every
 * stream has ended: no message lost, i.e. each journal holds every message the simulator's
 * delivery log (src/simulator/faults/deliveryLog.ts) says it wrote to that user, and no gap.
 * Usage: bench/multiSession.ts [--sessions 4] [--rate 1000] [--seconds 20] [--runs 3]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readJournal } from '../src/capture/journalReader';
import { LiveSession } from '../src/session/liveSession';
import type { SimulatorStatus } from '../src/simulator/simulatorTypes';
import { spawnSimulator } from '../src/simulator/spawnSimulator';
import { tempDir } from '../test/support/harness';
import { median, numberArg, printFigures, sleep } from './benchSupport';

const REPO = join(__dirname, '..');
const SESSIONS = numberArg('--sessions', 4);
const RATE = numberArg('--rate', 1000);
const SECONDS = numberArg('--seconds', 20);
const RUNS = numberArg('--runs', 3);
const WARMUP_S = Math.min(2, SECONDS / 4);
const USERS = ['agent1', 'agent2', 'supervisor1', 'agent3', 'agent4', 'agent5', 'agent6', 'agent7'].slice(0, SESSIONS);

interface Run {
  elu: number;
  hostCpuPct: number;
  /** Messages per second per session over the window (mean of the sessions). */
  rate: number;
  delivered: number;
  journaled: number;
  lost: number;
  gaps: number;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Message and gap records of a journal. */
async function journalCounts(path: string): Promise<{ messages: number; gaps: number }> {
  let messages = 0;
  let gaps = 0;
  for await (const { record } of readJournal(path)) {
    if (record.kind === 'message') messages++;
    else if (record.kind === 'gap') gaps++;
  }
  return { messages, gaps };
}

async function runOnce(dir: string, i: number): Promise<Run> {
  const count = Math.round(RATE * (SECONDS + WARMUP_S + 1));
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), {
    scenario: 'load', rate: RATE, count, resources: 50, port: 0, users: USERS.map((user) => ({ user, password: 'secret' })),
  });
  const sessions = USERS.map((user) => new LiveSession(user, {
    processScript: join(REPO, 'dist', 'connection.js'),
    baseUrl: sim.url,
    credentials: { type: 'basic', user, password: 'secret' },
    topics: ['/v2/me/calls'],
    journalPath: join(dir, `sessions-${i}-${user}.ndjson`),
    userLabel: user,
    toolVersion: 'bench',
  }));
  // What a view does per change notification: read the counts it shows.
  let seen = 0;
  const subs = sessions.map((s) => s.onDidChange((c) => (seen += c.records)));
  const total = (): number => sessions.reduce((n, s) => n + s.tracker.messageCount, 0);
  try {
    await Promise.all(sessions.map((s) => s.ready));
    await waitUntil(() => sessions.every((s) => s.tracker.messageCount > 0), 15_000, 'a first message in every session');
    await sleep(WARMUP_S * 1000);
    const m0 = total();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const rate = ((total() - m0) * 1000) / ms / SESSIONS;
    if (seen === 0) throw new Error('no change notification');
    // Every stream to its end, then every journal complete on disk.
    const status = async (): Promise<SimulatorStatus> => (await (await fetch(`${sim.url}/sim/status`)).json()) as SimulatorStatus;
    await waitUntil(async () => (await status()).scenarios.every((s) => s.done), 120_000, 'every stream to end');
    // A session that never gets there has lost messages: counted below, not thrown.
    await waitUntil(() => sessions.every((s) => s.tracker.messageCount >= count), 30_000, 'every message').catch(() => undefined);
    await Promise.all(sessions.map((s) => s.stop()));
    let delivered = 0;
    let journaled = 0;
    let lost = 0;
    let gaps = 0;
    for (const [k, user] of USERS.entries()) {
      const log = (await (await fetch(`${sim.url}/sim/deliveries?user=${user}`)).json()) as { total: number; messages: Array<{ complete: boolean }> };
      const written = log.messages.filter((m) => m.complete).length;
      const j = await journalCounts(join(dir, `sessions-${i}-${user}.ndjson`));
      if (j.messages !== sessions[k].tracker.messageCount) throw new Error(`${user}: journal ${j.messages} vs tracker ${sessions[k].tracker.messageCount}`);
      delivered += written;
      journaled += j.messages;
      lost += Math.max(0, written - j.messages);
      gaps += j.gaps;
    }
    return { elu, hostCpuPct: ((cpu.user + cpu.system) / 1000 / ms) * 100, rate, delivered, journaled, lost, gaps };
  } finally {
    for (const s of subs) s.dispose();
    await Promise.all(sessions.map((s) => s.stop().catch(() => undefined)));
    for (const s of sessions) s.dispose();
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-sessions-');
  try {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(tmp.dir, i);
      runs.push(r);
      console.log(`  run ${i + 1}: ${SESSIONS} sessions at ${Math.round(r.rate).toLocaleString('en')} msg/s each over ${SECONDS} s, host event-loop utilization ${(r.elu * 100).toFixed(2)}%, host CPU ${r.hostCpuPct.toFixed(1)}%; delivered ${r.delivered}, journaled ${r.journaled}, lost ${r.lost}, gaps ${r.gaps}`);
    }
    const pick = (k: keyof Run): number => median(runs.map((r) => r[k]));
    printFigures({
      eluPct: pick('elu') * 100, hostCpuPct: pick('hostCpuPct'), ratePerSession: pick('rate'), sessions: SESSIONS, targetRate: RATE, seconds: SECONDS, runs: RUNS,
      lost: runs.reduce((n, r) => n + r.lost, 0), gaps: runs.reduce((n, r) => n + r.gaps, 0), delivered: runs.reduce((n, r) => n + r.delivered, 0), journaled: runs.reduce((n, r) => n + r.journaled, 0),
    });
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
