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
    const fresh = this.freshEntries();
    if (fresh.length === 0) return { added: 0, changedFrom: before };
    // Everything merged at or before the earliest new entry stays; only the suffix after it moves.
    const from = this.upperBound(fresh[0], 0, before);
    const suffix = this.merged.data.slice(from, before);
    this.merged.reserve(before + fresh.length);
    const out = this.merged.data;
    let i = 0;
    let j = 0;
    let k = from;
    while (i < suffix.length && j < fresh.length) out[k++] = this.less(fresh[j], suffix[i]) ? fresh[j++] : suffix[i++];
    while (i < suffix.length) out[k++] = suffix[i++];
    while (j < fresh.length) out[k++] = fresh[j++];
    this.merged.length = k;
    return { added: fresh.length, changedFrom: from };
  }

  /** The parts' rows not merged yet, as sorted entries (each part's run merged with the others'). */
  private freshEntries(): Float64Array {
    const runs: Float64Array[] = [];
    this.parts.forEach((p, part) => {
      const total = p.rows.total;
      const run = new Float64Array(total - this.taken[part]);
      for (let i = 0; i < run.length; i++) run[i] = part * ROW_SPAN + p.rows.rowAt(this.taken[part] + i);
      this.taken[part] = total;
      if (run.length > 0) runs.push(this.sorted(run));
    });
    let merged = runs.shift() ?? new Float64Array(0);
    for (const run of runs) merged = this.mergeTwo(merged, run);
    return merged;
  }

  /** A run in key order: as it is when received times never go back (the usual case), else sorted. */
  private sorted(run: Float64Array): Float64Array {
    for (let i = 1; i < run.length; i++) if (this.less(run[i], run[i - 1])) return Float64Array.from([...run].sort((a, b) => (this.less(a, b) ? -1 : this.less(b, a) ? 1 : 0)));
    return run;
  }

  private mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
    const out = new Float64Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length && j < b.length) out[k++] = this.less(b[j], a[i]) ? b[j++] : a[i++];
    while (i < a.length) out[k++] = a[i++];
    while (j < b.length) out[k++] = b[j++];
    return out;
  }

  /** Entry order: received time, then part, then row. */
  private less(a: number, b: number): boolean {
    const pa = Math.floor(a / ROW_SPAN);
    const pb = Math.floor(b / ROW_SPAN);
    const ta = this.parts[pa].timeOf(a % ROW_SPAN);
    const tb = this.parts[pb].timeOf(b % ROW_SPAN);
    if (ta !== tb) return ta < tb;
    return a < b;
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
