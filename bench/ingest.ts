/**
 * `npm run bench:ingest`: the full pipeline (connection process → journal → host index and
 * tracker) against the bare cometd client on the same simulator stream. Not a test: it prints
 * figures and ratios. Usage: bench/ingest.ts [--count N] [--runs R] [--facts-ab | --correlate-ab]
 *
 * --correlate-ab: the cost of live correlation (issue 13), see liveCorrelationAb.ts.
 *
 * --facts-ab: the cost of the index facts (issue 12: call ids and device, capability sets, state
 * hashes, GWS timing metrics, transcript indexes). The connection process is built twice from the
 * same source, once without them (esbuild define GWS_INDEX_FACTS=false: classify() skips them and
 * the packer ships their columns empty), and each run times the bare client and both builds, in
 * alternating order. Both ratios are printed; the host code is the same for both.
 *
 * Both sides are timed the same way: from the start of the login to the last message counted
 * (bare client) or ingested by the host's tracker (pipeline), on the shared wall clock. Runs
 * alternate bare / pipeline and the medians are compared. CPU time is reported per process
 * (Linux /proc), with the CPU other processes used meanwhile: the machine is shared, and a busy
 * neighbour skews wall times far more than any change in the pipeline.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ConnectionHost } from '../src/connection/connectionHost';
import { spawnSimulator } from '../src/simulator/spawnSimulator';
import { ResourceTracker } from '../src/tracker/resourceTracker';
import { tempDir } from '../test/support/harness';
import { printFigures } from './benchSupport';
import { correlateAb, type PipelineHooks } from './liveCorrelationAb';

const REPO = join(__dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('--count', 200_000);
const RUNS = arg('--runs', 3);
const FACTS_AB = process.argv.includes('--facts-ab');
const CORRELATE_AB = process.argv.includes('--correlate-ab');
const SIM = { scenario: 'load' as const, rate: 0, count: COUNT, resources: 50, port: 0 };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU ms a process used so far, from /proc (NaN where there is no /proc). */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Busy CPU ms of the whole machine so far (all cores), from /proc/stat. */
function machineBusyMs(): number {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return ((ticks.reduce((a, b) => a + b, 0) - ticks[3] - ticks[4]) * 1000) / 100;
  } catch {
    return NaN;
  }
}

export interface Run {
  ms: number;
  /** CPU ms: the client (bare client or connection process), the host (pipeline only), the simulator, everything else. */
  client: number;
  host: number;
  sim: number;
  other: number;
}

