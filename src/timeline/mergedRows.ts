import { Growable } from '../util/growable';
import type { ScanOptions } from './textSearch';

/**
 * The rows of a view across sessions: each session's own rows (a part: scope and filter matched on
 * its tracker) merged by received time, ties by part then row, so the order is a function of the
 * rows alone: growing parts and merging again gives what one merge of everything gives. The merge
 * is incremental: an update merges only the rows the parts gained, usually all later than what is
 * merged; a row received earlier than the last merged one (another connection's batch arriving
 * late) re-merges only the suffix after its place, and the update says where the order changed.
 * One part passes straight through: a single session's view costs nothing more than before.
 */

/** What a part must offer: a growing, ordered list of tracker rows (ViewRows has it). */
export interface PartRows {
  readonly total: number;
  rowAt(i: number): number;
  indexOfRow(row: number): number;
  update(options?: ScanOptions): Promise<number>;
}

/** One session's share of the merge. */
export interface MergePart {
  rows: PartRows;
  /** When tracker row `row` was received (epoch ms). */
  timeOf(row: number): number;
}

/** What an update did: rows added, and the first position whose row changed (the old total when rows were only appended). */
export interface MergeUpdate {
  added: number;
  changedFrom: number;
}

/** Rows per part a merge may name; an entry packs part and row in one double. */
const ROW_SPAN = 2 ** 32;
/** Entries merged between two yields to the event loop. */
const YIELD_EVERY = 1 << 17;

/** The merged rows; see the module comment. */
export class MergedRows {
  private readonly merged = new Growable((n) => new Float64Array(n), 0);
  private readonly taken: number[];
  private updating: Promise<MergeUpdate> = Promise.resolve({ added: 0, changedFrom: 0 });

  constructor(readonly parts: readonly MergePart[]) {
    if (parts.length === 0) throw new Error('a merged view needs at least one part');
    if (parts.length >= 2 ** 16) throw new Error('too many parts to merge');
    this.taken = parts.map(() => 0);
  }

  /** Rows in the view. */
  get total(): number {
    return this.parts.length === 1 ? this.parts[0].rows.total : this.merged.length;
  }

  /** The part of view position `i`. */
  partAt(i: number): number {
    return this.parts.length === 1 ? 0 : Math.floor(this.merged.at(i) / ROW_SPAN);
  }

  /** The tracker row (of its part's session) at view position `i`. */
  rowAt(i: number): number {
    return this.parts.length === 1 ? this.parts[0].rows.rowAt(i) : this.merged.at(i) % ROW_SPAN;
  }

  /** The view position of `row` of part `part`, or -1. */
  indexOf(part: number, row: number): number {
    if (this.parts.length === 1) return part === 0 ? this.parts[0].rows.indexOfRow(row) : -1;
    if (part < 0 || part >= this.parts.length || this.parts[part].rows.indexOfRow(row) < 0) return -1;
    const entry = part * ROW_SPAN + row;
    const at = this.lowerBound(entry, 0, this.merged.length);
    return at < this.merged.length && this.merged.at(at) === entry ? at : -1;
  }

  /** Matches the parts' new rows and merges them in; updates run one after another. */
  update(options: ScanOptions = {}): Promise<MergeUpdate> {
    const next = this.updating.then(() => this.updateNow(options));
    this.updating = next.catch(() => ({ added: 0, changedFrom: this.total }));
    return next;
  }

