import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/capture/records';
import { OfflineSession } from '../../../src/session/offlineSession';
import { callMsg, harness, journalIn, tempDir, writeJournal } from './helpers';

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const HOSTILE = '<img src=x onerror=alert(1)></pre><script>alert(2)</script>';

/** A Ringing call answered (#2, #3), then Established (#4) 95 ms after the request; a refused Hold (#5, #6). */
function capture(): CaptureRecord[] {
  return [
    callMsg(1, 'C1', 'Ringing'),
    { kind: 'request', seq: 2, at: at(10), method: 'POST', path: '/api/v2/me/calls/C1', operation: 'Answer', target: { kind: 'call', id: 'C1' }, body: { operationName: 'Answer' } },
    { kind: 'response', seq: 3, request: 2, at: at(22), status: 200, elapsedMs: 12, statusCode: 0, body: { statusCode: 0, note: HOSTILE } },
    { ...callMsg(4, 'C1', 'Established'), receivedAt: at(105) },
    { kind: 'request', seq: 5, at: at(200), method: 'POST', path: '/api/v2/me/calls/C1', operation: 'Hold', target: { kind: 'call', id: 'C1' }, body: { operationName: 'Hold' } },
    { kind: 'response', seq: 6, request: 5, at: at(210), status: 400, elapsedMs: 10, statusCode: 3, statusMessage: HOSTILE, body: { statusCode: 3, statusMessage: HOSTILE } },
  ];
}

describe('operations in the timeline (the service over a real journal)', () => {
  const tmp = tempDir();
  let session: OfflineSession;
  before(async () => {
    const path = journalIn(tmp.dir);
    writeJournal(path, capture());
    session = await OfflineSession.open(path);
  });
  after(() => {
    session.dispose();
    tmp.cleanup();
  });

  const rows = async (text: string) => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const snap = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text } });
    h.service.dispose();
    return snap.page.rows;
  };

  test('request and response rows sit among the notifications in time order, named by their operation', async () => {
    const all = await rows('');
    assert.deepEqual(all.map((r) => [r.seq, r.rec]), [[1, 'message'], [2, 'request'], [3, 'response'], [4, 'message'], [5, 'request'], [6, 'response']]);
    assert.deepEqual(all[1].operation, { name: 'Answer', target: 'call:C1', requestSeq: 2 });
    assert.deepEqual(all[2].operation, { name: 'Answer', target: 'call:C1', requestSeq: 2 });
    assert.equal(all[1].detail, 'POST /api/v2/me/calls/C1');
    assert.match(all[2].detail ?? '', /^HTTP 200 · statusCode 0 · 12 ms$/);
    assert.equal(all[0].operation, undefined);
  });

  test('is:operation keeps the requests and responses only (one parser, with the other terms)', async () => {
    assert.deepEqual((await rows('is:operation')).map((r) => r.seq), [2, 3, 5, 6]);
    assert.deepEqual((await rows('IS:Request')).map((r) => r.seq), [2, 5]);
    assert.deepEqual((await rows('is:response is:operation')).map((r) => r.seq), [3, 6]);
    assert.deepEqual((await rows('is:request is:response')).map((r) => r.seq), []);
    // Text terms search each record's own line: the request names the operation, the responses carry the body.
    assert.deepEqual((await rows('is:operation Hold')).map((r) => r.seq), [5]);
    assert.deepEqual((await rows('is:operation onerror')).map((r) => r.seq), [3, 6]);
    // Not a kind `is:` knows: searched as text (no record holds it).
    assert.deepEqual((await rows('is:nothing')).map((r) => r.seq), []);
  });

  test('operation/get: a request or response shows the operation, its records as text and its outcome; the effect says what caused it', async () => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const ofRequest = await h.request<'operation/detail'>({ type: 'operation/get', seq: 2 });
    const op = ofRequest.operation!;
    assert.equal(op.outcome, 'effect');
    assert.deepEqual(op.effect, { seq: 4, state: 'Established', afterMs: 95 });
    assert.equal(op.summary, 'Answer call:C1 → accepted (statusCode 0) in 12 ms → Established 95 ms later (#4)');
    assert.match(op.requestText, /"operationName": "Answer"/);
    assert.ok(op.responseText?.includes(HOSTILE.replace(/"/g, '\\"')), 'the response body comes as the text it was');
    assert.deepEqual((await h.request<'operation/detail'>({ type: 'operation/get', seq: 3 })).operation?.requestSeq, 2);
    assert.deepEqual((await h.request<'operation/detail'>({ type: 'operation/get', seq: 4 })).causedBy, { operation: 'Answer', target: 'call:C1', requestSeq: 2, outcome: 'effect' });
    const refused = (await h.request<'operation/detail'>({ type: 'operation/get', seq: 6 })).operation!;
    assert.equal(refused.outcome, 'error');
    assert.equal(refused.statusMessage, HOSTILE);
    assert.deepEqual(await h.request({ type: 'operation/get', seq: 1 }), { type: 'operation/detail', seq: 1 });
    const bad = await h.request({ type: 'operation/get', seq: 'x' } as never);
    assert.equal(bad.type, 'request/failed');
    h.service.dispose();
  });
});
