import type { IndexEntry, OperationFacts } from '../indexing/indexEntry';
import { Growable } from '../util/growable';
import { InternMemo, Interner } from '../util/interner';
import { OperationRows } from './operationRows';
import { RefColumns, type RefView } from './refColumns';

/**
 * A columnar index of every journal record: typed arrays instead of one object per record, so a
 * million-message capture costs tens of megabytes, not hundreds. Strings are interned. These
 * columns are the host's facts about a capture: the timeline reads them in place (RowFacts), and
 * so should anything that correlates, checks or times records, without reading payloads.
 */

/** The record kinds in flag order (the code is `flags & KIND_MASK`). */
export const REC_KINDS: ReadonlyArray<IndexEntry['rec']> = ['message', 'event', 'gap', 'snapshot', 'bad-line', 'request', 'response'];
const REC_CODE = new Map(REC_KINDS.map((k, i) => [k, i]));
const MALFORMED = 8;
/** A message about a call or chat that had already ended (Released, Completed): it never revives it. */
const LATE = 16;
export const KIND_MASK = 7;

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
  /** True for a message that came after its call or chat ended (see ResourceTracker). */
  late?: true;
  until?: number;
  /** GWS timing metrics (`metrics.eventProcessing`); -1 is a value GWS sends. */
  serverGenerationTimestamp?: number;
  serverProcessingTimeTotalMs?: number;
  /** MessageLogUpdated: index of the first and last transcript message. */
  transcriptFirst?: number;
  transcriptLast?: number;
  /** Index (in the tracker's resource list) of the first resource the record names, or -1. */
  resource: number;
  /** Each resource the record names, in order, with what the record says about it. */
  refs: RefView[];
  /** Request and response records: their facts. */
  operation?: OperationFacts;
}

const f64 = (n: number): Float64Array => new Float64Array(n);
const u32 = (n: number): Uint32Array => new Uint32Array(n);

/** Growable typed-array columns, one row per record in ingest order. Readers may read every column; only append*() writes. */
export class RecordColumns {
  private n = 0;
  readonly seq = new Growable(f64);
  readonly offset = new Growable(f64);
  readonly length = new Growable(u32);
  readonly at = new Growable(f64);
  /** The latest record time (records may arrive a little out of order), 0 before any. */
  latestAt = 0;
  /** String ids (see `strings`), 0 = none. `type` holds the event name of event records. */
  readonly channel = new Growable(u32);
  readonly type = new Growable(u32);
  readonly ntype = new Growable(u32);
  /** Record kind code (REC_KINDS) | 8 when malformed | 16 when late. */
  readonly flags = new Growable((n) => new Uint8Array(n));
  /** A numeric referenceId, else NaN. */
  readonly refNum = new Growable(f64);
  /**
   * GWS timing metrics and transcript indexes: written only where a row has them (Growable.put),
   * so they cost nothing until the first. Read with `.get(i, NaN)`; NaN means absent.
   */
  readonly generatedAt = new Growable(f64, 0);
  readonly processingMs = new Growable(f64, 0);
  readonly transcriptFirst = new Growable(f64, 0);
  readonly transcriptLast = new Growable(f64, 0);
  /** The refs of row i are refs [refEnd[i - 1], refEnd[i]) (0 before row 0). */
  readonly refEnd = new Growable(u32);
  readonly strings = new Interner();
  readonly refs = new RefColumns(this.strings);
  /** Slots 0-2: messageType, channel, notificationType of the last record appended. */
  private readonly memo = new InternMemo(this.strings);
  /** Rare per-record facts, by row. */
  private readonly refStrings = new Map<number, string>();
  private readonly malformed = new Map<number, number>();
  private readonly until = new Map<number, number>();
  /** Request and response rows with their facts. */
  readonly operations = new OperationRows();
  private sorted = true;
  private lastSeq = -Infinity;
  private order: Int32Array | undefined;

  /** Number of rows. */
  get count(): number {
    return this.n;
  }

