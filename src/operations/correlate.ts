/**
 * Cause and effect: pairs each request record with its response and the notification it caused.
 * Derived, never stored: it reads only the tracker's columns and trails (the index facts), so a
 * live session, an opened capture and an import correlate the same way, without payloads.
 */
import type { OperationFacts } from '../indexing/indexEntry';
import type { ResourceKind } from '../model/gwsTypes';
import type { ResourceTracker, ResourceRows } from '../tracker/resourceTracker';
import { outcomeRule, type ExpectedEffect, type TargetKind } from './catalogue';
import { OperationIndex, type Match, type WindowRows } from './operationIndex';

/** Default correlation window: how long after the response an effect may still come. */
export const DEFAULT_WINDOW_MS = 5000;

/** How an operation ended; `pending` only while a live window is still open. */
export type OutcomeKind = 'effect' | 'error' | 'no-effect' | 'pending';

/** One operation and what came of it. */
export interface OperationOutcome {
  requestSeq: number;
  responseSeq: number | null;
  operation: string;
  target: { kind: TargetKind; id: string };
  sentAt: number;
  /** HTTP status, 0 when no answer came. */
  httpStatus: number;
  statusCode: number | null;
  statusMessage: string | null;
  referenceId: string | number | null;
  /** Response time: response record time − request time (or the client's elapsedMs). */
  elapsedMs: number | null;
  outcome: OutcomeKind;
  /** The notification that was the effect; `state` names what it showed. */
  effect: { seq: number; state: string; afterMs: number } | null;
  /** Why it is an error, and the notification that reported it when one did. */
  error: { reason: string; seq: number | null } | null;
  /** How long after the response the capture covered, at most the window (null without a response). */
  coveredMs: number | null;
}

/** Correlation options: the window, and `now` for a live capture whose windows may still be open. */
export interface CorrelateOptions {
  windowMs?: number;
  /** Epoch ms; when set, a window that closes after it is `pending`, not `no-effect`. */
  now?: number;
}

type Found = Match | undefined;

/** Correlates every request the tracker holds, in request order. */
export function correlate(tracker: ResourceTracker, options: CorrelateOptions = {}): OperationOutcome[] {
  const index = new OperationIndex(tracker);
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const claimed = new Set<number>();
  const out: OperationOutcome[] = [];
  for (const row of tracker.columns.operations.requestRows) out.push(correlateOne(index, row, windowMs, options.now, claimed));
  return out;
}

function correlateOne(index: OperationIndex, row: number, windowMs: number, now: number | undefined, claimed: Set<number>): OperationOutcome {
  const c = index.tracker.columns;
  const req = c.operations.at(row) as Extract<OperationFacts, { kind: 'request' }>;
  const sentAt = c.atAt(row);
  const respRow = index.responseOf(c.seqAt(row));
  const resp = respRow === undefined ? undefined : (c.operations.at(respRow) as Extract<OperationFacts, { kind: 'response' }>);
  const target = { kind: req.targetKind as TargetKind, id: req.targetId };
  const o: OperationOutcome = {
    requestSeq: c.seqAt(row), responseSeq: respRow === undefined ? null : c.seqAt(respRow), operation: req.operation, target, sentAt,
    httpStatus: resp?.status ?? 0, statusCode: resp?.statusCode ?? null, statusMessage: resp?.statusMessage ?? null,
    referenceId: resp?.referenceId ?? null, elapsedMs: resp ? resp.elapsedMs ?? Math.max(0, c.atAt(respRow!) - sentAt) : null,
    outcome: 'no-effect', effect: null, error: null, coveredMs: null,
  };
  if (!resp) {
    o.outcome = now !== undefined ? 'pending' : 'error';
    if (now === undefined) o.error = { reason: 'no response recorded', seq: null };
    return o;
  }
  const refused = [
    resp.status !== 0 && (resp.status < 200 || resp.status >= 300) ? `HTTP ${resp.status}` : undefined,
    resp.statusCode !== undefined && resp.statusCode !== 0 ? `statusCode ${resp.statusCode}` : undefined,
    resp.failed,
  ].filter((x): x is string => x !== undefined);
  if (refused.length > 0) {
    o.outcome = 'error';
    o.error = { reason: resp.statusMessage ? `${refused.join(', ')}: ${resp.statusMessage}` : refused.join(', '), seq: null };
    return o;
  }
  const rule = outcomeRule(req.operation, req.targetKind);
  // Nothing to wait for: an accepted answer is the whole outcome (`effect` with no notification).
  if (rule.effect.kind === 'none') {
    o.outcome = 'effect';
    return o;
  }
  const respAt = c.atAt(respRow!);
  const closesAt = respAt + windowMs;
  const rows: WindowRows = { after: row, until: closesAt };
  // Live, the clock covers the window; in a capture, its last record does.
  o.coveredMs = Math.max(0, Math.min(windowMs, (now ?? index.endAt) - respAt));
  const byReference = findByReference(index, rows, resp.referenceId, rule.byReference, claimed);
  const failure = firstOf(byReference?.error !== undefined ? byReference : undefined, findError(index, rows, target));
  // No notification echoing the referenceId: the expected effect decides (a server that does not echo it).
  const effect = byReference && byReference.error === undefined ? byReference : findEffect(index, rows, target, rule.effect, claimed);
  const first = firstOf(failure, effect);
  if (first?.error !== undefined) {
    o.outcome = 'error';
    o.error = { reason: first.error, seq: c.seqAt(first.row) };
  } else if (first) {
    claimed.add(first.row);
    o.outcome = 'effect';
    o.effect = { seq: c.seqAt(first.row), state: first.state, afterMs: Math.max(0, c.atAt(first.row) - sentAt) };
  } else if (now !== undefined && now < closesAt) {
    o.outcome = 'pending';
  }
  return o;
}

