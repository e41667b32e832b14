import type { ResourceTracker } from '../tracker/resourceTracker';
import { Growable, lastAtOrBelow } from './growable';

/**
 * Per-row facts the timeline filters on, in typed arrays kept in step with the tracker: journal
 * offset and length (for text search and reads), record kind, and interned channel, messageType
 * and notificationType. About 19 bytes a row, so filtering a million rows never builds an object
 * per row.
 */

/** Record kinds by code. */
export const REC_CODES = ['message', 'event', 'gap', 'snapshot', 'bad-line'] as const;
const REC_CODE = new Map<string, number>(REC_CODES.map((k, i) => [k, i]));
/** Code of message records. */
export const MESSAGE = 0;

/** Strings to small ids; 0 means none. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [''];
  id(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }
  lookup(value: string): number {
    return this.ids.get(value) ?? -1;
  }
}

const shared = new WeakMap<ResourceTracker, RowFacts>();

/** The facts of every tracker row, appended by sync(). */
export class RowFacts {
  /** The facts of `tracker`, shared by every timeline on it (a reopened panel does not scan again). */
  static of(tracker: ResourceTracker): RowFacts {
    let facts = shared.get(tracker);
    if (!facts) shared.set(tracker, (facts = new RowFacts(tracker)));
    return facts;
  }

  readonly offsets = new Growable((n) => new Float64Array(n));
  readonly lengths = new Growable((n) => new Uint32Array(n));
  readonly recs = new Growable((n) => new Uint8Array(n));
  readonly channels = new Growable((n) => new Uint16Array(n));
  readonly types = new Growable((n) => new Uint16Array(n));
  readonly ntypes = new Growable((n) => new Uint16Array(n));
  private readonly strings = new Interner();
  private readonly messageChannels = new Set<number>();
  private readonly messageTypes = new Set<number>();
  private readonly notificationTypes = new Set<number>();
  /** False once a row's offset went backwards (never for one journal). */
  private ordered = true;

  constructor(private readonly tracker: ResourceTracker) {}

  /** Rows known. */
  get count(): number {
    return this.offsets.length;
  }

  /** Grows whenever a new channel, messageType or notificationType shows up. */
  get facetVersion(): number {
    return this.messageChannels.size + this.messageTypes.size + this.notificationTypes.size;
  }

  /** Appends the facts of tracker rows not seen yet; returns the first new row. */
  sync(): number {
    const from = this.count;
    for (let i = from; i < this.tracker.recordCount; i++) {
      const v = this.tracker.recordAt(i)!;
      if (i > 0 && v.offset < this.offsets.at(i - 1)) this.ordered = false;
      this.offsets.push(v.offset);
      this.lengths.push(v.length);
      const rec = REC_CODE.get(v.rec) ?? 0;
      this.recs.push(rec);
      // Ids beyond 65535 distinct strings share the last id: filters on them then over-match, never crash.
      const channel = Math.min(this.strings.id(v.channel), 0xffff);
      const type = Math.min(this.strings.id(v.messageType), 0xffff);
      const ntype = Math.min(this.strings.id(v.notificationType), 0xffff);
      this.channels.push(channel);
      this.types.push(type);
      this.ntypes.push(ntype);
      if (rec === MESSAGE) {
        if (channel) this.messageChannels.add(channel);
        if (type) this.messageTypes.add(type);
        if (ntype) this.notificationTypes.add(ntype);
      }
    }
    return from;
  }

  /** The id of `value` for comparisons with the id columns, or -1 when no row has it. */
  idOf(value: string): number {
    return this.strings.lookup(value);
  }

  /** The string behind an id. */
  stringOf(id: number): string | undefined {
    return id === 0 ? undefined : this.strings.values[id];
  }

  /** Distinct channels, messageTypes and notificationTypes of message rows, sorted. */
  facets(): { channels: string[]; messageTypes: string[]; notificationTypes: string[] } {
    const names = (ids: Set<number>): string[] => [...ids].map((id) => this.strings.values[id]).sort();
    return { channels: names(this.messageChannels), messageTypes: names(this.messageTypes), notificationTypes: names(this.notificationTypes) };
  }

  /** The row whose line contains byte `offset` (rows are in file order), or -1. */
  rowAtByte(offset: number, lo = 0, hi = this.count): number {
    if (!this.ordered) return -1;
    const row = lastAtOrBelow(this.offsets.view(), offset, lo, hi);
    return row >= lo && offset < this.offsets.at(row) + this.lengths.at(row) ? row : -1;
  }

  /** True when rows are in file order, which the text search relies on. */
  get inFileOrder(): boolean {
    return this.ordered;
  }

  /** Bytes held by the columns. */
  get byteSize(): number {
    return [this.offsets, this.lengths, this.recs, this.channels, this.types, this.ntypes].reduce((s, c) => s + c.byteSize, 0);
  }
}