  /** Appends `entry` (its record facts; the tracker adds its refs with addRef) and returns its row. */
  append(entry: IndexEntry): number {
    const m = this.memo;
    const type = m.id(0, entry.rec === 'event' ? entry.event : entry.messageType);
    const i = this.appendInterned(entry.rec, entry.seq, entry.offset, entry.length, entry.at, m.id(1, entry.channel), type, m.id(2, entry.notificationType), this.strings.id(entry.malformed), entry.referenceId);
    if (entry.until !== undefined) this.until.set(i, entry.until);
    if (entry.operation !== undefined) this.operations.add(i, entry.operation);
    this.setFacts(i, entry.serverGenerationTimestamp ?? NaN, entry.serverProcessingTimeTotalMs ?? NaN, entry.transcriptFirst ?? NaN, entry.transcriptLast ?? NaN);
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
    if (i === this.seq.data.length) for (const c of this.dense()) c.reserve(i + 1);
    if (seq < this.lastSeq) this.sorted = false;
    this.lastSeq = seq;
    this.order = undefined;
    this.seq.data[i] = seq;
    this.offset.data[i] = offset;
    this.length.data[i] = length;
    this.at.data[i] = at;
    if (at > this.latestAt) this.latestAt = at;
    this.channel.data[i] = channel;
    this.type.data[i] = type;
    this.ntype.data[i] = ntype;
    this.flags.data[i] = (REC_CODE.get(rec) ?? 0) | (malformed !== 0 ? MALFORMED : 0);
    this.refNum.data[i] = typeof referenceId === 'number' ? referenceId : NaN;
    this.refEnd.data[i] = this.refs.count;
    const n = this.n;
    this.seq.length = this.offset.length = this.length.length = this.at.length = this.channel.length = this.type.length = this.ntype.length = n;
    this.flags.length = this.refNum.length = this.refEnd.length = n;
    if (typeof referenceId === 'string') this.refStrings.set(i, referenceId);
    if (malformed !== 0) this.malformed.set(i, malformed);
    return i;
  }

  /** Sets the timing metrics and transcript indexes of row `i` (NaN = absent). */
  setFacts(i: number, generatedAt: number, processingMs: number, transcriptFirst: number, transcriptLast: number): void {
    if (!Number.isNaN(generatedAt)) this.generatedAt.put(i, generatedAt, NaN);
    if (!Number.isNaN(processingMs)) this.processingMs.put(i, processingMs, NaN);
    if (!Number.isNaN(transcriptFirst)) this.transcriptFirst.put(i, transcriptFirst, NaN);
    if (!Number.isNaN(transcriptLast)) this.transcriptLast.put(i, transcriptLast, NaN);
  }

  /** Adds a ref to the last row appended: the resource it names and its facts (string ids from intern(), 0 = absent). */
  addRef(resource: number, device: number, capabilities: number, stateHash: number, state = 0): void {
    this.refs.add(resource, device, capabilities, stateHash, state);
    this.refEnd.data[this.n - 1] = this.refs.count;
  }

  /** Adds `ref` (a classified ref, its strings not yet interned) to the last row appended, as a ref of resource `resource`. */
  addRefFacts(resource: number, ref: Parameters<RefColumns['addFacts']>[1]): void {
    this.refs.addFacts(resource, ref);
    this.refEnd.data[this.n - 1] = this.refs.count;
  }

  /** The refs of row `i`: [first, end) in `refs`. */
  refStart(i: number): number {
    return i === 0 ? 0 : this.refEnd.data[i - 1];
  }

  /** The resource row `i` names first, or -1. */
  primaryAt(i: number): number {
    const j = this.refStart(i);
    return j < this.refEnd.data[i] ? this.refs.resource.data[j] : -1;
  }

  /** The referenceId of row `i` (string or number), or undefined. */
  referenceAt(i: number): string | number | undefined {
    const n = this.refNum.data[i];
    return Number.isNaN(n) ? this.refStrings.get(i) : n;
  }

  /** Rows whose referenceId is a string (rare: GWS sends integers). */
  stringReferenceRows(): number[] {
    return [...this.refStrings.keys()];
  }

  /** The notificationType of row `i`. */
  ntypeAt(i: number): string | undefined {
    return this.strings.value(this.ntype.data[i]);
  }

