/** Builds small journals of requests, responses and notifications for the correlation tests. */
import type { CaptureRecord, RequestTarget } from '../../../src/capture/records';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const DEVICE_URI = 'http://gws.example/api/v2/devices/dev1';

/** A journal under construction; times are ms after T0. */
export class Journal {
  readonly records: CaptureRecord[] = [];
  private seq = 0;

  /** T0 + ms as an ISO time. */
  static iso(ms: number): string {
    return new Date(T0 + ms).toISOString();
  }

  request(ms: number, operation: string, target: RequestTarget, body: Record<string, unknown> = {}): number {
    const seq = ++this.seq;
    this.records.push({ kind: 'request', seq, at: Journal.iso(ms), method: 'POST', path: '/api/v2/me', operation, target, body: { operationName: operation, ...body } });
    return seq;
  }

  response(ms: number, request: number, status: number, body: Record<string, unknown> = { statusCode: 0 }, error?: string): number {
    const seq = ++this.seq;
    const rec: CaptureRecord = error !== undefined ? { kind: 'response', seq, request, at: Journal.iso(ms), status, elapsedMs: 1, error } : { kind: 'response', seq, request, at: Journal.iso(ms), status, elapsedMs: 1, body };
    if (typeof body.statusCode === 'number') rec.statusCode = body.statusCode;
    if (typeof body.statusMessage === 'string') rec.statusMessage = body.statusMessage;
    if (typeof body.referenceId === 'number') rec.referenceId = body.referenceId;
    this.records.push(rec);
    return seq;
  }

  message(ms: number, channel: string, data: Record<string, unknown>): number {
    const seq = ++this.seq;
    this.records.push({ kind: 'message', seq, receivedAt: Journal.iso(ms), channel, data });
    return seq;
  }

  call(ms: number, id: string, state: string, notificationType = 'StatusChange', extra: Record<string, unknown> = {}): number {
    return this.message(ms, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType, call: { id, state, deviceUri: DEVICE_URI, capabilities: [] }, ...extra });
  }

  chat(ms: number, id: string, state: string, referenceId?: number, notificationType = 'StatusChange'): number {
    return this.message(ms, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', notificationType, chat: { id, state }, ...(referenceId !== undefined ? { referenceId } : {}) });
  }

  device(ms: number, state: string): number {
    return this.message(ms, '/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev1', userState: { state } }] });
  }

  error(ms: number, callId: string | undefined, errorMessage: string): number {
    return this.message(ms, '/v2/me/calls', { messageType: 'ErrorMessage', deviceUri: DEVICE_URI, ...(callId ? { callUri: `http://gws.example/api/v2/calls/${callId}` } : {}), errorMessage });
  }

  /** The tracker after ingesting every record, as an opened capture would have it. */
  tracker(): ResourceTracker {
    const t = new ResourceTracker();
    t.ingestBatch(this.records.map((r) => toIndexEntry(r, 0, 0)));
    return t;
  }
}
