import { open, type FileHandle } from 'node:fs/promises';
import { readBytesAt } from '../capture/journalFile';
import { Growable } from '../util/growable';

/**
 * The text search's scanning half, run in the search worker (searchWorker.ts): the journal's bytes
 * are read in line-aligned chunks (the host chooses them, about 8 MB each), held as one-byte
 * (latin1) strings, and searched with a compiled regex, which V8 runs as native code at several
 * hundred MB/s. Closed chunks are cached up to a byte budget, so a capture that fits is read from
 * disk once and later filters only run the regex. Nothing here blocks the extension host.
 */

/** What the host asks of the worker. */
export type ScanRequest =
  | {
      type: 'search';
      id: number;
      source: string;
      flags: string;
      /** [start byte, end byte, closed (1/0)] per chunk, ascending. */
      chunks: Float64Array;
      /** Offsets and lengths of the rows to test, ascending. */
      offsets: Float64Array;
      lengths: Uint32Array;
    }
  | { type: 'cancel'; id: number }
  /** Closed chunks ([start, end] pairs) to read into the cache while nothing else runs. */
  | { type: 'warm'; chunks: Float64Array };

/** What the worker answers. `hits` are positions in the request's row list, ascending (undefined: cancelled). */
export type ScanReply =
  | { type: 'result'; id: number; hits: Int32Array | undefined; cachedBytes: number }
  | { type: 'error'; id: number; message: string }
  | { type: 'warmed'; cachedBytes: number };

/** Below this many rows in an uncached chunk, the rows are read one by one instead of the chunk. */
const SPARSE_ROWS = 64;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The worker's journal: the open file and the cache of closed chunks, keyed by start byte. */
export class TextScanner {
  private handle: Promise<FileHandle> | undefined;
  private readonly cache = new Map<number, Piece[]>();
  private cachedBytes = 0;
  private scratch: Buffer | undefined;
  private reading: Promise<unknown> = Promise.resolve();
  private readonly running = new Set<number>();
  private readonly cancelled = new Set<number>();

  constructor(private readonly path: string, private readonly budget: number) {}

  /** Bytes of journal text held. */
  get cachedSize(): number {
    return this.cachedBytes;
  }

  /** Marks search `id` as superseded: it stops at its next chunk (a finished one is left alone). */
  cancel(id: number): void {
    if (this.running.has(id)) this.cancelled.add(id);
  }

