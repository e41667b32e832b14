import type { Worker } from 'node:worker_threads';
import { Growable } from '../util/growable';
import { startWorker } from '../util/workerThread';
import type { RowFacts } from './rowFacts';
import type { ScanReply, ScanRequest } from './textScan';

/**
 * Text filter over the journal itself, run in a worker thread (searchWorker.ts, textScan.ts) that
 * owns the file and a text cache of at most `budget` bytes. The host only chooses the line-aligned
 * chunks (about 8 MB) from the row offsets it holds, hands the worker the rows to test as typed
 * arrays, and maps the positions it gets back to rows: a search over a million records costs the
 * extension host's main thread a few copies of typed arrays, never a read.
 */

/** Chunk size: the cache's unit, and the most text the worker holds at once besides the cache. */
const CHUNK_BYTES = 2 * 1024 * 1024;
/** Chunks per message to the worker: about 16 MB of text, well under a second even from disk. */
const BATCH_CHUNKS = 8;
/** Shortest time between two progress reports of one scan. */
const PROGRESS_MS = 250;
/** Default cache budget (the `gwsNotifications.timeline.textCacheMB` setting's default). */
export const DEFAULT_TEXT_BUDGET = 64 * 1024 * 1024;

/** Where the worker's code is and how much it keeps. */
export interface JournalTextOptions {
  /** Cache budget in bytes (default DEFAULT_TEXT_BUDGET). */
  budget?: number;
  /** The worker's script (default: dist/searchWorker.js beside this bundle). */
  script?: string;
  /** Bytes per chunk (default 8 MB; tests use small ones). */
  chunkBytes?: number;
}

/** How a caller follows, and gives up on, one scan. */
export interface ScanOptions {
  /** Aborting ends the scan in the worker; the promise then resolves to undefined. */
  signal?: AbortSignal;
  /** Rows tested so far of the scan's total, at least once a second while it runs. */
  onProgress?: (done: number, total: number) => void;
}

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

/** The search worker (dist/searchWorker.js beside this bundle, or searchWorker.ts from source). */
function startSearchWorker(path: string, budget: number, script: string | undefined): Worker {
  // A heap just above the budget makes the worker collect each chunk's text soon after its scan
  // instead of letting it pile up: the host's RSS grows by about the budget, not by the capture.
  const options = { workerData: { path, budget }, resourceLimits: { maxOldGenerationSizeMb: Math.ceil(budget / (1024 * 1024)) + 16, maxYoungGenerationSizeMb: 4 } };
  return startWorker(__dirname, 'searchWorker', options, script);
}

interface Pending {
  resolve(hits: Int32Array | undefined): void;
  reject(err: Error): void;
}

/** Text search over one journal; see the module comment. */
export class JournalText {
  private worker: Worker | undefined;
  /** Row where each chunk starts; the last chunk is open (still growing). */
  private readonly starts: number[] = [0];
  private readonly pending = new Map<number, Pending>();
  private readonly warmWaiters: Array<() => void> = [];
  private nextId = 1;
  private cached = 0;
  private warmedChunks = 0;

  /** `facts` gives row offsets and lengths. */
  constructor(private readonly path: string, private readonly facts: RowFacts, private readonly options: JournalTextOptions = {}) {}

  /** Rows in [from, to) whose line matches `pattern`, ascending; undefined when aborted. */
  search(pattern: RegExp, from = 0, to = this.facts.count, options: ScanOptions = {}): Promise<Int32Array | undefined> {
    return this.run(pattern, Math.max(0, to - from), (i) => from + i, options);
  }

  /** The candidate rows (ascending) whose line matches; undefined when aborted. */
  filter(pattern: RegExp, candidates: ArrayLike<number>, options: ScanOptions = {}): Promise<Int32Array | undefined> {
    return this.run(pattern, candidates.length, (i) => candidates[i], options);
  }

