import { classifyMessage } from '../model/classify';
import type { ResourceKind } from '../model/gwsTypes';
import type { CaptureSession } from '../session/captureSession';
import { stateSpans, timeInState } from '../tracker/stateTimes';
import type { ResourceDetail, ResourceRefLite } from '../timelineProtocol';
import { clip } from './rowSummary';

/** The Resource tab: a resource's time in each state (totals), its state path with each visit's time, first and last seen, linked errors. */

const MAX_ERRORS = 200;
const MAX_STATES = 1000;

/** The detail of `kind`/`id` in `session`; `found` is false when the tracker does not know it. */
export async function buildResourceDetail(session: CaptureSession, kind: ResourceKind, id: string): Promise<ResourceDetail> {
  const tracker = session.tracker;
  const r = tracker.get(kind, id);
  const resource: ResourceRefLite = { kind, id: clip(id) };
  if (!r) return { resource, found: false, states: [], errors: [], links: [] };
  if (r.label !== undefined) resource.label = clip(r.label);
  const steps = stateSpans(r, session.now());
  // `current` means still in it at "now": an ended resource's last state is final, never "so far".
  const states = steps.slice(-MAX_STATES).map((span) => ({ state: clip(span.state), since: span.since, durationMs: span.durationMs, current: span.open }));
  const errors = r.errorSeqs.slice(-MAX_ERRORS).map((seq) => {
    const text = tracker.get('error', String(seq))?.label;
    return { seq, at: tracker.entryAt(seq)?.at ?? 0, ...(text !== undefined ? { text: clip(text, 300) } : {}) };
  });
  const detail: ResourceDetail = {
    resource,
    found: true,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    messageCount: r.messageCount,
    ended: r.ended,
    states,
    errors,
    links: kind === 'error' ? await errorLinks(session, id) : [],
  };
  const open = steps.find((s) => s.open)?.state;
  const totals = Object.entries(timeInState(steps));
  if (totals.length > 0) detail.timeInState = totals.slice(0, MAX_STATES).map(([state, ms]) => ({ state: clip(state), ms, open: state === open }));
  if (r.state !== undefined) detail.state = clip(r.state);
  if (r.deviceState !== undefined) detail.deviceState = clip(r.deviceState);
  if (r.endReason !== undefined) detail.endReason = clip(r.endReason);
  if (steps.length > MAX_STATES || r.errorSeqs.length > MAX_ERRORS) detail.truncated = true;
  if (session.logLocalTimes) detail.clock = 'log-local';
  return detail;
}

/** The call and device an ErrorMessage names, read from its record, when the tracker knows them. */
async function errorLinks(session: CaptureSession, id: string): Promise<ResourceRefLite[]> {
  const seqs = session.tracker.seqsOf('error', id);
  const record = seqs.length > 0 ? await session.readRecord(seqs[0]) : undefined;
  if (record?.kind !== 'message') return [];
  const error = classifyMessage(record.channel, record.data).refs.find((r) => r.kind === 'error');
  return (error?.links ?? []).filter((l) => session.tracker.get(l.kind, l.id) !== undefined).map((l) => ({ kind: l.kind, id: clip(l.id) }));
}
