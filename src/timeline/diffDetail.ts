import { itemKey } from '../diff/deltaChanges';
import { stateFromRecord, type SuccessiveDiff } from '../diff/stateDiff';
import type { CaptureLine } from '../capture/records';
import { classifyMessage, classifySnapshot } from '../model/classify';
import type { ResourceKind } from '../model/gwsTypes';
import type { CaptureSession } from '../session/captureSession';
import type { ChangeLine, DiffResult, ParticipantChange, ResourceDiffEntry, ResourceRefLite } from '../timelineProtocol';
import { clip } from './rowSummary';
import { isObject } from '../util/jsonObject';

/**
 * The Changes tab: the core's keyed diff of each resource a record names, turned into bounded
 * text for the webview (values as pretty JSON, cut when long) with the unchanged fields listed
 * separately so the view can fold them away.
 */

const MAX_VALUE = 2000;
const MAX_CHANGES = 500;
const MAX_ENTRIES = 50;
const MAX_UNCHANGED = 100;

/** Pretty JSON of `value`, cut to `max` characters. */
export function valueText(value: unknown, max = MAX_VALUE): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    text = String(value);
  }
  return clip(text ?? 'undefined', max);
}

/** The resources a record names, in order: message refs, or every resource of a snapshot. */
export function refsOf(record: CaptureLine | undefined, seq: number): ResourceRefLite[] {
  if (record?.kind === 'message') {
    return classifyMessage(record.channel, record.data).refs.map((r) => ({ kind: r.kind, id: r.kind === 'error' && r.id === '' ? String(seq) : r.id, ...(r.label !== undefined ? { label: r.label } : {}) }));
  }
  if (record?.kind === 'snapshot') return classifySnapshot(record).refs.map((r) => ({ kind: r.kind, id: r.id }));
  return [];
}

/** The top-level field a change path starts with (`userData.Segment` → `userData`). */
export function topKey(path: string): string {
  if (path.startsWith('[')) {
    const m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(path);
    try {
      return m ? (JSON.parse(m[1]) as string) : path;
    } catch {
      return path;
    }
  }
  const m = /^[^.[]+/.exec(path);
  return m ? m[0] : path;
}

function participant(item: unknown): ParticipantChange {
  const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const name = [o.nickname, o.formattedPhoneNumber, o.phoneNumber].find((v) => typeof v === 'string' && v !== '');
  const change: ParticipantChange = { key: clip(itemKey(item) ?? String(name ?? '?')), text: valueText(item, 600) };
  if (typeof name === 'string') change.label = clip(name);
  return change;
}

function changeLine(c: SuccessiveDiff['changes'][number]): ChangeLine {
  const line: ChangeLine = { path: clip(c.path, 400), op: c.op };
  if (c.op === 'moved') {
    line.before = `position ${String(c.before)}`;
    line.after = `position ${String(c.after)}`;
    return line;
  }
  if (c.op !== 'added') line.before = valueText(c.before);
  if (c.op !== 'removed') line.after = valueText(c.after);
  return line;
}

/** The diff entry of one resource at record `seq`. */
export async function diffEntry(session: CaptureSession, record: CaptureLine | undefined, seq: number, ref: ResourceRefLite): Promise<ResourceDiffEntry> {
  const entry: ResourceDiffEntry = { resource: { ...ref, id: clip(ref.id), ...(ref.label !== undefined ? { label: clip(ref.label) } : {}) }, unchanged: false, changes: [], capabilities: [], participants: { joined: [], left: [] }, unchangedFields: [] };
  const diff = await session.diffAt(ref.kind, ref.id, seq);
  if (!diff) {
    const logUpdate = record?.kind === 'message' && (record.data as { messageType?: unknown } | null)?.messageType === 'MessageLogUpdated';
    entry.note = logUpdate ? 'MessageLogUpdated carries no chat state: see the Transcript tab.' : 'This record holds no state of this resource.';
    return entry;
  }
  if (diff.previousSeq !== undefined) entry.previousSeq = diff.previousSeq;
  else entry.note = 'First appearance: compared with an empty state.';
  if (diff.error !== undefined) entry.note = `Could not compare: ${clip(diff.error, 300)}`;
  entry.unchanged = diff.unchanged;
  entry.changes = diff.changes.slice(0, MAX_CHANGES).map(changeLine);
  entry.capabilities = (diff.capabilities ?? []).map((c) => ({ path: clip(c.path), added: c.added.map((s) => clip(s)), removed: c.removed.map((s) => clip(s)) }));
  entry.participants = { joined: (diff.participants?.joined ?? []).map(participant), left: (diff.participants?.left ?? []).map(participant) };
  const touched = new Set(diff.changes.map((c) => topKey(c.path)));
  const after = record ? stateFromRecord(ref.kind, ref.id, record) : undefined;
  if (isObject(after)) {
    for (const [key, value] of Object.entries(after)) {
      if (touched.has(key)) continue;
      if (entry.unchangedFields.length >= MAX_UNCHANGED) {
        entry.truncated = true;
        break;
      }
      entry.unchangedFields.push({ key: clip(key), text: valueText(value, 600) });
    }
  }
  if (diff.changes.length > MAX_CHANGES) entry.truncated = true;
  return entry;
}

/** The Changes tab for record `seq`: `only` the scoped resource, or every resource the record names. */
export async function buildDiff(session: CaptureSession, seq: number, only?: { kind: ResourceKind; id: string }): Promise<DiffResult> {
  const record = await session.readRecord(seq);
  const all = refsOf(record, seq);
  const scoped = only ? all.filter((r) => r.kind === only.kind && r.id === only.id) : [];
  // A linked ErrorMessage in a call's timeline names the call only as a link: show the error itself.
  const refs = scoped.length > 0 ? scoped : all.length > 0 ? all : only ? [{ kind: only.kind, id: only.id }] : [];
  const entries: ResourceDiffEntry[] = [];
  for (const ref of refs.slice(0, MAX_ENTRIES)) entries.push(await diffEntry(session, record, seq, ref));
  if (refs.length > MAX_ENTRIES && entries.length > 0) entries[entries.length - 1].truncated = true;
  return { seq, entries };
}