  /** Has the worker read the closed chunks not offered yet into its cache (within the budget); resolves when done. */
  warm(): Promise<void> {
    // Nothing to keep: no worker is started for it.
    if (this.options.budget === 0) return Promise.resolve();
    this.closeChunks(this.facts.count);
    const closed = this.starts.length - 1;
    const ranges = new Float64Array(Math.max(0, closed - this.warmedChunks) * 2);
    for (let c = this.warmedChunks, i = 0; c < closed; c++, i += 2) {
      ranges[i] = this.facts.offsets.at(this.starts[c]);
      ranges[i + 1] = this.chunkEndByte(c);
    }
    this.warmedChunks = closed;
    if (ranges.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.warmWaiters.push(resolve);
      this.send({ type: 'warm', chunks: ranges }, [ranges.buffer as ArrayBuffer]);
    });
  }

  /** Bytes of journal text the worker holds, as of its last answer. */
  get cachedSize(): number {
    return this.cached;
  }

  /** Stops the worker (which closes the file and drops the cache); idempotent. */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.settleAll(new Error('the text search was closed'));
  }

  /**
   * Tests rows rowAt(0..n) (ascending) a batch of whole chunks at a time: each batch hands the
   * worker only its own rows' offsets (a few hundred KB, not the capture's), a newer query can
   * abort between batches or within one, and progress is reported after each.
   */
  private async run(pattern: RegExp, n: number, rowAt: (i: number) => number, options: ScanOptions): Promise<Int32Array | undefined> {
    const out = new Growable((size) => new Int32Array(size));
    const ordered = this.facts.inFileOrder;
    let reported = performance.now();
    if (n > 0 && ordered) this.closeChunks(rowAt(n - 1) + 1);
    for (let i = 0; i < n; ) {
      if (options.signal?.aborted) return undefined;
      // Out of file order (never for one journal) the worker reads every row by itself.
      let end = n;
      let chunks: Float64Array = new Float64Array(0);
      if (ordered) {
        const c0 = this.chunkOf(rowAt(i));
        const c1 = Math.min(c0 + BATCH_CHUNKS, this.starts.length);
        if (c1 < this.starts.length) end = firstAtOrAbove(rowAt, i, n, this.starts[c1]);
        chunks = this.chunkRanges(c0, c1, rowAt(end - 1));
      }
      const offsets = new Float64Array(end - i);
      const lengths = new Uint32Array(end - i);
      for (let k = i; k < end; k++) {
        offsets[k - i] = this.facts.offsets.at(rowAt(k));
        lengths[k - i] = this.facts.lengths.at(rowAt(k));
      }
      const hits = await this.ask(pattern, chunks, offsets, lengths, options.signal);
      if (!hits) return undefined;
      for (let h = 0; h < hits.length; h++) out.push(rowAt(i + hits[h]));
      i = end;
      // A report at most every PROGRESS_MS (a batch takes well under a second), and the last one.
      if (i === n || performance.now() - reported >= PROGRESS_MS) {
        reported = performance.now();
        options.onProgress?.(i, n);
      }
    }
    return options.signal?.aborted ? undefined : out.view().slice();
  }

  /** One batch in the worker: positions of the matching rows, or undefined when aborted. */
  private ask(pattern: RegExp, chunks: Float64Array, offsets: Float64Array, lengths: Uint32Array, signal: AbortSignal | undefined): Promise<Int32Array | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        this.send({ type: 'cancel', id });
        this.idle();
        resolve(undefined);
      };
      const done = <T>(settle: (value: T) => void) => (value: T): void => {
        signal?.removeEventListener('abort', onAbort);
        settle(value);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ type: 'search', id, source: pattern.source, flags: pattern.flags, chunks, offsets, lengths }, [chunks.buffer as ArrayBuffer, offsets.buffer as ArrayBuffer, lengths.buffer as ArrayBuffer]);
    });
  }

  private send(request: ScanRequest, transfer: ArrayBuffer[] = []): void {
    if (!this.worker) {
      const worker = startSearchWorker(this.path, this.options.budget ?? DEFAULT_TEXT_BUDGET, this.options.script);
      worker.on('message', (reply: ScanReply) => this.receive(reply));
      worker.on('error', (err) => this.settleAll(err));
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        // A new worker starts with an empty cache: offer it every chunk again.
        this.worker = undefined;
        this.warmedChunks = 0;
        this.cached = 0;
        this.settleAll(new Error('the text search worker stopped'));
      });
      this.worker = worker;
    }
    // Held only while something waits on it: an idle worker never keeps the process alive.
    this.worker.ref();
    this.worker.postMessage(request, transfer);
  }

  private receive(reply: ScanReply): void {
    if (reply.type === 'warmed') {
      this.cached = reply.cachedBytes;
      this.warmWaiters.shift()?.();
    } else {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'result') {
        this.cached = reply.cachedBytes;
        waiting?.resolve(reply.hits);
      } else waiting?.reject(new Error(`text search: ${reply.message}`));
    }
    this.idle();
  }

  private idle(): void {
    if (this.pending.size === 0 && this.warmWaiters.length === 0) this.worker?.unref();
  }

  private settleAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const resolve of this.warmWaiters.splice(0)) resolve();
  }

  /** [start byte, end byte, closed] of chunks [c0, c1); the open chunk ends with row `lastRow`. */
  private chunkRanges(c0: number, c1: number, lastRow: number): Float64Array {
    const out = new Float64Array((c1 - c0) * 3);
    for (let c = c0; c < c1; c++) {
      const closed = c + 1 < this.starts.length;
      out.set([this.facts.offsets.at(this.starts[c]), closed ? this.chunkEndByte(c) : this.facts.offsets.at(lastRow) + this.facts.lengths.at(lastRow), closed ? 1 : 0], (c - c0) * 3);
    }
    return out;
  }

  private chunkEndByte(c: number): number {
    const last = this.starts[c + 1] - 1;
    return this.facts.offsets.at(last) + this.facts.lengths.at(last);
  }

  /** Extends the chunk list so rows below `to` are covered; chunks close once they hold CHUNK_BYTES. */
  private closeChunks(to: number): void {
    const { offsets, lengths } = this.facts;
    for (;;) {
      const start = this.starts[this.starts.length - 1];
      if (start >= to) return;
      const limit = offsets.at(start) + (this.options.chunkBytes ?? CHUNK_BYTES);
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
}

/** The first i in [lo, hi) with rowAt(i) >= row (rowAt ascending), or hi. */
function firstAtOrAbove(rowAt: (i: number) => number, lo: number, hi: number, row: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rowAt(mid) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
