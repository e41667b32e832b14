import { closeSync, openSync, readSync } from 'node:fs';
import { Growable } from '../util/growable';
import type { RowFacts } from './rowFacts';

/**
 * Text filter over the journal itself: the journal's bytes are read in line-aligned chunks of
 * about 8 MB, held as one-byte (latin1) strings, and searched with a compiled regex, which V8 runs
 * as native code at several hundred MB/s. Closed chunks are cached up to a byte budget, so a
 * capture that fits is read from disk once and later filters only run the regex.
 */

const CHUNK_BYTES = 8 * 1024 * 1024;
/** Default cache budget: a capture of about 250k messages stays entirely in memory. */
export const DEFAULT_TEXT_BUDGET = 256 * 1024 * 1024;
/** Below this many candidate rows, lines are read one by one instead of scanning chunks. */
const SPARSE_ROWS = 20_000;

/**
 * A global regex matching `text` as it appears in a JSON line: JSON-escaped, UTF-8 encoded, each
 * byte one latin1 character, ASCII letters in either case. Undefined for blank text.
 */
export function textPattern(text: string): RegExp | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const bytes = Buffer.from(JSON.stringify(trimmed).slice(1, -1), 'utf8');
  let source = '';
  for (const b of bytes) {
    const lower = b | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) source += `[${String.fromCharCode(lower - 32)}${String.fromCharCode(lower)}]`;
    else source += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return new RegExp(source, 'g');
}

/** Text search over one journal; see the module comment. */
export class JournalText {
  private fd: number;
  /** Row where each chunk starts; the last chunk is open (still growing) unless closedUpTo says otherwise. */
  private readonly starts: number[] = [0];
  private readonly cache = new Map<number, string>();
  private cachedBytes = 0;

  /** Opens `path` for reading; `facts` gives row offsets and must be in file order. */
  constructor(path: string, private readonly facts: RowFacts, private readonly budget = DEFAULT_TEXT_BUDGET) {
    this.fd = openSync(path, 'r');
  }

  /** Rows in [from, to) whose line matches `pattern`, ascending. */
  search(pattern: RegExp, from = 0, to = this.facts.count): Int32Array {
    if (!this.facts.inFileOrder) return this.filter(pattern, range(from, to));
    const hits = new Growable((n) => new Int32Array(n));
    for (const [c, r0, r1] of this.chunks(from, to)) this.searchChunk(c, r0, r1, pattern, hits);
    return hits.view().slice();
  }

  /**
   * search() that yields to the event loop between chunks, so a capture larger than the cache
   * never blocks the extension host for long; undefined once `stale()` says a newer query won.
   */
  async searchAsync(pattern: RegExp, from: number, to: number, stale: () => boolean, onProgress?: (done: number, total: number) => void): Promise<Int32Array | undefined> {
    if (!this.facts.inFileOrder) return this.filter(pattern, range(from, to));
    const hits = new Growable((n) => new Int32Array(n));
    for (const [c, r0, r1] of this.chunks(from, to)) {
      if (!this.cache.has(c)) await new Promise<void>((resolve) => setImmediate(resolve));
      if (stale()) return undefined;
      this.searchChunk(c, r0, r1, pattern, hits);
      onProgress?.(r1 - from, to - from);
    }
    return hits.view().slice();
  }

  /** The candidate rows (ascending) whose line matches; reads lines one by one when few, else scans. */
  filter(pattern: RegExp, candidates: ArrayLike<number>): Int32Array {
    if (candidates.length === 0) return new Int32Array(0);
    if (candidates.length > SPARSE_ROWS && this.facts.inFileOrder) {
      const hits = this.search(pattern, candidates[0], candidates[candidates.length - 1] + 1);
      return intersect(candidates, hits);
    }
    return this.readEach(pattern, candidates);
  }

  /** filter() that scans asynchronously when the candidates are many (see searchAsync). */
  async filterAsync(pattern: RegExp, candidates: ArrayLike<number>, stale: () => boolean, onProgress?: (done: number, total: number) => void): Promise<Int32Array | undefined> {
    if (candidates.length <= SPARSE_ROWS || !this.facts.inFileOrder) return this.filter(pattern, candidates);
    const hits = await this.searchAsync(pattern, candidates[0], candidates[candidates.length - 1] + 1, stale, onProgress);
    return hits && intersect(candidates, hits);
  }

