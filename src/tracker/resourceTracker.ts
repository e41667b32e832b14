import type { IndexEntry } from '../indexing/indexEntry';
import { ENDED_TRUE, KIND_BITS, ROW_OBJECT, type PackedIndex } from '../indexing/packedIndex';
import type { ResourceRef } from '../model/classification';
import { RESOURCE_KINDS, type ResourceKind } from '../model/gwsTypes';
import { Interner } from '../util/interner';
import { ChannelCounts } from './channelCounts';
import { HeldErrors } from './heldErrors';
import { RecordColumns, type RecordView } from './recordColumns';
import { TrackedResource, resourceKey, type ResourceContext, type ResourceRows, type ResourceView } from './trackedResource';

/**
 * Follows every call, device, chat, error and other resource through a capture, from IndexEntries
 * alone. Memory is bounded by design: records live in typed-array columns (about 53 bytes each,
 * 8 more per resource named, and the index facts where present) and each resource keeps row
 * numbers, never payloads. The last record ingested wins, except that Released and Completed are
 * final: a later message is flagged late (RecordColumns.isLate) and never revives the resource.
 */

export type { RecordView } from './recordColumns';
export type { RefView } from './refColumns';
export type { ResourceRows, ResourceView, StateStep } from './trackedResource';
export { resourceKey } from './trackedResource';

/** What one ingest() or ingestBatch() changed. */
export interface TrackerChange {
  /** Keys (`kind:id`) of the resources created or updated. */
  keys: ReadonlySet<string>;
  /** Records ingested by the call. */
  records: number;
}

/** Reason given to resources a post-reconnect snapshot no longer lists. */
export const GONE_AFTER_RECONNECT = 'gone after reconnect';

/** The resource tracker; see the module comment. */
export class ResourceTracker {
  /** Every record's facts, in columns: read them here, never from payloads. Only the tracker appends. */
  readonly columns = new RecordColumns();
  private readonly all: TrackedResource[] = [];
  /** Per kind, id → resource, in first-seen order (Maps keep insertion order). */
  private readonly byKind = new Map<ResourceKind, Map<string, TrackedResource>>(RESOURCE_KINDS.map((k) => [k, new Map()]));
  private readonly heldErrors = new HeldErrors();
  private readonly stateNames = new Interner();
  private readonly ctx: ResourceContext = {
    atOfRow: (row) => (row >= 0 && row < this.columns.count ? this.columns.atAt(row) : 0),
    stateId: (state) => this.stateNames.id(state),
    stateName: (id) => this.stateNames.value(id) ?? '',
  };
  private readonly channels = new ChannelCounts();
  private readonly listeners = new Set<(change: TrackerChange) => void>();
  private malformed = 0;

  /** Ingests one entry and notifies listeners. */
  ingest(entry: IndexEntry): void {
    this.ingestBatch([entry]);
  }

  /** Ingests entries in order and notifies listeners once with every changed resource key. */
  ingestBatch(entries: readonly IndexEntry[]): void {
    const changed = new Set<TrackedResource>();
    for (const entry of entries) this.ingestOne(entry, changed);
    this.notify(changed, entries.length);
  }

  /** Tells listeners the keys of `changed`: keys are built here, not per ref (the costliest line of an import, which has no listener). */
  private notify(changed: ReadonlySet<TrackedResource>, records: number): void {
    if (this.listeners.size === 0 || records === 0) return;
    const keys = new Set<string>();
    for (const r of changed) keys.add(r.key);
    const change: TrackerChange = { keys, records };
    for (const listener of this.listeners) listener(change);
  }