/** The bare client, bundled like our own connection process so both run the same cometd code. */
function buildBareClient(outDir: string): string {
  const outfile = join(outDir, 'bareClient.js');
  buildSync({ entryPoints: [join(__dirname, 'bareClient.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, minify: true, logLevel: 'warning' });
  return outfile;
}

/** The connection process bundle as the production build makes it, with or without the index facts. */
function buildConnection(outDir: string, facts: boolean): string {
  const outfile = join(outDir, facts ? 'connection-facts.js' : 'connection-nofacts.js');
  const define: Record<string, string> = facts ? {} : { GWS_INDEX_FACTS: 'false' };
  buildSync({ entryPoints: [join(REPO, 'src', 'connection', 'connectionProcess.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, minify: true, legalComments: 'none', external: ['vscode'], define, logLevel: 'warning' });
  return outfile;
}

async function runBaseline(script: string): Promise<Run> {
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), SIM);
  try {
    const sim0 = processCpuMs(sim.child.pid);
    const busy0 = machineBusyMs();
    const self0 = process.cpuUsage();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [script, sim.url, 'agent1', 'secret', String(COUNT)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bare client exited ${code}`))));
    });
    const result = JSON.parse(out) as { received: number; totalMs: number; cpuMs: number };
    if (result.received !== COUNT) throw new Error(`baseline received ${result.received}`);
    const simCpu = processCpuMs(sim.child.pid) - sim0;
    const self = process.cpuUsage(self0);
    // The client has exited: what it used after its last message (disconnect, exit) counts as other, a few ms.
    const other = machineBusyMs() - busy0 - simCpu - result.cpuMs - (self.user + self.system) / 1000;
    return { ms: result.totalMs, client: result.cpuMs, host: 0, sim: simCpu, other };
  } finally {
    await sim.stop();
  }
}

export interface PipelineRun extends Run {
  heapPerMessage: number;
  elu: number;
  /** Messages the connection process journaled from their received bytes (the rest were serialized). */
  copied: number;
  /** Whether any record reached the tracker with a state hash (the index facts). */
  facts: boolean;
}

async function runPipeline(dir: string, i: number, processScript = join(REPO, 'dist', 'connection.js'), hooks: PipelineHooks = {}): Promise<PipelineRun> {
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), SIM);
  try {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const tracker = new ResourceTracker();
    const sim0 = processCpuMs(sim.child.pid);
    const busy0 = machineBusyMs();
    const self0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const host = new ConnectionHost({
      processScript,
      baseUrl: sim.url,
      credentials: { type: 'basic', user: 'agent1', password: 'secret' },
      topics: ['/v2/me/calls'],
      journalPath: join(dir, `pipeline-${i}.ndjson`),
      userLabel: 'agent1',
      toolVersion: 'bench',
    });
    hooks.started?.(host, tracker, sim.url);
    let copied = NaN;
    host.onDidLog(({ text }) => {
      const m = /(\d+) message\(s\) written from their received bytes/.exec(text);
      if (m) copied = Number(m[1]);
    });
    // The journal's first record is the 'connecting' event, written just before the login starts.
    let loginAt = Date.now();
    let first = true;
    await new Promise<void>((resolve, reject) => {
      host.onDidIndex(({ packed }) => {
        if (first) {
          first = false;
          loginAt = packed.objects.find((e) => e.rec === 'event' && e.event === 'connecting')?.at ?? loginAt;
        }
        // What LiveSession does with every batch in the extension host.
        tracker.ingestPacked(packed);
        hooks.batch?.(tracker);
        if (tracker.messageCount >= COUNT) resolve();
      });
      host.ready.catch(reject);
    });
    const ms = Date.now() - loginAt;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const self = process.cpuUsage(self0);
    const hostCpu = (self.user + self.system) / 1000;
    const client = processCpuMs(host.pid);
    const simCpu = processCpuMs(sim.child.pid) - sim0;
    const other = machineBusyMs() - busy0 - simCpu - client - hostCpu;
    await host.stop();
    global.gc?.();
    const heapPerMessage = (process.memoryUsage().heapUsed - heap0) / tracker.messageCount;
    if (tracker.messageCount !== COUNT) throw new Error(`pipeline tracked ${tracker.messageCount}`);
    const facts = tracker.columns.refs.stateHash.view().some((h) => h !== 0);
    return { ms, client, host: hostCpu, sim: simCpu, other, elu, heapPerMessage, copied, facts };
  } finally {
    await sim.stop();
  }
}

function cpuLine(name: string, runs: Run[]): string {
  const us = (key: keyof Run): string => `${((median(runs.map((r) => r[key])) * 1000) / COUNT).toFixed(1)}`.padStart(5);
  return `  ${name.padEnd(24)} CPU µs/msg: client ${us('client')}  host ${us('host')}  simulator ${us('sim')}  other processes ${us('other')}`;
}

/** Bare client, then both connection builds in alternating order, RUNS times; both ratios against the same bare runs. */
async function factsAb(dir: string, bare: string): Promise<void> {
  const builds = { with: buildConnection(dir, true), without: buildConnection(dir, false) };
  const baselines: Run[] = [];
  const runs: Record<'with' | 'without', PipelineRun[]> = { with: [], without: [] };
  for (let i = 0; i < RUNS; i++) {
    baselines.push(await runBaseline(bare));
    for (const variant of i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      const run = await runPipeline(dir, i * 2 + (variant === 'with' ? 0 : 1), builds[variant]);
      if (run.facts !== (variant === 'with')) throw new Error(`the ${variant}-facts build ${run.facts ? 'carried' : 'left out'} the index facts`);
      runs[variant].push(run);
    }
    console.log(`  run ${i + 1}: bare ${baselines[i].ms} ms, with the facts ${runs.with[i].ms} ms, without ${runs.without[i].ms} ms`);
  }
  const baseMs = median(baselines.map((b) => b.ms));
  const ratio = (v: 'with' | 'without'): number => baseMs / median(runs[v].map((r) => r.ms));
  const clientUs = (v: 'with' | 'without'): number => (median(runs[v].map((r) => r.client)) * 1000) / COUNT;
  // The machine is shared: CPU per message of all our processes wavers far less than wall time.
  const cpuOf = (list: Run[]): number => median(list.map((r) => r.client + r.host + r.sim));
  const cpuRatio = (v: 'with' | 'without'): number => cpuOf(baselines) / cpuOf(runs[v]);
  const figures = { count: COUNT, runs: RUNS, bareMs: baseMs, withMs: median(runs.with.map((r) => r.ms)), withoutMs: median(runs.without.map((r) => r.ms)), withRatio: ratio('with'), withoutRatio: ratio('without'), drop: ratio('without') - ratio('with'), withCpuRatio: cpuRatio('with'), withoutCpuRatio: cpuRatio('without'), withClientUs: clientUs('with'), withoutClientUs: clientUs('without') };
  console.log(`index facts A/B, ${COUNT.toLocaleString('en')} messages, median of ${RUNS} run(s) each, one bare baseline`);
  console.log(`  ratio pipeline/bare with the facts      ${figures.withRatio.toFixed(3)}  CPU ratio ${figures.withCpuRatio.toFixed(3)}  (connection process ${figures.withClientUs.toFixed(1)} µs CPU/msg)`);
  console.log(`  ratio pipeline/bare without the facts   ${figures.withoutRatio.toFixed(3)}  CPU ratio ${figures.withoutCpuRatio.toFixed(3)}  (connection process ${figures.withoutClientUs.toFixed(1)} µs CPU/msg)`);
  console.log(`  drop                                    ${figures.drop.toFixed(3)}  (limit 0.03) ${figures.drop <= 0.03 ? 'PASS' : 'FAIL'}; CPU ratio drop ${(figures.withoutCpuRatio - figures.withCpuRatio).toFixed(3)}`);
  console.log(cpuLine('bare', baselines));
  console.log(cpuLine('with the facts', runs.with));
  console.log(cpuLine('without the facts', runs.without));
  printFigures(figures);
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit' });
  const tmp = tempDir('gws-bench-');
  if (CORRELATE_AB) {
    try {
      await correlateAb({ count: COUNT, runs: RUNS, dir: tmp.dir, bare: buildBareClient(tmp.dir), runBaseline, runPipeline, median });
    } finally {
      tmp.cleanup();
    }
    return;
  }
  if (FACTS_AB) {
    try {
      await factsAb(tmp.dir, buildBareClient(tmp.dir));
    } finally {
      tmp.cleanup();
    }
    return;
  }
  try {
    const bare = buildBareClient(tmp.dir);
    const baselines: Run[] = [];
    const pipelines: PipelineRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      baselines.push(await runBaseline(bare));
      pipelines.push(await runPipeline(tmp.dir, i));
      const b = baselines[i];
      const p = pipelines[i];
      console.log(`  run ${i + 1}: bare ${b.ms} ms (other processes ${Math.round(b.other)} ms CPU), pipeline ${p.ms} ms (other processes ${Math.round(p.other)} ms CPU)`);
    }
    const baseMs = median(baselines.map((b) => b.ms));
    const pipeMs = median(pipelines.map((p) => p.ms));
    const rate = (ms: number): string => `${Math.round((COUNT * 1000) / ms).toLocaleString('en')} msg/s`;
    const ratio = baseMs / pipeMs;
    const heap = median(pipelines.map((p) => p.heapPerMessage));
    const elu = median(pipelines.map((p) => p.elu));
    console.log(`ingest of ${COUNT.toLocaleString('en')} messages (load scenario, rate 0), login to last message, median of ${RUNS} run(s)`);
    console.log(`  bare cometd client       ${baseMs.toFixed(0)} ms  ${rate(baseMs)}`);
    console.log(`  full pipeline            ${pipeMs.toFixed(0)} ms  ${rate(pipeMs)}`);
    console.log(`  ratio pipeline/bare      ${ratio.toFixed(3)}  (target >= 0.9) ${ratio >= 0.9 ? 'PASS' : 'FAIL'}`);
    console.log(cpuLine('bare', baselines));
    console.log(cpuLine('pipeline', pipelines));
    // With every core busy, the wall-clock ratio follows the CPU all processes spend per message.
    const cpuOf = (runs: Run[]): number => median(runs.map((r) => r.client + r.host + r.sim));
    console.log(`  CPU ratio bare/pipeline  ${(cpuOf(baselines) / cpuOf(pipelines)).toFixed(3)}  (CPU of client, host and simulator per message)`);
    console.log(`  host event-loop util.    ${(elu * 100).toFixed(1)}%`);
    console.log(`  journaled from bytes     ${((median(pipelines.map((p) => p.copied)) / COUNT) * 100).toFixed(1)}% of messages (the rest serialized)`);
    console.log(`  host heap per message    ${heap.toFixed(1)} B after ${COUNT.toLocaleString('en')}  (target <= 200) ${heap <= 200 ? 'PASS' : 'FAIL'}`);
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