function firstOf(a: Found, b: Found): Found {
  if (!a) return b;
  if (!b) return a;
  return b.row < a.row ? b : a;
}

/** A notification echoing the response's referenceId: an `Error` one reports a failure. */
function findByReference(index: OperationIndex, rows: WindowRows, referenceId: string | number | undefined, byReference: boolean, claimed: Set<number>): Found {
  if (referenceId === undefined || !byReference) return undefined;
  const c = index.tracker.columns;
  for (const row of index.rowsWithReference(referenceId)) {
    if (!index.inWindow(row, rows)) continue;
    if (c.ntypeAt(row) === 'Error') return { row, state: 'Error', error: `Error notification with referenceId ${referenceId}` };
    if (!claimed.has(row)) return { row, state: index.describe(row) };
  }
  return undefined;
}

/** An ErrorMessage about the target call, its device, or the target device, inside the window. */
function findError(index: OperationIndex, rows: WindowRows, target: { kind: TargetKind; id: string }): Found {
  const trails: ResourceRows[] = [];
  const add = (kind: ResourceKind, id: string | undefined): void => {
    const t = id === undefined ? undefined : index.tracker.trail(kind, id);
    if (t) trails.push(t);
  };
  if (target.kind === 'call') {
    add('call', target.id);
    add('device', index.deviceOfCall(target.id));
  } else if (target.kind === 'device') add('device', target.id);
  else if (target.kind === 'voice') trails.push(...index.devices());
  let best: Found;
  for (const t of trails) {
    for (const seq of t.errorSeqs) {
      const row = index.tracker.columns.indexOfSeq(seq);
      if (row >= 0 && index.inWindow(row, rows) && (!best || row < best.row)) best = { row, state: 'ErrorMessage', error: `ErrorMessage: ${index.tracker.resourceAt(index.tracker.columns.primaryAt(row))?.label ?? 'no errorMessage'}` };
    }
  }
  return best;
}

/** The catalogue's expected effect on the target: the first unclaimed row inside the window. */
function findEffect(index: OperationIndex, rows: WindowRows, target: { kind: TargetKind; id: string }, effect: ExpectedEffect, claimed: Set<number>): Found {
  const free = (row: number): boolean => index.inWindow(row, rows) && !claimed.has(row);
  switch (effect.kind) {
    case 'state': {
      const trails = target.kind === 'voice' ? index.devices() : [index.targetTrail(target)].filter((t): t is ResourceRows => t !== undefined);
      let best: Found;
      for (const t of trails) {
        const step = t.stepsAfter(rows.after).find((s) => s.state === effect.state && free(s.row));
        if (step && (!best || step.row < best.row)) best = { row: step.row, state: step.state };
      }
      return best;
    }
    case 'notification':
      return index.firstTargetRow(target, rows, (row) => free(row) && index.tracker.columns.ntypeAt(row) === effect.notificationType);
    case 'next':
      return index.firstTargetRow(target, rows, free);
    case 'messageType':
      return index.scanWindow(rows, (row) => free(row) && index.tracker.columns.typeAt(row) === effect.messageType);
    case 'newCall': {
      const device = target.kind === 'device' ? target.id : index.deviceOfCall(target.id);
      const row = index.newCallRows(device).find((r) => free(r));
      return row === undefined ? undefined : { row, state: 'Dialing' };
    }
    case 'none':
      return undefined;
    case 'completes': {
      const released = index.targetTrail(target)?.stepsAfter(rows.after).find((s) => s.state === 'Released' && free(s.row));
      const device = index.deviceOfCall(target.id);
      const merged = device === undefined ? undefined : index.scanWindow(rows, (row) => free(row) && index.tracker.columns.ntypeAt(row) === 'ParticipantsUpdated' && index.otherCallOnDevice(row, target.id, device));
      return firstOf(released ? { row: released.row, state: 'Released' } : undefined, merged);
    }
  }
}