  private async updateNow(options: ScanOptions): Promise<MergeUpdate> {
    const before = this.total;
    // Each part scans on its own (one search worker per session); progress is their sum.
    const progress = this.parts.map(() => [0, 0]);
    const report = options.onProgress;
    await Promise.all(this.parts.map((p, i) => p.rows.update({
      signal: options.signal,
      onProgress: report && ((done, total) => {
        progress[i] = [done, total];
        report(progress.reduce((n, [d]) => n + d, 0), progress.reduce((n, [, t]) => n + t, 0));
      }),
    })));
    if (this.parts.length === 1) return { added: this.total - before, changedFrom: before };
    if (options.signal?.aborted) return { added: 0, changedFrom: before };
    const fresh = await this.freshEntries();
    if (fresh.entries.length === 0) return { added: 0, changedFrom: before };
    // Everything merged at or before the earliest new entry stays; only the suffix after it moves.
    const from = this.upperBound(fresh.entries[0], 0, before);
    const suffix = this.merged.data.slice(from, before);
    const suffixTimes = suffix.map((e) => this.timeOf(e));
    this.merged.reserve(before + fresh.entries.length);
    const out = this.merged.data;
    const { entries, times } = fresh;
    let i = 0;
    let j = 0;
    let k = from;
    while (i < suffix.length && j < entries.length) out[k++] = times[j] < suffixTimes[i] || (times[j] === suffixTimes[i] && entries[j] < suffix[i]) ? entries[j++] : suffix[i++];
    while (i < suffix.length) out[k++] = suffix[i++];
    while (j < entries.length) out[k++] = entries[j++];
    this.merged.length = k;
    return { added: entries.length, changedFrom: from };
  }

  /**
   * The parts' rows not merged yet, in entry order: a k-way merge of each part's run on received
   * times read once; a long merge (opening All sessions on big captures) lets the host breathe.
   */
  private async freshEntries(): Promise<{ entries: Float64Array; times: Float64Array }> {
    const runs: Array<{ entries: Float64Array; times: Float64Array }> = [];
    this.parts.forEach((p, part) => {
      const count = p.rows.total - this.taken[part];
      if (count <= 0) return;
      const run = new Float64Array(count);
      for (let i = 0; i < count; i++) run[i] = part * ROW_SPAN + p.rows.rowAt(this.taken[part] + i);
      this.taken[part] = p.rows.total;
      const entries = this.sorted(run);
      runs.push({ entries, times: entries.map((e) => this.timeOf(e)) });
    });
    const n = runs.reduce((sum, r) => sum + r.entries.length, 0);
    const entries = new Float64Array(n);
    const times = new Float64Array(n);
    const heads = runs.map(() => 0);
    for (let k = 0; k < n; k++) {
      let best = -1;
      let bestTime = 0;
      let bestEntry = 0;
      for (let r = 0; r < runs.length; r++) {
        const h = heads[r];
        if (h >= runs[r].entries.length) continue;
        const t = runs[r].times[h];
        const e = runs[r].entries[h];
        if (best < 0 || t < bestTime || (t === bestTime && e < bestEntry)) (best = r), (bestTime = t), (bestEntry = e);
      }
      entries[k] = bestEntry;
      times[k] = bestTime;
      heads[best]++;
      if (k % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    return { entries, times };
  }

  /** A run in key order: as it is when received times never go back (the usual case), else sorted. */
  private sorted(run: Float64Array): Float64Array {
    for (let i = 1; i < run.length; i++) if (this.less(run[i], run[i - 1])) return Float64Array.from([...run].sort((a, b) => (this.less(a, b) ? -1 : this.less(b, a) ? 1 : 0)));
    return run;
  }

  /** When the row of entry `e` was received. */
  private timeOf(e: number): number {
    return this.parts[Math.floor(e / ROW_SPAN)].timeOf(e % ROW_SPAN);
  }

  /** Entry order: received time, then part, then row. */
  private less(a: number, b: number): boolean {
    const ta = this.timeOf(a);
    const tb = this.timeOf(b);
    return ta !== tb ? ta < tb : a < b;
  }

  /** First position in [lo, hi) whose entry is not less than `entry`. */
  private lowerBound(entry: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.less(this.merged.at(mid), entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position in [lo, hi) whose entry comes after `entry`. */
  private upperBound(entry: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.less(entry, this.merged.at(mid))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
