import type { OperationOutcome } from '../operations/correlate';
import { formatTarget } from '../operations/operationRequest';
import type { CaptureSession } from '../session/captureSession';
import type { OperationDetail, OperationView } from '../timelineProtocol';
import { clip, prettyPayload } from './rowSummary';

/** Longest record text sent, per record (a response body may be 1 MiB of anything). */
const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * What the row `seq` has to do with an operation: the operation of a request or response row (its
 * records' text and its outcome), or the operation a notification was caused by. Read from the
 * session's coalesced correlation, brought up to date first; record text from the journal by offset.
 */
export async function buildOperationDetail(session: CaptureSession, seq: number): Promise<OperationDetail> {
  const view = await session.operations.fresh();
  const own = view.byRecord.get(seq);
  if (own) return { seq, operation: await operationView(session, own) };
  const cause = view.byCaused.get(seq);
  if (cause) return { seq, causedBy: { operation: clip(cause.operation), target: clip(formatTarget(cause.target)), requestSeq: cause.requestSeq, outcome: cause.outcome } };
  return { seq };
}

async function operationView(session: CaptureSession, o: OperationOutcome): Promise<OperationView> {
  const [request, response] = await session.readRecords(o.responseSeq === null ? [o.requestSeq] : [o.requestSeq, o.responseSeq]);
  const text = (record: unknown): { text: string; truncated: boolean } => {
    const pretty = prettyPayload(JSON.stringify(record ?? null), 0);
    const cut = pretty.text.length > MAX_RECORD_CHARS;
    return { text: cut ? pretty.text.slice(0, MAX_RECORD_CHARS) : pretty.text, truncated: pretty.truncated || cut };
  };
  const req = text(request);
  const resp = response === undefined ? undefined : text(response);
  return {
    operation: clip(o.operation),
    target: clip(formatTarget(o.target)),
    requestSeq: o.requestSeq,
    responseSeq: o.responseSeq,
    sentAt: o.sentAt,
    httpStatus: o.httpStatus,
    statusCode: o.statusCode,
    statusMessage: o.statusMessage === null ? null : clip(o.statusMessage, 500),
    referenceId: o.referenceId === null ? null : clip(String(o.referenceId)),
    elapsedMs: o.elapsedMs,
    outcome: o.outcome,
    effect: o.effect && { ...o.effect, state: clip(o.effect.state) },
    error: o.error && { reason: clip(o.error.reason, 500), seq: o.error.seq },
    summary: clip(session.operations.line(o), 1000),
    requestText: req.text,
    ...(resp ? { responseText: resp.text } : {}),
    truncated: req.truncated || (resp?.truncated ?? false),
  };
}
