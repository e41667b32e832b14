import type { ResourceRef } from '../model/classification';
import { RESOURCE_KINDS, type ResourceKind } from '../model/gwsTypes';
import type { IndexEntry } from './indexEntry';

/**
 * Index entries in columnar form, for the trip from the connection process to the host: typed
 * arrays and one string table instead of an object (and a refs array) per record, so that the
 * structured clone on both sides costs a few copies per batch, not a walk over every object.
 *
 * Plain message rows live in the columns. Anything rarer (events, gaps, snapshots, bad lines,
 * refs with links) travels as the IndexEntry itself, in `objects`, in row order.
 */
export interface PackedIndex {
  /** Rows in the batch, in journal order. */
  count: number;
  /** Per row: ROW_COLUMNS, or ROW_OBJECT when the entry is the next one of `objects`. */
  form: Uint8Array;
  seq: Float64Array;
  offset: Float64Array;
  length: Float64Array;
  at: Float64Array;
  /** String-table ids; 0 means absent. */
  channel: Uint32Array;
  messageType: Uint32Array;
  notificationType: Uint32Array;
  malformed: Uint32Array;
  /** A string referenceId as a string id, a numeric one in referenceNum (NaN when absent). */
  referenceStr: Uint32Array;
  referenceNum: Float64Array;
  /** The refs of row i are refs [refEnd[i-1], refEnd[i]) (refEnd[-1] = 0). */
  refEnd: Uint32Array;
  /** Per ref: index in RESOURCE_KINDS, plus ENDED_FALSE / ENDED_TRUE. */
  refKind: Uint8Array;
  refId: Uint32Array;
  refState: Uint32Array;
  refLabel: Uint32Array;
  refDeviceState: Uint32Array;
  /** The string table; strings[0] is a placeholder for "absent". */
  strings: string[];
  objects: IndexEntry[];
}

/** form values. */
export const ROW_COLUMNS = 0;
export const ROW_OBJECT = 1;
/** refKind flag bits above the kind index. */
export const KIND_BITS = 7;
export const ENDED_FALSE = 8;
export const ENDED_TRUE = 16;

const KIND_CODE = new Map<ResourceKind, number>(RESOURCE_KINDS.map((k, i) => [k, i]));

type Typed = Float64Array | Uint32Array | Uint8Array;

/** A typed column that doubles when full; `take()` copies out the used part. */
class Growable<T extends Typed> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
  take(n: number): T {
    return this.data.slice(0, n) as T;
  }
}

const f64 = (n: number): Float64Array => new Float64Array(n);
const u32 = (n: number): Uint32Array => new Uint32Array(n);
const u8 = (n: number): Uint8Array => new Uint8Array(n);

/** True when `entry` fits the columns: a message whose refs carry no links. */
function columnar(entry: IndexEntry): boolean {
  if (entry.rec !== 'message' || entry.until !== undefined || entry.covers !== undefined || entry.event !== undefined) return false;
  for (const ref of entry.refs) if (ref.links !== undefined || !KIND_CODE.has(ref.kind)) return false;
  return true;
}

/** Collects index entries and packs them into a PackedIndex; reusable after take(). */
export class IndexPacker {
  private n = 0;
  private m = 0;
  private readonly form = new Growable(u8);
  private readonly seq = new Growable(f64);
  private readonly offset = new Growable(f64);
  private readonly length = new Growable(f64);
  private readonly at = new Growable(f64);
  private readonly channel = new Growable(u32);
  private readonly messageType = new Growable(u32);
  private readonly notificationType = new Growable(u32);
  private readonly malformed = new Growable(u32);
  private readonly referenceStr = new Growable(u32);
  private readonly referenceNum = new Growable(f64);
  private readonly refEnd = new Growable(u32);
  private readonly refKind = new Growable(u8);
  private readonly refId = new Growable(u32);
  private readonly refState = new Growable(u32);
  private readonly refLabel = new Growable(u32);
  private readonly refDeviceState = new Growable(u32);
  private strings: string[] = [''];
  private ids = new Map<string, number>();
  private objects: IndexEntry[] = [];

  /** Entries added since the last take(). */
  get size(): number {
    return this.n;
  }

  private rowColumns(): Array<Growable<Typed>> {
    return [this.form, this.seq, this.offset, this.length, this.at, this.channel, this.messageType, this.notificationType, this.malformed, this.referenceStr, this.referenceNum, this.refEnd];
  }