  /**
   * Ingests a packed batch, as the connection process sends it: the same result as
   * ingestBatch(unpackIndex(packed)), without building an object per record.
   */
  ingestPacked(packed: PackedIndex): void {
    const changed = new Set<TrackedResource>();
    const touched = new Set<TrackedResource>();
    const { strings } = packed;
    const interned = new Int32Array(strings.length).fill(-1);
    const intern = (id: number): number => (id === 0 ? 0 : interned[id] >= 0 ? interned[id] : (interned[id] = this.columns.intern(strings[id])));
    // Resources named in this batch, by string id * 8 + kind code: one map lookup per resource, not per ref.
    const named: Array<TrackedResource | undefined> = new Array(strings.length * 8);
    const str = (id: number): string | undefined => (id === 0 ? undefined : strings[id]);
    let nextObject = 0;
    let j = 0;
    // Empty when the batch comes from the bench's build without the index facts.
    const rowFacts = packed.serverGenerationTimestamp.length === packed.count;
    const refFacts = packed.refStateHash.length === packed.refKind.length;
    for (let i = 0; i < packed.count; i++) {
      if (packed.form[i] === ROW_OBJECT) {
        this.ingestOne(packed.objects[nextObject++], changed);
        j = packed.refEnd[i];
        continue;
      }
      const refStr = packed.referenceStr[i];
      const reference = refStr !== 0 ? strings[refStr] : Number.isNaN(packed.referenceNum[i]) ? undefined : packed.referenceNum[i];
      const malformed = intern(packed.malformed[i]);
      const row = this.columns.appendInterned('message', packed.seq[i], packed.offset[i], packed.length[i], packed.at[i], intern(packed.channel[i]), intern(packed.messageType[i]), intern(packed.notificationType[i]), malformed, reference);
      if (rowFacts) this.columns.setFacts(row, packed.serverGenerationTimestamp[i], packed.serverProcessingTimeTotalMs[i], packed.transcriptFirst[i], packed.transcriptLast[i]);
      this.channels.add(this.columns.channel.data[row]);
      if (malformed !== 0) this.malformed += 1;
      for (const end = packed.refEnd[i]; j < end; j++) {
        const code = packed.refKind[j];
        const slot = packed.refId[j] * 8 + (code & KIND_BITS);
        const r = (named[slot] ??= this.resourceFor(RESOURCE_KINDS[code & KIND_BITS], strings[packed.refId[j]], row));
        if (r.addRow(row)) r.messageCount += 1;
        if (refFacts) this.columns.addRef(r.index, intern(packed.refDevice[j]), intern(packed.refCapabilities[j]), packed.refStateHash[j], intern(packed.refState[j]));
        else this.columns.addRef(r.index, 0, 0, 0, intern(packed.refState[j]));
        if (refFacts && (packed.refCallUuid[j] | packed.refConnId[j]) !== 0) r.noteCallIds(str(packed.refCallUuid[j]), str(packed.refConnId[j]));
        this.applyFacts(r, row, str(packed.refLabel[j]), str(packed.refDeviceState[j]), str(packed.refState[j]), (code & ENDED_TRUE) !== 0);
        touched.add(r);
      }
    }
    for (const r of touched) changed.add(r);
    this.notify(changed, packed.count);
  }

