import type { ResourceTracker } from '../tracker/resourceTracker';
import { KIND_MASK, REC_KINDS, type RecordColumns } from '../tracker/recordColumns';
import { lastAtOrBelow, type Growable, type Numeric } from '../util/growable';

/**
 * The per-row facts the timeline filters on, read in place from the tracker's columns: journal
 * offset and length (for text search and reads), record kind, and interned channel, messageType
 * and notificationType. Nothing is copied per row; sync() only moves the rows the timeline has
 * seen forward and notes the new filter facets.
 */

/** Record kinds by code. */
export const REC_CODES = REC_KINDS;
/** Code of message records. */
export const MESSAGE = 0;

/** One column, cut to the rows synced: `at(i)` and a `view()` sharing the tracker's memory. */
export interface FactColumn<T extends Numeric> {
  at(i: number): number;
  /** Invalid once the tracker grows the column: take it again after sync(). */
  view(): T;
}

const shared = new WeakMap<ResourceTracker, RowFacts>();

/** The facts of every tracker row up to the last sync(). */
export class RowFacts {
  /** The facts of `tracker`, shared by every timeline on it (a reopened panel does not scan again). */
  static of(tracker: ResourceTracker): RowFacts {
    let facts = shared.get(tracker);
    if (!facts) shared.set(tracker, (facts = new RowFacts(tracker)));
    return facts;
  }

  readonly offsets: FactColumn<Float64Array>;
  readonly lengths: FactColumn<Uint32Array>;
  readonly channels: FactColumn<Uint32Array>;
  readonly types: FactColumn<Uint32Array>;
  readonly ntypes: FactColumn<Uint32Array>;
  /** Record kind codes (REC_CODES). */
  readonly recs: { at(i: number): number };
  private readonly columns: RecordColumns;
  private synced = 0;
  /** Distinct ids of message rows, and a flag per id so that each row costs three array reads. */
  private readonly messageChannels = new Set<number>();
  private readonly messageTypes = new Set<number>();
  private readonly notificationTypes = new Set<number>();
  private seen = new Uint8Array(256);
  /** False once a row's offset went backwards (never for one journal). */
  private ordered = true;

  constructor(tracker: ResourceTracker) {
    const c = (this.columns = tracker.columns);
    this.offsets = this.column(c.offset);
    this.lengths = this.column(c.length);
    this.channels = this.column(c.channel);
    this.types = this.column(c.type);
    this.ntypes = this.column(c.ntype);
    this.recs = { at: (i) => c.flags.data[i] & KIND_MASK };
  }

  private column<T extends Numeric>(g: Growable<T>): FactColumn<T> {
    return { at: (i) => g.data[i], view: () => g.view(this.synced) };
  }

  /** Rows known. */
  get count(): number {
    return this.synced;
  }

  /** Grows whenever a new channel, messageType or notificationType shows up. */
  get facetVersion(): number {
    return this.messageChannels.size + this.messageTypes.size + this.notificationTypes.size;
  }

  /** Takes in the tracker rows not seen yet; returns the first new row. */
  sync(): number {
    const from = this.synced;
    const to = this.columns.count;
    const c = this.columns;
    if (this.seen.length < c.strings.size * 3) {
      const seen = new Uint8Array(c.strings.size * 6);
      seen.set(this.seen);
      this.seen = seen;
    }
    const { seen } = this;
    const offset = c.offset.data;
    const flags = c.flags.data;
    for (let i = from; i < to; i++) {
      if (i > 0 && offset[i] < offset[i - 1]) this.ordered = false;
      if ((flags[i] & KIND_MASK) !== MESSAGE) continue;
      // seen[3 * id + k]: id already noted as a facet of kind k.
      const ch = c.channel.data[i] * 3;
      const ty = c.type.data[i] * 3 + 1;
      const nt = c.ntype.data[i] * 3 + 2;
      if (!seen[ch] && ch !== 0) this.messageChannels.add(((seen[ch] = 1), ch / 3));
      if (!seen[ty] && ty !== 1) this.messageTypes.add(((seen[ty] = 1), (ty - 1) / 3));
      if (!seen[nt] && nt !== 2) this.notificationTypes.add(((seen[nt] = 1), (nt - 2) / 3));
    }
    this.synced = to;
    return from;
  }

  /** The id of `value` for comparisons with the id columns, or -1 when no row has it. */
  idOf(value: string): number {
    return this.columns.strings.lookup(value);
  }

  /** The string behind an id. */
  stringOf(id: number): string | undefined {
    return this.columns.strings.value(id);
  }

  /** Distinct channels, messageTypes and notificationTypes of message rows, sorted. */
  facets(): { channels: string[]; messageTypes: string[]; notificationTypes: string[] } {
    const names = (ids: Set<number>): string[] => [...ids].map((id) => this.columns.strings.values[id]).sort();
    return { channels: names(this.messageChannels), messageTypes: names(this.messageTypes), notificationTypes: names(this.notificationTypes) };
  }

  /** The row whose line contains byte `offset` (rows are in file order), or -1. */
  rowAtByte(offset: number, lo = 0, hi = this.count): number {
    if (!this.ordered) return -1;
    const offsets = this.columns.offset.data;
    const row = lastAtOrBelow(offsets, offset, lo, hi);
    return row >= lo && offset < offsets[row] + this.columns.length.data[row] ? row : -1;
  }

  /** True when rows are in file order, which the text search relies on. */
  get inFileOrder(): boolean {
    return this.ordered;
  }

  /** Bytes this view holds of its own (the columns are the tracker's). */
  get byteSize(): number {
    return this.seen.byteLength;
  }
}
