import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { readJournal } from '../../../src/capture/journalReader';
import type { CaptureRecord, EventRecord, MessageRecord } from '../../../src/capture/records';
import { importHar, importHarToFile } from '../../../src/exchange/harImport';
import { loadCapture } from '../../../src/exchange/openCapture';
import { summarize } from '../../../src/tracker/summary';
import { tempDir } from '../capture/helpers';

const HAR = 'test/fixtures/har/wwe-session.har';
const SECRETS = [
  Buffer.from('agent1:FAKE-PASSWORD-999').toString('base64'),
  'FAKE-SESSION-0001',
  'FAKE-CSRF-TOKEN-0002',
  'FAKE-BAYEUX-BROWSER-0003',
  '2kd3b0wy1ufsq5j8w4vdczwv1s',
  'ws-client-7f3c9a11e0',
  'JSESSIONID',
  'Sec-WebSocket-Key',
];

const tmp = tempDir();
after(() => tmp.cleanup());

/** `time kind what` per record, for compact exact comparison. */
function outline(records: CaptureRecord[]): string[] {
  return records.map((r) => {
    if (r.kind === 'message') return `${r.seq} ${r.receivedAt} message ${r.channel} ${(r.data as { messageType?: string } | undefined)?.messageType}`;
    if (r.kind === 'request') return `${r.seq} ${r.at} request ${r.method} ${r.path} ${r.operation} ${r.target.kind}`;
    if (r.kind === 'response') return `${r.seq} ${r.at} response to ${r.request} HTTP ${r.status}`;
    const e = r as EventRecord;
    return `${e.seq} ${e.at} ${e.event}${e.subject ? ` ${e.subject}` : ''}`;
  });
}

