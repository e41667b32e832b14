/**
 * `npm run bench:ingest`: the full pipeline (connection process → journal → host index and
 * tracker) against the bare cometd client on the same simulator stream, in one run. Not a test:
 * it prints figures and ratios. Usage: bench/ingest.ts [--count N] [--runs R]
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { ConnectionHost } from '../src/connection/connectionHost';
import { spawnSimulator } from '../src/simulator/spawnSimulator';
import { ResourceTracker } from '../src/tracker/resourceTracker';
import { tempDir } from '../test/support/harness';

const REPO = join(__dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('--count', 200_000);
const RUNS = arg('--runs', 1);
const SIM = { scenario: 'load' as const, rate: 0, count: COUNT, resources: 50, port: 0 };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The bare client, bundled like our own connection process so both run the same cometd code. */
function buildBareClient(outDir: string): string {
  const outfile = join(outDir, 'bareClient.js');
  buildSync({ entryPoints: [join(__dirname, 'bareClient.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, minify: true, logLevel: 'warning' });
  return outfile;
}

async function runBaseline(script: string): Promise<number> {
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), SIM);
  try {
    const start = performance.now();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [script, sim.url, 'agent1', 'secret', String(COUNT)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bare client exited ${code}`))));
    });
    const elapsed = performance.now() - start;
    const { received } = JSON.parse(out) as { received: number };
    if (received !== COUNT) throw new Error(`baseline received ${received}`);
    return elapsed;
  } finally {
    await sim.stop();
  }
}

interface PipelineResult {
  ms: number;
  elu: number;
  heapPerMessage: number;
}

async function runPipeline(dir: string, i: number): Promise<PipelineResult> {
  const sim = await spawnSimulator(join(REPO, 'dist', 'simulator.js'), SIM);
  try {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const tracker = new ResourceTracker();
    const start = performance.now();
    const elu0 = performance.eventLoopUtilization();
    const host = new ConnectionHost({
      processScript: join(REPO, 'dist', 'connection.js'),
      baseUrl: sim.url,
      credentials: { type: 'basic', user: 'agent1', password: 'secret' },
      topics: ['/v2/me/calls'],
      journalPath: join(dir, `pipeline-${i}.ndjson`),
      userLabel: 'agent1',
      toolVersion: 'bench',
    });
    await new Promise<void>((resolve, reject) => {
      host.onDidIndex(({ entries }) => {
        tracker.ingestBatch(entries);
        if (tracker.messageCount >= COUNT) resolve();
      });
      host.ready.catch(reject);
    });
    const ms = performance.now() - start;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    await host.stop();
    global.gc?.();
    const heapPerMessage = (process.memoryUsage().heapUsed - heap0) / tracker.messageCount;
    if (tracker.messageCount !== COUNT) throw new Error(`pipeline tracked ${tracker.messageCount}`);
    return { ms, elu, heapPerMessage };
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit' });
  const tmp = tempDir('gws-bench-');
  try {
    const bare = buildBareClient(tmp.dir);
    const baselines: number[] = [];
    const pipelines: PipelineResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      baselines.push(await runBaseline(bare));
      pipelines.push(await runPipeline(tmp.dir, i));
    }
    const baseMs = median(baselines);
    const pipeMs = median(pipelines.map((p) => p.ms));
    const rate = (ms: number): string => `${Math.round((COUNT * 1000) / ms).toLocaleString('en')} msg/s`;
    const ratio = baseMs / pipeMs;
    const heap = median(pipelines.map((p) => p.heapPerMessage));
    const elu = median(pipelines.map((p) => p.elu));
    console.log(`ingest of ${COUNT.toLocaleString('en')} messages (load scenario, rate 0), median of ${RUNS} run(s)`);
    console.log(`  bare cometd client       ${baseMs.toFixed(0)} ms  ${rate(baseMs)}`);
    console.log(`  full pipeline            ${pipeMs.toFixed(0)} ms  ${rate(pipeMs)}`);
    console.log(`  ratio pipeline/bare      ${ratio.toFixed(3)}  (target >= 0.9) ${ratio >= 0.9 ? 'PASS' : 'FAIL'}`);
    console.log(`  host event-loop util.    ${(elu * 100).toFixed(1)}%`);
    console.log(`  host heap per message    ${heap.toFixed(1)} B after ${COUNT.toLocaleString('en')}  (target <= 200) ${heap <= 200 ? 'PASS' : 'FAIL'}`);
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
