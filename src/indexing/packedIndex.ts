import type { ResourceRef } from '../model/classification';
import { RESOURCE_KINDS, type ResourceKind } from '../model/gwsTypes';
import { INDEX_FACTS } from '../model/indexFacts';
import { Growable, type Numeric } from '../util/growable';
import { InternMemo, Interner } from '../util/interner';
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
  /** GWS timing metrics and transcript indexes (IndexEntry); NaN means absent. All four empty when no row has any. */
  serverGenerationTimestamp: Float64Array;
  serverProcessingTimeTotalMs: Float64Array;
  transcriptFirst: Float64Array;
  transcriptLast: Float64Array;
  /** The refs of row i are refs [refEnd[i-1], refEnd[i]) (refEnd[-1] = 0). */
  refEnd: Uint32Array;
  /** Per ref: index in RESOURCE_KINDS, plus ENDED_FALSE / ENDED_TRUE. */
  refKind: Uint8Array;
  refId: Uint32Array;
  refState: Uint32Array;
  refLabel: Uint32Array;
  refDeviceState: Uint32Array;
  /** Per ref, string ids (0 = absent): callUuid, connId, device, the canonical capability set. */
  refCallUuid: Uint32Array;
  refConnId: Uint32Array;
  refDevice: Uint32Array;
  refCapabilities: Uint32Array;
  /** Per ref: the state hash, 0 when absent (a hash is never 0). */
  refStateHash: Uint32Array;
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
  private readonly generated = new Growable(f64);
  private readonly processing = new Growable(f64);
  private readonly transcriptFirst = new Growable(f64);
  private readonly transcriptLast = new Growable(f64);
  private readonly refCallUuid = new Growable(u32);
  private readonly refConnId = new Growable(u32);
  private readonly refDevice = new Growable(u32);
  private readonly refCapabilities = new Growable(u32);
  private readonly refStateHash = new Growable(u32);
  private strings = new Interner();
  /** Reset by take() with the table: slot 0 the last device, 1 the last capability set, 2 + ref id that resource's connId. */
  private readonly memo = new InternMemo(this.strings);
  private objects: IndexEntry[] = [];
  /** Whether a row since the last take() had a timing metric or transcript index. */
  private rowFacts = false;

  /** Entries added since the last take(). */
  get size(): number {
    return this.n;
  }

  private rowColumns(): Array<Growable<Numeric>> {
    return [this.form, this.seq, this.offset, this.length, this.at, this.channel, this.messageType, this.notificationType, this.malformed, this.referenceStr, this.referenceNum, this.refEnd, this.generated, this.processing, this.transcriptFirst, this.transcriptLast];
  }

  private refColumns(): Array<Growable<Numeric>> {
    const facts = [this.refCallUuid, this.refConnId, this.refDevice, this.refCapabilities, this.refStateHash];
    return [this.refKind, this.refId, this.refState, this.refLabel, this.refDeviceState, ...facts];
  }

  private id(value: string | undefined): number {
    return this.strings.id(value);
  }

  /** Adds one entry at the end. */
  add(entry: IndexEntry): void {
    const i = this.n++;
    if (this.n > this.form.data.length) for (const col of this.rowColumns()) col.reserve(this.n);
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
    // The four row facts are written from the first row that has one (rows before it are NaN):
    // a batch without metrics or transcripts ships them empty instead of NaN-filled.
    if (INDEX_FACTS && (this.rowFacts || entry.serverGenerationTimestamp !== undefined || entry.serverProcessingTimeTotalMs !== undefined || entry.transcriptFirst !== undefined || entry.transcriptLast !== undefined)) {
      if (!this.rowFacts) for (const col of [this.generated, this.processing, this.transcriptFirst, this.transcriptLast]) col.data.fill(NaN, 0, i);
      this.rowFacts = true;
      this.generated.data[i] = entry.serverGenerationTimestamp ?? NaN;
      this.processing.data[i] = entry.serverProcessingTimeTotalMs ?? NaN;
      this.transcriptFirst.data[i] = entry.transcriptFirst ?? NaN;
      this.transcriptLast.data[i] = entry.transcriptLast ?? NaN;
    }
    for (const r of entry.refs) this.addRef(r);
    this.refEnd.data[i] = this.m;
  }

  private addRef(ref: ResourceRef): void {
    const j = this.m++;
    if (this.m > this.refKind.data.length) for (const col of this.refColumns()) col.reserve(this.m);
    const ended = ref.ended === undefined ? 0 : ref.ended ? ENDED_TRUE : ENDED_FALSE;
    this.refKind.data[j] = KIND_CODE.get(ref.kind)! | ended;
    const id = (this.refId.data[j] = this.id(ref.id));
    this.refState.data[j] = this.id(ref.state);
    this.refLabel.data[j] = this.id(ref.label);
    this.refDeviceState.data[j] = this.id(ref.deviceState);
    if (!INDEX_FACTS) return;
    // Few fresh strings get hashed into the table: callUuid is mostly the id's own string, a call keeps its connId, device and capability set repeat.
    this.refCallUuid.data[j] = ref.callUuid === ref.id ? id : this.id(ref.callUuid);
    this.refConnId.data[j] = this.memo.id(2 + id, ref.connId);
    this.refDevice.data[j] = this.memo.id(0, ref.device);
    this.refCapabilities.data[j] = this.memo.id(1, ref.capabilities);
    this.refStateHash.data[j] = ref.stateHash ?? 0;
  }

  /** The packed entries added since the last take(); the packer starts empty again. */
  take(): PackedIndex {
    const { n, m } = this;
    const rowFacts = this.rowFacts ? n : 0;
    const packed: PackedIndex = {
      count: n,
      form: this.form.copy(n),
      seq: this.seq.copy(n),
      offset: this.offset.copy(n),
      length: this.length.copy(n),
      at: this.at.copy(n),
      channel: this.channel.copy(n),
      messageType: this.messageType.copy(n),
      notificationType: this.notificationType.copy(n),
      malformed: this.malformed.copy(n),
      referenceStr: this.referenceStr.copy(n),
      referenceNum: this.referenceNum.copy(n),
      refEnd: this.refEnd.copy(n),
      refKind: this.refKind.copy(m),
      refId: this.refId.copy(m),
      refState: this.refState.copy(m),
      refLabel: this.refLabel.copy(m),
      refDeviceState: this.refDeviceState.copy(m),
      // The comparison build without the facts ships them empty, as the code before them shipped nothing.
      serverGenerationTimestamp: this.generated.copy(rowFacts),
      serverProcessingTimeTotalMs: this.processing.copy(rowFacts),
      transcriptFirst: this.transcriptFirst.copy(rowFacts),
      transcriptLast: this.transcriptLast.copy(rowFacts),
      refCallUuid: this.refCallUuid.copy(INDEX_FACTS ? m : 0),
      refConnId: this.refConnId.copy(INDEX_FACTS ? m : 0),
      refDevice: this.refDevice.copy(INDEX_FACTS ? m : 0),
      refCapabilities: this.refCapabilities.copy(INDEX_FACTS ? m : 0),
      refStateHash: this.refStateHash.copy(INDEX_FACTS ? m : 0),
      strings: this.strings.values,
      objects: this.objects,
    };
    this.n = this.m = 0;
    this.rowFacts = false;
    this.strings = new Interner();
    this.memo.reset(this.strings);
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
    const num = (col: Float64Array): number | undefined => (i < col.length && !Number.isNaN(col[i]) ? col[i] : undefined);
    const facts = { serverGenerationTimestamp: num(packed.serverGenerationTimestamp), serverProcessingTimeTotalMs: num(packed.serverProcessingTimeTotalMs), transcriptFirst: num(packed.transcriptFirst), transcriptLast: num(packed.transcriptLast) };
    for (const [key, value] of Object.entries(facts)) if (value !== undefined) entry[key as keyof typeof facts] = value;
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
  const facts = { callUuid: packed.refCallUuid[j], connId: packed.refConnId[j], device: packed.refDevice[j], capabilities: packed.refCapabilities[j] };
  for (const [key, id] of Object.entries(facts)) if (id) ref[key as keyof typeof facts] = packed.strings[id];
  if (packed.refStateHash[j]) ref.stateHash = packed.refStateHash[j];
  return ref;
}
