/**
 * Sends one GWS operation from the connection process, which holds the cookies and the CSRF
 * header, and journals it: a `request` record when it goes out, a `response` record when the
 * answer (or the failure) comes. Bodies are masked as exports mask them; headers never journaled.
 */
import type { RequestRecord, ResponseRecord } from '../capture/records';
import { Redactor, scrubText, type RedactOptions } from '../exchange/redaction';
import { requestUrl, type OperationRequest } from '../operations/operationRequest';
import { isObject } from '../util/jsonObject';
import { ConnectionError } from './connectionErrors';
import type { OperationReply } from './ipc';
import type { GwsSession } from './gwsAuth';
import { httpRequest } from './httpClient';

/** Longest response body kept in the journal; a longer one is cut and kept as text. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Where the records go: the recorder takes a seq and writes the record `build` makes. */
export interface OperationJournal {
  operation(build: (seq: number) => RequestRecord | ResponseRecord): number;
  /** Masks the session's own secrets in free text. */
  scrubSecrets(text: string): string;
}

/** How to send: the HTTP timeout and the masking to apply to journaled bodies. */
export interface OperationSendOptions {
  timeoutMs?: number;
  redact?: RedactOptions;
}

/** What came back, as the response record says it (unmasked statusCode and referenceId). */
export interface OperationResult extends OperationReply {
  /** The answer's parsed body (unmasked, for the caller only), or undefined when not JSON. */
  body?: unknown;
}

/** Sends `request` with the session's cookies and CSRF header, journaling both records. */
export async function sendOperation(session: GwsSession, journal: OperationJournal, request: OperationRequest, options: OperationSendOptions = {}): Promise<OperationResult> {
  const url = requestUrl(session.baseUrl, request.path);
  const redactor = new Redactor(options.redact ?? { enabled: false });
  const sentAt = Date.now();
  const requestSeq = journal.operation((seq) => ({
    kind: 'request', seq, at: new Date(sentAt).toISOString(), method: request.method, path: request.path,
    operation: request.operation, target: { ...request.target }, body: redactor.value(request.body),
  }));
  const started = performance.now();
  let status = 0;
  let text = '';
  let error: string | undefined;
  try {
    const res = await httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...session.postHeaders() },
      body: JSON.stringify(request.body),
      timeoutMs: options.timeoutMs ?? 15_000,
    });
    status = res.status;
    text = res.body;
  } catch (err) {
    error = journal.scrubSecrets(scrubText(err instanceof ConnectionError ? err.failure.message : err instanceof Error ? err.message : String(err)));
  }
  const elapsedMs = Math.round(performance.now() - started);
  const result: OperationResult = { requestSeq, responseSeq: 0, status, elapsedMs };
  if (error !== undefined) result.error = error;
  const record = responseRecord(requestSeq, status, text, elapsedMs, error, redactor, journal, result);
  result.responseSeq = journal.operation((seq) => ({ ...record, seq }));
  return result;
}

/** The response record (seq 0, set by the journal); fills `result` with what the body said. */
function responseRecord(request: number, status: number, text: string, elapsedMs: number, error: string | undefined, redactor: Redactor, journal: OperationJournal, result: OperationResult): ResponseRecord {
  const record: ResponseRecord = { kind: 'response', seq: 0, request, at: new Date().toISOString(), status, elapsedMs };
  if (error !== undefined) {
    record.error = error;
    return record;
  }
  if (text === '') return record;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RESPONSE_BYTES) {
    // A cut body is no longer JSON: it is kept as text, and statusCode read only if it parsed whole.
    record.text = journal.scrubSecrets(scrubText(Buffer.from(text, 'utf8').subarray(0, MAX_RESPONSE_BYTES).toString('utf8')));
    record.truncated = true;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (record.text === undefined) record.text = journal.scrubSecrets(scrubText(text));
    return record;
  }
  result.body = body;
  if (isObject(body)) {
    if (typeof body.statusCode === 'number') record.statusCode = result.statusCode = body.statusCode;
    if (typeof body.statusMessage === 'string') record.statusMessage = result.statusMessage = journal.scrubSecrets(scrubText(body.statusMessage));
    if (typeof body.referenceId === 'number' || typeof body.referenceId === 'string') record.referenceId = result.referenceId = body.referenceId;
  }
  if (record.text === undefined) record.body = redactor.value(body);
  return record;
}