  /** Registers a change listener; returns the function that removes it. */
  onDidChange(listener: (change: TrackerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ingestOne(entry: IndexEntry, changed: Set<TrackedResource>): void {
    const row = this.columns.append(entry);
    if (entry.rec === 'message') this.channels.add(this.columns.channel.data[row]);
    if (entry.malformed !== undefined) this.malformed += 1;
    const refs = Array.isArray(entry.refs) ? entry.refs : [];
    for (const ref of refs) {
      const r = this.resourceFor(ref.kind, ref.id, row);
      // A record that lists one resource twice (a device repeated in devices[]) counts once.
      if (r.addRow(row) && entry.rec === 'message') r.messageCount += 1;
      this.columns.addRefFacts(r.index, ref);
      r.noteCallIds(ref.callUuid, ref.connId);
      this.applyFacts(r, row, ref.label, ref.deviceState, ref.state, ref.ended === true);
      changed.add(r);
      for (const link of ref.links ?? []) this.linkError(link.kind, link.id, entry.seq, changed);
    }
    if (entry.rec === 'snapshot' && entry.covers) this.sweep(entry, refs, changed);
  }

  /** Applies what a ref says about its resource; refs without state leave state and ended alone. */
  private applyFacts(r: TrackedResource, row: number, label: string | undefined, deviceState: string | undefined, state: string | undefined, ended: boolean): void {
    if (r.ended && r.endReason !== GONE_AFTER_RECONNECT) {
      // Released and Completed are final: a late message is flagged, and the resource stays as it ended.
      if (this.columns.recAt(row) === 'message') this.columns.markLate(row);
      return;
    }
    if (label !== undefined) r.label = label;
    if (deviceState !== undefined) r.deviceState = deviceState;
    if (state !== undefined) {
      r.setState(state, row);
      r.endReason = ended ? state : undefined;
    } else if (ended) {
      r.endReason ??= 'ended';
    }
  }

  /** Ends the tracked resources of the covered kinds that the snapshot no longer lists. */
  private sweep(entry: IndexEntry, refs: readonly ResourceRef[], changed: Set<TrackedResource>): void {
    const listed = new Set(refs.map((ref) => resourceKey(ref.kind, ref.id)));
    for (const kind of entry.covers ?? []) {
      for (const r of this.byKind.get(kind)?.values() ?? []) {
        if (r.ended || listed.has(r.key)) continue;
        r.endReason = GONE_AFTER_RECONNECT;
        changed.add(r);
      }
    }
  }

  /** An ErrorMessage names a device or call: linked when the tracker knows it, else held (heldErrors.ts). */
  private linkError(kind: ResourceKind, id: string, seq: number, changed: Set<TrackedResource>): void {
    const target = this.find(kind, id);
    if (target) {
      target.addError(seq);
      changed.add(target);
      return;
    }
    this.heldErrors.hold(resourceKey(kind, id), seq);
  }

  private resourceFor(kind: ResourceKind, id: string, row: number): TrackedResource {
    let map = this.byKind.get(kind);
    if (!map) this.byKind.set(kind, (map = new Map()));
    let r = map.get(id);
    if (!r) {
      r = new TrackedResource(kind, id, this.all.length, row, this.ctx);
      this.all.push(r);
      map.set(id, r);
      for (const seq of this.heldErrors.release(r.key)) r.addError(seq);
    }
    return r;
  }

  private find(kind: ResourceKind, id: string): TrackedResource | undefined {
    return this.byKind.get(kind)?.get(id);
  }

  /** Resources of `kind` (or all, grouped chat, call, device, error, other), each group in first-seen order. */
  resources(kind?: ResourceKind): ResourceView[] {
    if (kind !== undefined) return [...(this.byKind.get(kind)?.values() ?? [])];
    return [...this.byKind.values()].flatMap((map) => [...map.values()]);
  }

  /** The resource `kind`/`id`, or undefined. */
  get(kind: ResourceKind, id: string): ResourceView | undefined {
    return this.find(kind, id);
  }

  /** The rows and state changes of `kind`/`id`, or undefined: what correlation reads. */
  trail(kind: ResourceKind, id: string): ResourceRows | undefined {
    return this.find(kind, id);
  }

  /** The resource at position `index` of the tracker's list (see RecordView.resource). */
  resourceAt(index: number): ResourceView | undefined {
    return this.all[index];
  }

  /** The rows and state path of the resource at `index`, for queries over the columns. */
  rowsAt(index: number): ResourceRows | undefined {
    return this.all[index];
  }

  /** The state named by a state id of ResourceRows.stepRows. */
  stateName(id: number): string {
    return this.stateNames.value(id) ?? '';
  }

  /** The compact view of the record with `seq`, or undefined. */
  entryAt(seq: number): RecordView | undefined {
    const row = this.columns.indexOfSeq(seq);
    return row < 0 ? undefined : this.columns.view(row);
  }

  /** The compact view of the `index`-th record in ingest order. */
  recordAt(index: number): RecordView | undefined {
    return index >= 0 && index < this.columns.count ? this.columns.view(index) : undefined;
  }

  /** Seqs of the records naming `kind`/`id`, in ingest order. */
  seqsOf(kind: ResourceKind, id: string): Float64Array {
    const r = this.find(kind, id);
    const out = new Float64Array(r ? r.recordCount : 0);
    for (let i = 0; i < out.length; i++) out[i] = this.columns.seqAt(r!.rowAt(i));
    return out;
  }

  /**
   * The seq of the last record naming `kind`/`id` that came before the record `seq` (and passes
   * `accept`, when given), or undefined.
   */
  previousSeq(kind: ResourceKind, id: string, seq: number, accept?: (view: RecordView) => boolean): number | undefined {
    const r = this.find(kind, id);
    const row = this.columns.indexOfSeq(seq);
    if (!r || row < 0) return undefined;
    for (let i = r.lastRowBefore(row); i >= 0; i--) {
      const candidate = r.rowAt(i);
      if (!accept || accept(this.columns.view(candidate))) return this.columns.seqAt(candidate);
    }
    return undefined;
  }

  /** Resources tracked, of every kind. */
  get resourceCount(): number {
    return this.all.length;
  }

  /** Records ingested. */
  get recordCount(): number {
    return this.columns.count;
  }

  /** Message records ingested. */
  get messageCount(): number {
    return this.channels.total;
  }

  /** Records flagged malformed (messages and unreadable lines). */
  get malformedCount(): number {
    return this.malformed;
  }

  /** Message records per channel, in first-seen order. */
  byChannel(): Map<string, number> {
    return this.channels.byName(this.columns.strings);
  }

  /** Approximate bytes held by the record columns. */
  get columnBytes(): number {
    return this.columns.byteSize;
  }
}
