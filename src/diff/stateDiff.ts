import { create, type Delta } from 'jsondiffpatch';
import type { CaptureLine } from '../capture/records';
import type { JournalFile } from '../capture/journalFile';
import type { ResourceKind } from '../model/gwsTypes';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { stateDelta } from './stateDelta';
import { itemKey, summarizeDelta, type CapabilityChange, type StateChange } from './deltaChanges';
import { isObject, own } from '../util/jsonObject';

/**
 * Successive-state diff: what changed in one resource between two of its messages. Arrays of
 * participants and devices are matched by key, capabilities are compared as sets.
 */

export type { CapabilityChange, StateChange } from './deltaChanges';

/** The diff of two states of one resource. */
export interface StateDiff {
  changes: StateChange[];
  capabilities?: CapabilityChange[];
  participants?: { joined: unknown[]; left: unknown[] };
  unchanged: boolean;
  /** The raw jsondiffpatch delta (undefined when unchanged). */
  delta: unknown;
  /** Set when the states could not be compared. */
  error?: string;
}

/** A successive diff, with the seqs of both sides (`previousSeq` undefined for a first appearance). */
export interface SuccessiveDiff extends StateDiff {
  seq: number;
  previousSeq: number | undefined;
}

const differ = create({
  objectHash: (item: object, index?: number) => itemKey(item) ?? `$$index:${index ?? 0}`,
  arrays: { detectMove: true, includeValueOnMove: false },
  cloneDiffValues: false,
});

const diffArrays = (before: unknown[], after: unknown[]): Delta => differ.diff(before, after);

/** The resource's own object inside a message payload (data.call, data.chat, a device of data.devices, or the payload). */
export function resourceState(kind: ResourceKind, id: string, data: unknown): unknown {
  if (!isObject(data)) return kind === 'other' ? data : undefined;
  const idOf = (o: unknown): string | undefined => {
    const v = isObject(o) ? own(o, 'id') : undefined;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  switch (kind) {
    case 'call': {
      const call = own(data, 'call');
      return idOf(call) === id ? call : undefined;
    }
    case 'chat': {
      const chat = own(data, 'chat');
      return idOf(chat) === id ? chat : undefined;
    }
    case 'device': {
      const devices = own(data, 'devices');
      return Array.isArray(devices) ? devices.find((d) => idOf(d) === id) : undefined;
    }
    default:
      return data;
  }
}

/** The resource's state inside any record: a message's payload or a snapshot's collection. */
export function stateFromRecord(kind: ResourceKind, id: string, record: CaptureLine): unknown {
  if (record.kind === 'message') return resourceState(kind, id, record.data);
  if (record.kind !== 'snapshot') return undefined;
  const list = kind === 'call' ? record.calls : kind === 'device' ? record.devices : kind === 'chat' ? record.chats : undefined;
  return Array.isArray(list) ? list.find((item) => isObject(item) && String(own(item, 'id')) === id) : undefined;
}

/** Compares two states of a resource; never throws. */
export function diffStates(before: unknown, after: unknown): StateDiff {
  try {
    const delta = stateDelta(before, after, diffArrays);
    if (delta === undefined) return { changes: [], unchanged: true, delta: undefined };
    const summary = summarizeDelta(delta, before, after);
    const result: StateDiff = { changes: summary.changes, unchanged: false, delta };
    if (summary.capabilities.length > 0) result.capabilities = summary.capabilities;
    const { joined, left: gone } = summary.participants;
    if (joined.length > 0 || gone.length > 0) result.participants = summary.participants;
    return result;
  } catch (err) {
    return { changes: [], unchanged: false, delta: undefined, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Diffs the resource's state at record `seq` against its previous record, both read from the
 * journal by offset. A first appearance is diffed against `{}`; undefined when `seq` holds no state
 * of the resource.
 */
export async function diffSuccessive(journal: JournalFile, tracker: ResourceTracker, kind: ResourceKind, id: string, seq: number): Promise<SuccessiveDiff | undefined> {
  const entry = tracker.entryAt(seq);
  if (!entry) return undefined;
  // MessageLogUpdated names a chat but carries no chat object to compare.
  const previousSeq = tracker.previousSeq(kind, id, seq, (v) => v.messageType !== 'MessageLogUpdated');
  const prev = previousSeq !== undefined ? tracker.entryAt(previousSeq) : undefined;
  // Both reads at once: one wait on the disk, not two.
  const [record, prevRecord] = await Promise.all([journal.read(entry.offset, entry.length, seq), prev && journal.read(prev.offset, prev.length, previousSeq)]);
  const after = stateFromRecord(kind, id, record);
  if (after === undefined) return undefined;
  const state = prevRecord ? stateFromRecord(kind, id, prevRecord) : undefined;
  return { ...diffStates(state ?? {}, after), seq, previousSeq };
}
