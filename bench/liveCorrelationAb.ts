/**
 * `bench/ingest.ts --correlate-ab`: the cost of live correlation (issue 13) on row 1's pipeline. Both
 * variants receive the same stream and send the same operations (a Hold on the newest call every
 * OPS_EVERY messages, answered `{"statusCode":0}` by the simulator's ignore-operations fault, so each
 * one is accepted and its expected effect searched for and never found); only the "with" variant
 * reads the outcomes after every index batch, as the tree and the timeline do, through the
 * OutcomeCache that coalesces correlate(). Runs alternate with / without after one bare baseline
 * each; the medians' ratios against the bare client are compared.
 */
import type { ConnectionHost } from '../src/connection/connectionHost';
import { OutcomeCache } from '../src/operations/outcomeCache';
import { buildRequest } from '../src/operations/operationRequest';
import type { ResourceTracker } from '../src/tracker/resourceTracker';
import { printFigures } from './benchSupport';
import type { PipelineRun, Run } from './ingest';

/** One operation per this many messages. */
const OPS_EVERY = 1000;

/** What a pipeline run lets a variant do: start (the host, its tracker, the simulator) and each index batch. */
export interface PipelineHooks {
  started?(host: ConnectionHost, tracker: ResourceTracker, simUrl: string): void;
  batch?(tracker: ResourceTracker): void;
}

/** What the A/B needs of bench/ingest.ts. */
export interface AbDeps {
  count: number;
  runs: number;
  dir: string;
  bare: string;
  runBaseline(script: string): Promise<Run>;
  runPipeline(dir: string, i: number, script: string | undefined, hooks: PipelineHooks): Promise<PipelineRun>;
  median(values: number[]): number;
}

/** The hooks of one variant; `stats` collects what it did. */
function variant(correlating: boolean, stats: { sent: number; answered: number; computations: number; outcomes: number }): PipelineHooks {
  let host: ConnectionHost | undefined;
  let cache: OutcomeCache | undefined;
  let next = OPS_EVERY;
  return {
    started(h, tracker, simUrl) {
      host = h;
      if (correlating) cache = new OutcomeCache({ tracker: () => tracker, live: () => true });
      void fetch(`${simUrl}/sim/fault`, { method: 'POST', body: JSON.stringify({ kind: 'ignore-operations', operations: ['Hold'], count: 1_000_000 }) });
    },
    batch(tracker) {
      if (tracker.messageCount >= next) {
        next += OPS_EVERY;
        const calls = tracker.resources('call');
        const call = calls[calls.length - 1];
        if (call && host) {
          stats.sent += 1;
          host.sendOperation(buildRequest({ kind: 'call', id: call.id }, 'Hold')).then((r) => void (r.status === 200 && (stats.answered += 1)), () => undefined);
        }
      }
      if (cache) {
        const view = cache.current();
        stats.outcomes = view.outcomes.length;
        stats.computations = cache.computations;
      }
    },
  };
}

/** Bare client, then the pipeline with and without live correlation in alternating order, `runs` times. */
export async function correlateAb(d: AbDeps): Promise<void> {
  const baselines: Run[] = [];
  const runs: Record<'with' | 'without', PipelineRun[]> = { with: [], without: [] };
  const stats = { with: { sent: 0, answered: 0, computations: 0, outcomes: 0 }, without: { sent: 0, answered: 0, computations: 0, outcomes: 0 } };
  for (let i = 0; i < d.runs; i++) {
    baselines.push(await d.runBaseline(d.bare));
    for (const v of i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      const s = { sent: 0, answered: 0, computations: 0, outcomes: 0 };
      runs[v].push(await d.runPipeline(d.dir, i * 2 + (v === 'with' ? 0 : 1), undefined, variant(v === 'with', s)));
      if (s.sent === 0 || (v === 'with' && s.computations === 0)) throw new Error(`the ${v} run sent ${s.sent} operation(s) and correlated ${s.computations} time(s)`);
      stats[v] = s;
    }
    console.log(`  run ${i + 1}: bare ${baselines[i].ms} ms, with live correlation ${runs.with[i].ms} ms (${stats.with.computations} correlations of up to ${stats.with.outcomes} operations), without ${runs.without[i].ms} ms`);
  }
  const baseMs = d.median(baselines.map((b) => b.ms));
  const ratio = (v: 'with' | 'without'): number => baseMs / d.median(runs[v].map((r) => r.ms));
  const hostCpuUs = (v: 'with' | 'without'): number => (d.median(runs[v].map((r) => r.host)) * 1000) / d.count;
  const figures = {
    count: d.count, runs: d.runs, bareMs: baseMs, withMs: d.median(runs.with.map((r) => r.ms)), withoutMs: d.median(runs.without.map((r) => r.ms)),
    withRatio: ratio('with'), withoutRatio: ratio('without'), drop: ratio('without') - ratio('with'),
    withHostUs: hostCpuUs('with'), withoutHostUs: hostCpuUs('without'), operations: stats.with.sent, computations: stats.with.computations,
  };
  console.log(`live correlation A/B, ${d.count.toLocaleString('en')} messages, an operation every ${OPS_EVERY}, median of ${d.runs} run(s) each`);
  console.log(`  ratio pipeline/bare with live correlation     ${figures.withRatio.toFixed(3)}  (host ${figures.withHostUs.toFixed(2)} µs CPU/msg)`);
  console.log(`  ratio pipeline/bare without                   ${figures.withoutRatio.toFixed(3)}  (host ${figures.withoutHostUs.toFixed(2)} µs CPU/msg)`);
  console.log(`  drop                                          ${figures.drop.toFixed(3)}  (limit 0.03) ${Math.abs(figures.drop) <= 0.03 ? 'PASS' : 'FAIL'}`);
  printFigures(figures);
}
