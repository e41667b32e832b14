import type { IndexEntry } from '../capture/indexEntry';

/**
 * A columnar index of every journal record: typed arrays instead of one object per record, so a
 * million-message capture costs tens of megabytes, not hundreds. Strings are interned.
 */

/** The record kinds in flag order. */
const REC_KINDS: ReadonlyArray<IndexEntry['rec']> = ['message', 'event', 'gap', 'snapshot', 'bad-line'];
const REC_CODE = new Map(REC_KINDS.map((k, i) => [k, i]));
const MALFORMED = 8;
const KIND_MASK = 7;

/** The compact facts kept for one record, plus where its line is. */
export interface RecordView {
  /** Position in ingest order. */
  index: number;
  seq: number;
  offset: number;
  length: number;
  at: number;
  rec: IndexEntry['rec'];
  channel?: string;
  /** messageType for messages, the event name for event records. */
  messageType?: string;
  notificationType?: string;
  referenceId?: string | number;
  malformed?: string;
  until?: number;
  /** Index (in the tracker's resource list) of the first resource the record names, or -1. */
  resource: number;
}

/** Maps strings to small ids; id 0 means "none". */
class Interner {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [''];
  id(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
  value(id: number): string | undefined {
    return id === 0 ? undefined : this.values[id];
  }
}

type TypedArray = Float64Array | Uint32Array | Int32Array | Uint8Array;

const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/**
 * A column stored in fixed chunks of 8192 rows: growing never copies, and the unused tail is at
 * most one chunk, so memory tracks the row count closely.
 */
class Column<T extends TypedArray> {
  private readonly chunks: T[] = [];
  constructor(private readonly make: (n: number) => T) {}
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }
  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(this.make(CHUNK));
    this.chunks[c][i & MASK] = value;
  }
  get byteSize(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }
}

/** Growable typed-array columns, one row per record in ingest order. */
export class RecordColumns {
  private n = 0;
  private readonly seq = new Column((n) => new Float64Array(n));
  private readonly offset = new Column((n) => new Float64Array(n));
  private readonly length = new Column((n) => new Uint32Array(n));
  private readonly at = new Column((n) => new Float64Array(n));
  private readonly channel = new Column((n) => new Uint32Array(n));
  private readonly type = new Column((n) => new Uint32Array(n));
  private readonly ntype = new Column((n) => new Uint32Array(n));
  private readonly flags = new Column((n) => new Uint8Array(n));
  private readonly refNum = new Column((n) => new Float64Array(n));
  private readonly primary = new Column((n) => new Int32Array(n));
  private readonly strings = new Interner();
  /** Rare per-record facts, by row. */
  private readonly refStrings = new Map<number, string>();
  private readonly malformed = new Map<number, number>();
  private readonly until = new Map<number, number>();
  private sorted = true;
  private lastSeq = -Infinity;
  private order: Int32Array | undefined;

  /** Number of rows. */
  get count(): number {
    return this.n;
  }

  /** Appends `entry` and returns its row. */
  append(entry: IndexEntry): number {
    const i = this.appendInterned(
      entry.rec,
      entry.seq,
      entry.offset,
      entry.length,
      entry.at,
      this.strings.id(entry.channel),
      this.strings.id(entry.rec === 'event' ? entry.event : entry.messageType),
      this.strings.id(entry.notificationType),
      entry.malformed === undefined ? 0 : this.strings.id(entry.malformed),
      entry.referenceId,
    );
    if (entry.until !== undefined) this.until.set(i, entry.until);
    return i;
  }

  /** The id `value` has in the string columns (0 for undefined), for appendInterned(). */
  intern(value: string | undefined): number {
    return this.strings.id(value);
  }