  /** The seq of row `i`. */
  seqAt(i: number): number {
    return this.seq.data[i];
  }

  /** The time of row `i` (epoch ms). */
  atAt(i: number): number {
    return this.at.data[i];
  }

  /** The record kind of row `i`. */
  recAt(i: number): IndexEntry['rec'] {
    return REC_KINDS[this.flags.data[i] & KIND_MASK];
  }

  /** Flags row `i` as a late message (only the tracker calls this). */
  markLate(i: number): void {
    this.flags.data[i] |= LATE;
  }

  /** True when row `i` is flagged malformed (a message or an unreadable line). */
  isMalformed(i: number): boolean {
    return (this.flags.data[i] & MALFORMED) !== 0;
  }

  /** True when row `i` is a message that came after its call or chat ended. */
  isLate(i: number): boolean {
    return (this.flags.data[i] & LATE) !== 0;
  }

  /** The messageType (or event name) of row `i`. */
  typeAt(i: number): string | undefined {
    return this.strings.value(this.type.data[i]);
  }

  /** The full compact view of row `i`. */
  view(i: number): RecordView {
    const refs: RefView[] = [];
    for (let j = this.refStart(i); j < this.refEnd.data[i]; j++) refs.push(this.refs.view(j));
    const v: RecordView = { index: i, seq: this.seq.data[i], offset: this.offset.data[i], length: this.length.data[i], at: this.at.data[i], rec: this.recAt(i), resource: this.primaryAt(i), refs };
    const s = this.strings;
    const text = { channel: s.value(this.channel.data[i]), messageType: s.value(this.type.data[i]), notificationType: s.value(this.ntype.data[i]), malformed: s.value(this.malformed.get(i) ?? 0) };
    for (const [key, value] of Object.entries(text)) if (value !== undefined) v[key as keyof typeof text] = value;
    const ref = this.refStrings.get(i) ?? (Number.isNaN(this.refNum.data[i]) ? undefined : this.refNum.data[i]);
    if (ref !== undefined) v.referenceId = ref;
    if (this.isLate(i)) v.late = true;
    const operation = this.operations.at(i);
    if (operation !== undefined) v.operation = operation;
    const until = this.until.get(i);
    const facts = { until, serverGenerationTimestamp: this.generatedAt.get(i, NaN), serverProcessingTimeTotalMs: this.processingMs.get(i, NaN), transcriptFirst: this.transcriptFirst.get(i, NaN), transcriptLast: this.transcriptLast.get(i, NaN) };
    for (const [key, value] of Object.entries(facts)) if (value !== undefined && !Number.isNaN(value)) v[key as keyof typeof facts] = value;
    return v;
  }

  /** The row holding `seq` (the first, if seqs repeat), or -1. */
  indexOfSeq(seq: number): number {
    const seqs = this.seq.data;
    if (this.sorted) return lowerBound(this.n, (k) => seqs[k] < seq, (k) => seqs[k] === seq);
    const order = this.sortedOrder();
    const k = lowerBound(this.n, (j) => seqs[order[j]] < seq, (j) => seqs[order[j]] === seq);
    return k < 0 ? -1 : order[k];
  }

  /** Rows sorted by seq, built lazily when records arrived out of order. */
  private sortedOrder(): Int32Array {
    if (!this.order) {
      const order = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) order[i] = i;
      const seqs = this.seq.data;
      order.sort((a, b) => seqs[a] - seqs[b] || a - b);
      this.order = order;
    }
    return this.order;
  }

  private dense(): Array<Growable<Float64Array | Uint32Array | Uint8Array>> {
    return [this.seq, this.offset, this.length, this.at, this.channel, this.type, this.ntype, this.flags, this.refNum, this.refEnd];
  }

  /** Approximate bytes held by the columns (for memory reports). */
  get byteSize(): number {
    const sparse = [this.generatedAt, this.processingMs, this.transcriptFirst, this.transcriptLast];
    return [...this.dense(), ...sparse].reduce((sum, c) => sum + c.byteSize, this.refs.byteSize);
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
