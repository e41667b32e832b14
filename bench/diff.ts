/**
 * Row 4 of `npm run bench`: the successive-state diff of one resource (CaptureSession.diffAt:
 * both sides read from the journal by offset, parsed, normalized, diffed with jsondiffpatch and
 * summarized) against the baseline, JSON.parse of one of the two messages (its text
 * already in memory). Also printed: the ratio to reading that message from the journal and
 * parsing it, and the diff of already parsed states alone. The journal is the simulator's demo
 * scenario, looped, written by the real JournalWriter (calls, devices, chats).
 * Usage: bench/diff.ts [--count 20000] [--runs 3]
 */
import { performance } from 'node:perf_hooks';
import { JournalFile } from '../src/capture/journalFile';
import { diffStates } from '../src/diff/stateDiff';
import type { ResourceKind } from '../src/model/gwsTypes';
import { OfflineSession } from '../src/session/offlineSession';
import { tempDir } from '../test/support/harness';
import { writeDemoCapture } from './demoCapture';
import { median, numberArg, printFigures } from './benchSupport';

const COUNT = numberArg('--count', 20_000);
const RUNS = numberArg('--runs', 3);

interface Pair {
  kind: ResourceKind;
  id: string;
  seq: number;
  offset: number;
  length: number;
}

/** Every (resource, seq) whose record holds a state of the resource and has a previous one. */
function pairsOf(session: OfflineSession): Pair[] {
  const pairs: Pair[] = [];
  const t = session.tracker;
  for (const kind of ['call', 'chat', 'device'] as const) {
    for (const r of t.resources(kind)) {
      const seqs = t.seqsOf(kind, r.id);
      for (let i = 1; i < seqs.length; i++) {
        const entry = t.entryAt(seqs[i]);
        if (!entry || entry.rec === 'event' || entry.messageType === 'MessageLogUpdated') continue;
        if (t.previousSeq(kind, r.id, seqs[i], (v) => v.messageType !== 'MessageLogUpdated') === undefined) continue;
        pairs.push({ kind, id: r.id, seq: seqs[i], offset: entry.offset, length: entry.length });
      }
    }
  }
  return pairs;
}

/** µs per pair of `fn` over every pair, one pair at a time (journal reads are asynchronous). */
async function perPair<P extends Pair>(pairs: P[], fn: (p: P) => unknown): Promise<number> {
  let sink = 0;
  const t0 = performance.now();
  for (const p of pairs) if ((await fn(p)) !== undefined) sink++;
  const us = ((performance.now() - t0) * 1000) / pairs.length;
  if (sink !== pairs.length) throw new Error(`${pairs.length - sink} pairs gave nothing`);
  return us;
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-diff-');
  try {
    const path = writeDemoCapture(tmp.dir, COUNT);
    const session = await OfflineSession.open(path);
    const journal = new JournalFile(path);
    const pairs = pairsOf(session);
    const texts = await Promise.all(pairs.map((p) => journal.readRaw(p.offset, p.length)));
    const indexed = pairs.map((p, i) => ({ ...p, i }));
    type Indexed = (typeof indexed)[number];
    const parseOnly = (p: Indexed): unknown => JSON.parse(texts[p.i]);
    const readParse = async (p: Pair): Promise<unknown> => JSON.parse(await journal.readRaw(p.offset, p.length));
    const diff = (p: Pair): Promise<unknown> => session.diffAt(p.kind, p.id, p.seq);
    // The diff alone, on states already parsed: what the walk, jsondiffpatch and the summary cost.
    const states = await Promise.all(pairs.map(async (p) => {
      const prev = session.tracker.previousSeq(p.kind, p.id, p.seq, (v) => v.messageType !== 'MessageLogUpdated')!;
      return { before: await session.stateAt(p.kind, p.id, prev), after: await session.stateAt(p.kind, p.id, p.seq) };
    }));
    const diffOnly = (p: Indexed): unknown => diffStates(states[p.i].before, states[p.i].after);
    await perPair(indexed, parseOnly);
    await perPair(pairs, readParse);
    await perPair(pairs, diff); // warm-up: JIT and page cache
    const runs: Array<{ parse: number; readParse: number; diff: number; diffOnly: number }> = [];
    for (let r = 0; r < RUNS; r++) {
      const parse = await perPair(indexed, parseOnly);
      const rp = await perPair(pairs, readParse);
      const d = await perPair(pairs, diff);
      const only = await perPair(indexed, diffOnly);
      runs.push({ parse, readParse: rp, diff: d, diffOnly: only });
      console.log(`  run ${r + 1}: diffAt ${d.toFixed(1)} µs/pair; JSON.parse of one message ${parse.toFixed(1)} µs (ratio ${(d / parse).toFixed(2)}), read + parse ${rp.toFixed(1)} µs (ratio ${(d / rp).toFixed(2)}); diff of parsed states alone ${only.toFixed(1)} µs`);
    }
    const parse = median(runs.map((r) => r.parse));
    const rp = median(runs.map((r) => r.readParse));
    const d = median(runs.map((r) => r.diff));
    const only = median(runs.map((r) => r.diffOnly));
    const bytes = pairs.reduce((s, p) => s + p.length, 0) / pairs.length;
    console.log(`successive-state diff over ${pairs.length.toLocaleString('en')} pairs (demo journal of ${COUNT.toLocaleString('en')} messages, ${bytes.toFixed(0)} B per message), median of ${RUNS}: ${d.toFixed(1)} µs per pair vs ${parse.toFixed(1)} µs per JSON.parse, ratio ${(d / parse).toFixed(2)} (target <= 3); vs read + parse ${rp.toFixed(1)} µs, ratio ${(d / rp).toFixed(2)}; diff alone ${only.toFixed(1)} µs`);
    printFigures({ diffUs: d, parseUs: parse, readParseUs: rp, diffOnlyUs: only, ratio: d / parse, pairs: pairs.length, bytesPerMessage: bytes, count: COUNT, runs: RUNS });
    journal.close();
    session.dispose();
  } finally {
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