  /**
   * Appends a row whose strings are already interned (see intern()): channel, messageType (or
   * event name), notificationType and malformed reason (0 = none). Returns its row.
   */
  appendInterned(rec: IndexEntry['rec'], seq: number, offset: number, length: number, at: number, channel: number, type: number, ntype: number, malformed: number, referenceId: string | number | undefined): number {
    const i = this.n++;
    if (seq < this.lastSeq) this.sorted = false;
    this.lastSeq = seq;
    this.order = undefined;
    this.seq.set(i, seq);
    this.offset.set(i, offset);
    this.length.set(i, length);
    this.at.set(i, at);
    this.channel.set(i, channel);
    this.type.set(i, type);
    this.ntype.set(i, ntype);
    this.flags.set(i, (REC_CODE.get(rec) ?? 0) | (malformed !== 0 ? MALFORMED : 0));
    this.refNum.set(i, typeof referenceId === 'number' ? referenceId : NaN);
    if (typeof referenceId === 'string') this.refStrings.set(i, referenceId);
    if (malformed !== 0) this.malformed.set(i, malformed);
    this.primary.set(i, -1);
    return i;
  }

  /** Records which resource row `i` names first. */
  setPrimary(i: number, resource: number): void {
    this.primary.set(i, resource);
  }

  /** The seq of row `i`. */
  seqAt(i: number): number {
    return this.seq.get(i);
  }

  /** The time of row `i` (epoch ms). */
  atAt(i: number): number {
    return this.at.get(i);
  }

  /** The record kind of row `i`. */
  recAt(i: number): IndexEntry['rec'] {
    return REC_KINDS[this.flags.get(i) & KIND_MASK];
  }

  /** The messageType (or event name) of row `i`. */
  typeAt(i: number): string | undefined {
    return this.strings.value(this.type.get(i));
  }

  /** The full compact view of row `i`. */
  view(i: number): RecordView {
    const v: RecordView = { index: i, seq: this.seq.get(i), offset: this.offset.get(i), length: this.length.get(i), at: this.at.get(i), rec: this.recAt(i), resource: this.primary.get(i) };
    const channel = this.strings.value(this.channel.get(i));
    if (channel !== undefined) v.channel = channel;
    const type = this.strings.value(this.type.get(i));
    if (type !== undefined) v.messageType = type;
    const ntype = this.strings.value(this.ntype.get(i));
    if (ntype !== undefined) v.notificationType = ntype;
    const ref = this.refStrings.get(i) ?? (Number.isNaN(this.refNum.get(i)) ? undefined : this.refNum.get(i));
    if (ref !== undefined) v.referenceId = ref;
    const malformed = this.malformed.get(i);
    if (malformed !== undefined) v.malformed = this.strings.value(malformed);
    const until = this.until.get(i);
    if (until !== undefined) v.until = until;
    return v;
  }

  /** The row holding `seq` (the first, if seqs repeat), or -1. */
  indexOfSeq(seq: number): number {
    if (this.sorted) return lowerBound(this.n, (k) => this.seq.get(k) < seq, (k) => this.seq.get(k) === seq);
    const order = this.sortedOrder();
    const k = lowerBound(this.n, (j) => this.seq.get(order[j]) < seq, (j) => this.seq.get(order[j]) === seq);
    return k < 0 ? -1 : order[k];
  }

  /** Rows sorted by seq, built lazily when records arrived out of order. */
  private sortedOrder(): Int32Array {
    if (!this.order) {
      const order = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) order[i] = i;
      order.sort((a, b) => this.seq.get(a) - this.seq.get(b) || a - b);
      this.order = order;
    }
    return this.order;
  }

  /** Approximate bytes held by the columns (for memory reports). */
  get byteSize(): number {
    const columns = [this.seq, this.offset, this.length, this.at, this.channel, this.type, this.ntype, this.flags, this.refNum, this.primary];
    return columns.reduce((sum, c) => sum + c.byteSize, 0);
  }
}

/** First k in [0, n) where `less(k)` is false; returns it when `hit(k)`, else -1. */
function lowerBound(n: number, less: (k: number) => boolean, hit: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (less(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && hit(lo) ? lo : -1;
}