  private id(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.strings.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  /** Adds one entry at the end. */
  add(entry: IndexEntry): void {
    const i = this.n++;
    if (this.n > this.form.data.length) for (const col of this.rowColumns()) col.ensure(this.n);
    this.seq.data[i] = entry.seq;
    this.offset.data[i] = entry.offset;
    this.length.data[i] = entry.length;
    this.at.data[i] = entry.at;
    if (!columnar(entry)) {
      this.form.data[i] = ROW_OBJECT;
      this.objects.push(entry);
      this.refEnd.data[i] = this.m;
      return;
    }
    this.form.data[i] = ROW_COLUMNS;
    this.channel.data[i] = this.id(entry.channel);
    this.messageType.data[i] = this.id(entry.messageType);
    this.notificationType.data[i] = this.id(entry.notificationType);
    this.malformed.data[i] = this.id(entry.malformed);
    const ref = entry.referenceId;
    this.referenceStr.data[i] = typeof ref === 'string' ? this.id(ref) : 0;
    this.referenceNum.data[i] = typeof ref === 'number' ? ref : NaN;
    for (const r of entry.refs) this.addRef(r);
    this.refEnd.data[i] = this.m;
  }

  private addRef(ref: ResourceRef): void {
    const j = this.m++;
    if (this.m > this.refKind.data.length) for (const col of [this.refKind, this.refId, this.refState, this.refLabel, this.refDeviceState]) col.ensure(this.m);
    const ended = ref.ended === undefined ? 0 : ref.ended ? ENDED_TRUE : ENDED_FALSE;
    this.refKind.data[j] = KIND_CODE.get(ref.kind)! | ended;
    this.refId.data[j] = this.id(ref.id);
    this.refState.data[j] = this.id(ref.state);
    this.refLabel.data[j] = this.id(ref.label);
    this.refDeviceState.data[j] = this.id(ref.deviceState);
  }

  /** The packed entries added since the last take(); the packer starts empty again. */
  take(): PackedIndex {
    const n = this.n;
    const m = this.m;
    const packed: PackedIndex = {
      count: n,
      form: this.form.take(n),
      seq: this.seq.take(n),
      offset: this.offset.take(n),
      length: this.length.take(n),
      at: this.at.take(n),
      channel: this.channel.take(n),
      messageType: this.messageType.take(n),
      notificationType: this.notificationType.take(n),
      malformed: this.malformed.take(n),
      referenceStr: this.referenceStr.take(n),
      referenceNum: this.referenceNum.take(n),
      refEnd: this.refEnd.take(n),
      refKind: this.refKind.take(m),
      refId: this.refId.take(m),
      refState: this.refState.take(m),
      refLabel: this.refLabel.take(m),
      refDeviceState: this.refDeviceState.take(m),
      strings: this.strings,
      objects: this.objects,
    };
    this.n = 0;
    this.m = 0;
    this.strings = [''];
    this.ids = new Map();
    this.objects = [];
    return packed;
  }
}

/** Packs `entries` in one go. */
export function packIndex(entries: readonly IndexEntry[]): PackedIndex {
  const packer = new IndexPacker();
  for (const entry of entries) packer.add(entry);
  return packer.take();
}

/** The string with table id `id`, or undefined for 0. */
export function packedString(packed: PackedIndex, id: number): string | undefined {
  return id === 0 ? undefined : packed.strings[id];
}

/** The entries of `packed` as IndexEntry objects again, equal to what was added. */
export function unpackIndex(packed: PackedIndex): IndexEntry[] {
  const out: IndexEntry[] = [];
  let next = 0;
  for (let i = 0; i < packed.count; i++) {
    if (packed.form[i] === ROW_OBJECT) {
      out.push(packed.objects[next++]);
      continue;
    }
    const entry: IndexEntry = { seq: packed.seq[i], offset: packed.offset[i], length: packed.length[i], at: packed.at[i], rec: 'message', refs: [] };
    const str = (id: number): string | undefined => packedString(packed, id);
    if (packed.channel[i] !== 0) entry.channel = str(packed.channel[i]);
    if (packed.messageType[i] !== 0) entry.messageType = str(packed.messageType[i]);
    if (packed.notificationType[i] !== 0) entry.notificationType = str(packed.notificationType[i]);
    if (packed.referenceStr[i] !== 0) entry.referenceId = str(packed.referenceStr[i]);
    else if (!Number.isNaN(packed.referenceNum[i])) entry.referenceId = packed.referenceNum[i];
    if (packed.malformed[i] !== 0) entry.malformed = str(packed.malformed[i]);
    for (let j = i === 0 ? 0 : packed.refEnd[i - 1]; j < packed.refEnd[i]; j++) entry.refs.push(unpackRef(packed, j));
    out.push(entry);
  }
  return out;
}

/** Ref `j` of `packed` as a ResourceRef. */
export function unpackRef(packed: PackedIndex, j: number): ResourceRef {
  const code = packed.refKind[j];
  const ref: ResourceRef = { kind: RESOURCE_KINDS[code & KIND_BITS], id: packed.strings[packed.refId[j]] };
  const state = packedString(packed, packed.refState[j]);
  if (state !== undefined) ref.state = state;
  const deviceState = packedString(packed, packed.refDeviceState[j]);
  if (deviceState !== undefined) ref.deviceState = deviceState;
  const label = packedString(packed, packed.refLabel[j]);
  if (label !== undefined) ref.label = label;
  if (code & ENDED_TRUE) ref.ended = true;
  else if (code & ENDED_FALSE) ref.ended = false;
  return ref;
}