  /** Answers one request through `reply`. */
  async answer(request: ScanRequest, reply: (m: ScanReply) => void): Promise<void> {
    if (request.type === 'cancel') return this.cancel(request.id);
    if (request.type === 'warm') {
      // A journal that cannot be read now stops the warming; searches report their own errors.
      await this.warm(request.chunks).catch(() => undefined);
      return reply({ type: 'warmed', cachedBytes: this.cachedBytes });
    }
    this.running.add(request.id);
    try {
      const hits = await this.search(request);
      reply({ type: 'result', id: request.id, hits, cachedBytes: this.cachedBytes });
    } catch (err) {
      reply({ type: 'error', id: request.id, message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.running.delete(request.id);
      this.cancelled.delete(request.id);
    }
  }

  /** Positions (in the request's rows) of the rows whose line matches; undefined once cancelled. */
  async search(req: Extract<ScanRequest, { type: 'search' }>): Promise<Int32Array | undefined> {
    const pattern = new RegExp(req.source, req.flags.includes('g') ? req.flags : `${req.flags}g`);
    const { offsets, lengths, chunks } = req;
    const n = offsets.length;
    const hits = new Growable((size) => new Int32Array(size));
    let r = 0;
    for (let c = 0; c * 3 < chunks.length && r < n; c++) {
      const start = chunks[c * 3];
      const end = chunks[c * 3 + 1];
      // Rows before this chunk (none when the host's chunks cover them) are read one by one.
      let r0 = r;
      while (r0 < n && offsets[r0] < start) r0++;
      if (r0 > r) await this.readEach(pattern, req, r, r0, hits);
      let r1 = r0;
      while (r1 < n && offsets[r1] < end) r1++;
      r = r1;
      if (r1 === r0) continue;
      const text = this.cache.get(start) ?? (isDense(lengths, r0, r1, end - start) ? await this.load(start, end, chunks[c * 3 + 2] === 1) : undefined);
      if (text === undefined) await this.readEach(pattern, req, r0, r1, hits);
      else scanPieces(text, pattern, offsets, lengths, r0, r1, hits);
      // Let a cancel in, even when every chunk came from the cache.
      await nextTurn();
      if (this.cancelled.has(req.id)) return undefined;
    }
    if (r < n) await this.readEach(pattern, req, r, n, hits);
    return this.cancelled.has(req.id) ? undefined : hits.view().slice();
  }

  /** Reads closed chunks into the cache, in order, until the budget is full. */
  async warm(chunks: Float64Array): Promise<void> {
    for (let c = 0; c + 1 < chunks.length; c += 2) {
      if (this.cache.has(chunks[c])) continue;
      if (this.cachedBytes + (chunks[c + 1] - chunks[c]) > this.budget) return;
      await this.load(chunks[c], chunks[c + 1], true);
    }
  }

  /** Closes the file and drops the cache. */
  async dispose(): Promise<void> {
    this.cache.clear();
    this.cachedBytes = 0;
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }

  /** Tests rows [r0, r1) one line at a time. */
  private async readEach(pattern: RegExp, req: Extract<ScanRequest, { type: 'search' }>, r0: number, r1: number, hits: Growable<Int32Array>): Promise<void> {
    const file = await this.file();
    for (let i = r0; i < r1; i++) {
      pattern.lastIndex = 0;
      if (pattern.test((await readBytesAt(file, req.offsets[i], req.lengths[i])).toString('latin1'))) hits.push(i);
    }
  }

  /** The text of bytes [start, end); kept when the chunk is closed and the budget allows. */
  private async load(start: number, end: number, closed: boolean): Promise<Piece[]> {
    const cached = this.cache.get(start);
    if (cached !== undefined) return cached;
    const pieces = await this.readText(start, end);
    if (closed && !this.cache.has(start) && this.cachedBytes + (end - start) <= this.budget) {
      this.cache.set(start, pieces);
      this.cachedBytes += end - start;
    }
    return pieces;
  }

  /**
   * The latin1 text of bytes [start, end) in pieces, read through one scratch buffer (only the
   * text outlives the read, so scanning a capture leaves no buffer per chunk behind); reads take turns.
   */
  private readText(start: number, end: number): Promise<Piece[]> {
    const read = this.reading.then(async () => {
      if (!this.scratch || this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(Math.max(end - start, 1 << 20));
      const buf = await readBytesAt(await this.file(), start, end - start, this.scratch);
      return linePieces(buf, start);
    });
    this.reading = read.then(
      () => undefined,
      () => undefined,
    );
    return read;
  }

  private file(): Promise<FileHandle> {
    if (!this.handle) {
      const opening = open(this.path, 'r');
      // A failed open (the journal is not there yet) is tried again by the next request.
      opening.catch(() => this.handle === opening && (this.handle = undefined));
      this.handle = opening;
    }
    return this.handle;
  }
}

/** Text of a chunk, cut after a newline, with the file offset it starts at. */
export interface Piece {
  base: number;
  text: string;
}

/**
 * Node turns a latin1 decode longer than about 1 MB into an external string, memory the worker's
 * heap limit does not see and its GC frees late; pieces below that stay in the heap, so the
 * transient text of a scan is collected as the scan goes and the host's RSS stays near the budget.
 */
const PIECE_BYTES = 512 * 1024;

/** `buf` (file bytes from offset `base`) as latin1 pieces of at most PIECE_BYTES, each ending after a newline (a longer line is one piece). */
export function linePieces(buf: Buffer, base: number): Piece[] {
  const pieces: Piece[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let end = Math.min(pos + PIECE_BYTES, buf.length);
    if (end < buf.length) {
      let nl = buf.lastIndexOf(10, end - 1);
      if (nl < pos) nl = buf.indexOf(10, end);
      end = nl < 0 ? buf.length : nl + 1;
    }
    pieces.push({ base: base + pos, text: buf.toString('latin1', pos, end) });
    pos = end;
  }
  return pieces;
}

/** Tests rows [r0, r1) (in file order) against a chunk's pieces: no line spans two pieces. */
export function scanPieces(pieces: readonly Piece[], pattern: RegExp, offsets: Float64Array, lengths: Uint32Array, r0: number, r1: number, hits: Growable<Int32Array>): void {
  let r = r0;
  for (const piece of pieces) {
    const end = piece.base + piece.text.length;
    let e = r;
    while (e < r1 && offsets[e] < end) e++;
    if (e > r) scanChunk(piece.text, piece.base, pattern, offsets, lengths, r, e, hits);
    r = e;
    if (r >= r1) return;
  }
}

/** True when rows [r0, r1) are worth reading their whole chunk of `bytes` for. */
function isDense(lengths: Uint32Array, r0: number, r1: number, bytes: number): boolean {
  if (r1 - r0 >= SPARSE_ROWS) return true;
  let sum = 0;
  for (let i = r0; i < r1; i++) sum += lengths[i];
  return sum * 4 >= bytes;
}

/**
 * Tests rows [r0, r1) against the chunk text that starts at byte `base`: one regex run over the
 * chunk, each match mapped to its row, then resumed at the next row (one hit per row).
 */
export function scanChunk(text: string, base: number, pattern: RegExp, offsets: Float64Array, lengths: Uint32Array, r0: number, r1: number, hits: Growable<Int32Array>): void {
  const limit = offsets[r1 - 1] + lengths[r1 - 1] - base;
  let k = r0;
  pattern.lastIndex = offsets[k] - base;
  for (let m = pattern.exec(text); m !== null && m.index < limit; m = pattern.exec(text)) {
    const at = base + m.index;
    while (k + 1 < r1 && offsets[k + 1] <= at) k++;
    if (at < offsets[k] + lengths[k]) hits.push(k);
    // A match between the rows asked about (another row's line) only moves the scan on.
    if (++k >= r1) return;
    pattern.lastIndex = offsets[k] - base;
  }
}