  private readEach(pattern: RegExp, candidates: ArrayLike<number>): Int32Array {
    const out = new Growable((n) => new Int32Array(n));
    for (let i = 0; i < candidates.length; i++) {
      const row = candidates[i];
      pattern.lastIndex = 0;
      if (pattern.test(this.read(this.facts.offsets.at(row), this.facts.lengths.at(row)))) out.push(row);
    }
    return out.view().slice();
  }

  /** [chunk, first row, end row] for every chunk overlapping rows [from, to). */
  private *chunks(from: number, to: number): Generator<[number, number, number]> {
    this.closeChunks(to);
    for (let c = this.chunkOf(from); c < this.starts.length && this.starts[c] < to; c++) {
      const r0 = Math.max(this.starts[c], from);
      const r1 = Math.min(this.chunkEnd(c), to);
      if (r0 < r1) yield [c, r0, r1];
    }
  }

  /** Reads and caches the next uncached closed chunk, if the budget allows; false when there is nothing left to do. */
  warmOne(): boolean {
    this.closeChunks(this.facts.count);
    for (let c = 0; c < this.starts.length - 1; c++) {
      if (this.cache.has(c)) continue;
      return this.chunkText(c, this.starts[c], this.chunkEnd(c)) !== undefined && this.cache.has(c);
    }
    return false;
  }

  /** Bytes of journal text held in memory. */
  get cachedSize(): number {
    return this.cachedBytes;
  }

  /** Closes the file and drops the cache; idempotent. */
  dispose(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private searchChunk(c: number, r0: number, r1: number, pattern: RegExp, hits: Growable<Int32Array>): void {
    const { offsets, lengths } = this.facts;
    const base = offsets.at(this.starts[c]);
    const text = this.chunkText(c, this.starts[c], r1);
    if (text === undefined) return;
    const limit = offsets.at(r1 - 1) + lengths.at(r1 - 1) - base;
    pattern.lastIndex = offsets.at(r0) - base;
    for (let m = pattern.exec(text); m !== null && m.index < limit; m = pattern.exec(text)) {
      const row = this.facts.rowAtByte(base + m.index, r0, r1);
      if (row < 0) {
        pattern.lastIndex = m.index + 1;
        continue;
      }
      hits.push(row);
      pattern.lastIndex = offsets.at(row) + lengths.at(row) - base;
    }
  }

  /** Extends the chunk list so rows below `to` are covered; chunks close once they hold CHUNK_BYTES. */
  private closeChunks(to: number): void {
    const { offsets, lengths } = this.facts;
    for (;;) {
      const start = this.starts[this.starts.length - 1];
      if (start >= to) return;
      const limit = offsets.at(start) + CHUNK_BYTES;
      // The first row whose end passes the limit closes the chunk after it.
      let lo = start;
      let hi = to;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (offsets.at(mid) + lengths.at(mid) <= limit) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= to) return;
      this.starts.push(Math.max(lo + 1, start + 1));
    }
  }

  private chunkOf(row: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] <= row) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  /** One past the last row of chunk `c` (the open chunk ends at the rows known now). */
  private chunkEnd(c: number): number {
    return c + 1 < this.starts.length ? this.starts[c + 1] : this.facts.count;
  }

  /** The latin1 text of chunk `c` from its first row through row `end - 1`; cached when the chunk is closed. */
  private chunkText(c: number, first: number, end: number): string | undefined {
    const cached = this.cache.get(c);
    if (cached !== undefined) return cached;
    const { offsets, lengths } = this.facts;
    const closed = c + 1 < this.starts.length;
    const last = closed ? this.chunkEnd(c) - 1 : end - 1;
    if (last < first) return undefined;
    const start = offsets.at(first);
    const text = this.read(start, offsets.at(last) + lengths.at(last) - start);
    if (closed && this.cachedBytes + text.length <= this.budget) {
      this.cache.set(c, text);
      this.cachedBytes += text.length;
    }
    return text;
  }

  private read(offset: number, length: number): string {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return buf.toString('latin1', 0, got);
  }
}

function range(from: number, to: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Values present in both ascending lists. */
export function intersect(a: ArrayLike<number>, b: ArrayLike<number>): Int32Array {
  const out = new Growable((n) => new Int32Array(n));
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out.push(a[i]);
      i++;
      j++;
    }
  }
  return out.view().slice();
}
