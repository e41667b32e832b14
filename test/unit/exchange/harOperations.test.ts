import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { importHarToFile } from '../../../src/exchange/harImport';
import { lintCapture } from '../../../src/findings/lintCapture';
import { summarizeFile } from '../../../src/tracker/summary';
import { tempDir } from '../capture/helpers';

const BASE = 'https://gws.example.com';
const CALL = '013V08JRL498H10I04000VTAES000021';
const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const iso = (ms: number): string => new Date(T0 + ms).toISOString();
const call = (state: string): unknown => ({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: CALL, state, callUuid: 'UUID-21', connId: '006e02b7a9c1d021', capabilities: [] } } });
const poll = (startMs: number, timeMs: number, messages: unknown[]): unknown => ({
  startedDateTime: iso(startMs), time: timeMs,
  request: { method: 'POST', url: `${BASE}/api/v2/notifications/connect`, headers: [{ name: 'Cookie', value: 'JSESSIONID=FAKE-HAR-SESSION-1' }], postData: { text: '[{"channel":"/meta/connect","clientId":"c1"}]' } },
  response: { status: 200, content: { text: JSON.stringify([...messages, { channel: '/meta/connect', successful: true, clientId: 'c1' }]) } },
});
const rest = (startMs: number, timeMs: number, url: string, body: unknown, status: number, answer: unknown): unknown => ({
  startedDateTime: iso(startMs), time: timeMs,
  request: { method: 'POST', url: `${BASE}${url}`, headers: [{ name: 'Authorization', value: 'Basic FAKE-HAR-AUTH-2' }], postData: { mimeType: 'application/json', text: JSON.stringify(body) } },
  response: { status, content: { text: JSON.stringify(answer) } },
});

/** A HAR of a browser answering a call, the Established notification 200 ms after the answer, and a refused Hold. */
const HAR = {
  log: {
    entries: [
      { startedDateTime: iso(0), time: 50, request: { method: 'POST', url: `${BASE}/api/v2/notifications/handshake` }, response: { status: 200, content: { text: '[{"channel":"/meta/handshake","successful":true,"clientId":"c1","version":"1.0"}]' } } },
      poll(100, 1900, [call('Ringing')]),
      rest(3000, 40, `/api/v2/me/calls/${CALL}`, { operationName: 'Answer' }, 200, { statusCode: 0 }),
      poll(2000, 1240, [call('Established')]),
      rest(5000, 30, `/api/v2/me/calls/${CALL}`, { operationName: 'Hold', password: 'FAKE-HAR-BODY-3' }, 400, { statusCode: 2, statusMessage: 'Invalid state' }),
      poll(3240, 10_000, [call('Released')]),
      { startedDateTime: iso(6000), time: 5, request: { method: 'GET', url: 'https://cdn.example.com/api/v2/me' }, response: { status: 200, content: { text: '{"x": 1}' } } },
    ],
  },
};

const tmp = tempDir();
after(() => tmp.cleanup());

describe('HAR import of REST calls', () => {
  test('an Answer POST and the Established notification it caused correlate as an effect; a refused Hold is an error', async () => {
    const har = tmp.file('answer.har');
    writeFileSync(har, JSON.stringify(HAR));
    const out = tmp.file('answer.ndjson');
    await importHarToFile(har, out);
    const summary = await summarizeFile(out);
    assert.deepEqual(summary.operations.map((o) => [o.operation, o.target, o.outcome, o.httpStatus, o.statusCode, o.effect && [o.effect.state, o.effect.afterMs]]), [
      ['Answer', `call:${CALL}`, 'effect', 200, 0, ['Established', 240]],
      ['Hold', `call:${CALL}`, 'error', 400, 2, null],
    ]);
    const lint = await lintCapture(out);
    assert.deepEqual(lint.findings.map((f) => f.rule), ['operation-failed']);
    const text = readFileSync(out, 'utf8');
    for (const secret of ['FAKE-HAR-SESSION-1', 'FAKE-HAR-AUTH-2', 'FAKE-HAR-BODY-3', 'cdn.example.com']) assert.ok(!text.includes(secret), secret);
    assert.match(text, /"body":\{"operationName":"Hold","password":"\[scrubbed\]"\}/, 'request bodies are kept, credentials scrubbed');
  });
});