describe('importHar on a Chrome HAR of an agent desktop', () => {
  test('finds every notification message and meta result, in time order, with exact times', async () => {
    const { header, records, warnings } = await importHar(HAR, { toolVersion: '1.2.3' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(header, {
      kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: '2024-05-01T10:00:00.000Z', server: 'https://gws.example.com',
      user: null, topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], source: 'har', tool: { name: 'gws-notify', version: '1.2.3' },
    });
    assert.deepEqual(outline(records), [
      // The GWS REST calls (GETs included) are request and response records, at their start and end.
      '1 2024-05-01T10:00:00.500Z request GET /api/v2/me GET me',
      '2 2024-05-01T10:00:00.580Z response to 1 HTTP 200',
      '3 2024-05-01T10:00:01.120Z handshake',
      '4 2024-05-01T10:00:01.235Z subscribed /v2/me/calls',
      '5 2024-05-01T10:00:01.235Z subscribed /v2/me/devices',
      '6 2024-05-01T10:00:01.235Z subscribed /v2/me/chats',
      '7 2024-05-01T10:00:01.235Z error 403',
      // Long-poll messages are stamped at the end of their response (startedDateTime + time, rounded).
      '8 2024-05-01T10:00:03.800Z message /v2/me/devices DeviceStateChangeMessage',
      '9 2024-05-01T10:00:03.800Z message /v2/me/calls CallStateChangeMessage',
      '10 2024-05-01T10:00:03.800Z connected',
      // This response body is base64.
      '11 2024-05-01T10:00:08.000Z message /v2/me/calls CallStateChangeMessage',
      '12 2024-05-01T10:00:08.000Z message /v2/me/chats ChatStateChangeMessage',
      '13 2024-05-01T10:00:14.051Z message /v2/me/chats ChatStateChangeMessage',
      '14 2024-05-01T10:00:14.051Z message /v2/me/chats MessageLogUpdated',
      '15 2024-05-01T10:00:14.051Z message /v2/me/calls CallStateChangeMessage',
      '16 2024-05-01T10:00:14.051Z error 402',
      '17 2024-05-01T10:00:14.300Z error net::ERR_ABORTED',
      // WebSocket frames are stamped with their own time.
      '18 2024-05-01T10:00:15.100Z handshake',
      '19 2024-05-01T10:00:15.200Z subscribed /v2/me/calls',
      '20 2024-05-01T10:00:15.200Z subscribed /v2/me/devices',
      '21 2024-05-01T10:00:15.200Z subscribed /v2/me/chats',
      '22 2024-05-01T10:00:15.500Z connected',
      '23 2024-05-01T10:00:20.250Z message /v2/me/devices DeviceStateChangeMessage',
      '24 2024-05-01T10:00:25.125Z message /v2/me/calls CallStateChangeMessage',
      '25 2024-05-01T10:00:25.125Z message /v2/me/calls CallStateChangeMessage',
      '26 2024-05-01T10:00:25.125Z message /v2/me/chats ChatStateChangeMessage',
      '27 2024-05-01T10:00:32.000Z request GET /api/v2/me/calls GET me',
      '28 2024-05-01T10:00:32.061Z response to 27 HTTP 200',
    ]);
    assert.equal(records.filter((r) => r.kind === 'message').length, 11);
    // The pending poll (status 0, no body) adds nothing.
    assert.ok(!records.some((r) => r.kind === 'event' && /31\.000Z/.test(r.at)));
  });

  test('meta summaries say what happened, without client ids', async () => {
    const { records } = await importHar(HAR);
    const details = records.filter((r): r is EventRecord => r.kind === 'event').map((e) => e.detail);
    assert.equal(details[0], 'handshake successful (version 1.0; transports: long-polling, websocket; advice: reconnect=retry, interval=0, timeout=30000)');
    assert.equal(details[4], 'subscribe to /v2/me/emails failed: 403:/v2/me/emails:Forbidden');
    assert.equal(details[5], 'long-polling');
    assert.equal(details[6], 'connect failed: 402::Unknown client (advice: reconnect=handshake, interval=500)');
    assert.equal(details[7], 'POST /api/v2/notifications/handshake did not complete (net::ERR_ABORTED)');
    assert.equal(details[12], 'websocket');
  });

  test('payloads are kept as sent, chat text included', async () => {
    const { records } = await importHar(HAR);
    const log = records[13] as MessageRecord;
    const messages = (log.data as { messages: Array<{ text?: string; type: string }> }).messages;
    assert.equal(messages[0].text, "Hello, my order <b>#4411</b> didn't arrive ```urgent```");
    assert.equal(messages[1].type, 'TypingStarted');
    const c1 = (records[14] as MessageRecord).data as { call: { id: string; state: string; userData: unknown } };
    assert.deepEqual([c1.call.id, c1.call.state], ['013V08JRL498H10I04000VTAES000015', 'Released']);
    assert.deepEqual(c1.call.userData, { CustomerSegment: 'Gold', AccountNumber: 'ACC-88231' });
  });

  test('no header, cookie, CSRF token, password or client id reaches the capture', async () => {
    const out = tmp.file('har.ndjson');
    await importHarToFile(HAR, out);
    const text = readFileSync(out, 'utf8');
    const har = readFileSync(HAR, 'utf8');
    for (const secret of SECRETS) {
      assert.ok(har.includes(secret), `the fixture holds ${secret}`);
      assert.ok(!text.includes(secret), `the capture does not hold ${secret}`);
    }
    assert.doesNotMatch(text, /cookie|authorization|csrf|clientId/i);
  });

  test('the imported capture loads as an offline session', async () => {
    const out = tmp.file('har-load.ndjson');
    await importHarToFile(HAR, out);
    let lines = 0;
    for await (const line of readJournal(out)) lines += line ? 1 : 0;
    assert.equal(lines, 29);
    const loaded = await loadCapture(out);
    const s = summarize(loaded.tracker);
    assert.equal(s.messages, 11);
    assert.equal(s.malformed, 0);
    assert.deepEqual(s.byChannel, { '/v2/me/devices': 2, '/v2/me/calls': 5, '/v2/me/chats': 4 });
    const byKey = Object.fromEntries(s.resources.map((r) => [`${r.kind}:${r.id}`, r]));
    assert.deepEqual(byKey['call:013V08JRL498H10I04000VTAES000015'].states, ['Ringing', 'Established', 'Released']);
    assert.equal(byKey['call:013V08JRL498H10I04000VTAES000015'].ended, true);
    assert.deepEqual(byKey['chat:00048aKHC3Y1004M'].states, ['Invited', 'Chatting', 'Completed']);
    assert.deepEqual(byKey['device:efelab32-53f9-43ce-b65e-5768c61f7d4a'].states, ['Ready', 'NotReady']);
    await assert.rejects(importHarToFile(HAR, out), /EEXIST/);
  });

  test('refuses files that are not HARs, and reports unusable entries as warnings', async () => {
    const notJson = tmp.file('x.har');
    writeFileSync(notJson, 'hello');
    await assert.rejects(importHar(notJson), /is not a HAR file: not JSON/);
    const noEntries = tmp.file('y.har');
    writeFileSync(noEntries, '{"log":{}}');
    await assert.rejects(importHar(noEntries), /no log\.entries/);
    const odd = tmp.file('z.har');
    const entry = (text: string | undefined, status = 200): unknown => ({
      startedDateTime: '2024-05-01T10:00:00.000Z', time: 10, request: { method: 'POST', url: 'https://g.example/api/v2/notifications/connect' },
      response: { status, content: text === undefined ? { size: 0 } : { size: text.length, text } },
    });
    writeFileSync(odd, JSON.stringify({ log: { entries: [entry('<html>'), entry(undefined), entry('oops', 503), entry('[{"channel":"/v2/me/calls"}]')] } }));
    const r = await importHar(odd);
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0], /entry 0 .*not Bayeux JSON/);
    assert.match(r.warnings[1], /entry 1 .*without a saved body/);
    assert.deepEqual(outline(r.records).map((l) => l.replace(/ undefined$/, '')), ['1 2024-05-01T10:00:00.010Z error HTTP 503', '2 2024-05-01T10:00:00.010Z message /v2/me/calls']);
    assert.ok(!Object.hasOwn(r.records[1], 'data') || (r.records[1] as MessageRecord).data === undefined, 'a message without data keeps none');
  });
});
