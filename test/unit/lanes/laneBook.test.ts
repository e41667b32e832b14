import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/capture/records';
import type { Finding } from '../../../src/findings/types';
import { RowFindings } from '../../../src/findings/rowFindings';
import { LaneBook } from '../../../src/lanes/laneBook';
import { SPAN_STRIDE, type Lane, type LanesPage } from '../../../src/lanesProtocol';
import { OfflineSession } from '../../../src/session/offlineSession';
import { checkWebviewMessage } from '../../../src/timeline/webviewMessageCheck';
import { callMsg, chatMsg, devicesMsg, FedSession, harness, journalIn, T0, tempDir, writeJournal } from '../timeline/helpers';

const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
const timed = (r: CaptureRecord, s: number): CaptureRecord => ({ ...r, receivedAt: at(s) }) as CaptureRecord;
const agent = { participantId: 'P-A', nickname: 'agent1', type: 'Agent' };

/** c1 Ringing 0–2 s, Established 2–5 s, Released at 5 s; d1 NotReady 1–4 s, Ready from 4 s; ch1 Chatting from 3 s; a gap 6–7 s; a reconnect at 6 s; the last record at 8 s. */
function records(): CaptureRecord[] {
  return [
    timed(callMsg(1, 'c1', 'Ringing'), 0),
    timed(devicesMsg(2, [{ id: 'd1', state: 'NotReady' }]), 1),
    timed(callMsg(3, 'c1', 'Established'), 2),
    timed(chatMsg(4, 'ch1', 'Chatting', [agent]), 3),
    timed(devicesMsg(5, [{ id: 'd1', state: 'Ready' }]), 4),
    timed(callMsg(6, 'c1', 'Released'), 5),
    { kind: 'event', seq: 7, at: at(6), event: 'reconnecting' },
    { kind: 'gap', seq: 8, from: at(6), to: at(7), reason: 'reconnect' },
    timed(callMsg(9, 'c2', 'Dialing'), 8),
  ];
}

/** [state, durationMs, seq, type] of each span of `lane`. */
function spans(page: LanesPage, lane: Lane): Array<[string, number, number, string]> {
  const out: Array<[string, number, number, string]> = [];
  for (let i = 0; i < lane.spans.length; i += SPAN_STRIDE) out.push([page.names[lane.spans[i + 2]], lane.spans[i + 1], lane.spans[i + 3], page.names[lane.spans[i + 4]]]);
  return out;
}

async function open(recs = records()): Promise<{ session: OfflineSession; cleanup: () => void }> {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  writeJournal(path, recs);
  const session = await OfflineSession.open(path);
  return { session, cleanup: () => (session.dispose(), tmp.cleanup()) };
}

test('lanes/get: a lane per chat, call and device with its time in state (stateTimes), the marks, and where a resource is', async () => {
  const { session, cleanup } = await open();
  const findings = new RowFindings();
  findings.add([{ rule: 'stuck', severity: 'warning', resource: { kind: 'call', id: 'c1' }, row: 2, message: 'c1 <b>stuck</b>' } as unknown as Finding, { rule: 'gap', severity: 'info', resource: null, row: 7, message: 'a gap' } as unknown as Finding]);
  try {
    const { request } = harness(session, { sessions: { all: () => [session], onDidChange: () => ({ dispose() {} }), findingsOf: () => findings } });
    const page = await request<'lanes/page'>({ type: 'lanes/get', start: 0, count: 100, focus: { kind: 'device', id: 'd1' } });
    assert.deepEqual(page.lanes.map((l) => `${l.kind} ${l.id}`), ['chat ch1', 'call c1', 'call c2', 'device d1']);
    assert.equal(page.total, 4);
    assert.equal(page.focus, 3);
    assert.deepEqual([page.from, page.to], [T0, T0 + 8000], 'from the first resource seen to the capture end');
    const [chat, c1, c2, d1] = page.lanes;
    assert.deepEqual(spans(page, c1), [['Ringing', 2000, 1, 'StatusChange'], ['Established', 3000, 3, 'StatusChange'], ['Released', 0, 6, 'StatusChange']]);
    assert.equal(c1.ended, true, 'Released is final');
    assert.deepEqual(spans(page, d1).map(([s, d, q]) => [s, d, q]), [['NotReady', 3000, 2], ['Ready', 4000, 5]], 'the current state runs to the capture end');
    assert.deepEqual(spans(page, chat).map(([s, d]) => [s, d]), [['Chatting', 5000]]);
    assert.deepEqual(spans(page, c2).map(([s, d]) => [s, d]), [['Dialing', 0]]);
    assert.equal(c2.ended, false);
    assert.deepEqual(c1.marks, [{ kind: 'finding', tone: 'warning', at: T0 + 2000, seq: 3, text: 'stuck: c1 <b>stuck</b>' }]);
    assert.deepEqual(page.groups.map((g) => [g.first, g.count, g.clock]), [[0, 4, 'capture']]);
    assert.deepEqual(page.groups[0].marks.map((m) => [m.kind, m.at - T0, m.until === undefined ? undefined : m.until - T0, m.seq]), [['reconnect', 6000, undefined, 7], ['finding', 6000, undefined, 8], ['gap', 6000, 7000, 8]]);
    const second = await request<'lanes/page'>({ type: 'lanes/get', start: 2, count: 1 });
    assert.deepEqual([second.start, second.lanes.map((l) => l.id), second.key], [2, ['c2'], page.key], 'a later page of the same list');
    assert.equal(second.focus, undefined);
  } finally {
    cleanup();
  }
});

test('lanes/get: a resource scope shows its lane alone; several sessions make a group each, in order', async () => {
  const a = await open();
  const b = await open([timed(callMsg(1, 'x1', 'Ringing'), 0), timed(callMsg(2, 'x1', 'Established'), 1)]);
  try {
    const sessions = { all: () => [a.session, b.session], onDidChange: () => ({ dispose() {} }) };
    const { request } = harness(a.session, { sessions });
    await request({ type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'c1' } });
    const one = await request<'lanes/page'>({ type: 'lanes/get', start: 0, count: 100 });
    assert.deepEqual(one.lanes.map((l) => l.id), ['c1']);
    await request({ type: 'view/scope/set', scope: { kind: 'all', allSessions: true } });
    const all = await request<'lanes/page'>({ type: 'lanes/get', start: 0, count: 100, focus: { kind: 'call', id: 'x1', session: b.session.id } });
    assert.notEqual(all.key, one.key, 'another lane list, another key');
    assert.deepEqual(all.groups.map((g) => [g.session.id, g.first, g.count]), [[a.session.id, 0, 4], [b.session.id, 4, 1]]);
    assert.deepEqual(all.lanes.map((l) => [l.group, l.id]), [[0, 'ch1'], [0, 'c1'], [0, 'c2'], [0, 'd1'], [1, 'x1']]);
    assert.equal(all.focus, 4);
  } finally {
    a.cleanup();
    b.cleanup();
  }
});

test('lanes/get on a live session: open states run to the wall clock, and a new resource changes the key', async () => {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  const entries = writeJournal(path, [timed(callMsg(1, 'c1', 'Ringing'), 0), timed(callMsg(2, 'c2', 'Ringing'), 1)]);
  const session = new FedSession(path);
  try {
    session.feed(entries.slice(0, 1));
    const book = new LaneBook();
    const source = [{ session, findings: () => undefined }];
    const first = await book.page(source, { type: 'lanes/get', start: 0, count: 10 });
    assert.equal(first.groups[0].clock, 'live');
    assert.ok(first.lanes[0].spans[1] >= Date.now() - T0 - 1000, 'the open state runs to now');
    session.feed(entries.slice(1));
    const next = await book.page(source, { type: 'lanes/get', start: 0, count: 10 });
    assert.equal(next.total, 2);
    assert.notEqual(next.key, first.key);
  } finally {
    session.dispose();
    tmp.cleanup();
  }
});

test('lanes/get is checked like every request: page bounds, the focus resource', () => {
  const ok = checkWebviewMessage({ messageId: 1, body: { type: 'lanes/get', start: 100, count: 100, focus: { kind: 'call', id: 'c1', session: 's2', extra: 1 }, more: true } });
  assert.deepEqual(ok.ok && ok.envelope.body, { type: 'lanes/get', start: 100, count: 100, focus: { kind: 'call', id: 'c1', session: 's2' } });
  for (const [body, why] of [
    [{ type: 'lanes/get', start: 0, count: 501 }, /count/],
    [{ type: 'lanes/get', start: -1, count: 10 }, /start/],
    [{ type: 'lanes/get', start: 0, count: 10, focus: { kind: 'planet', id: 'x' } }, /kind/],
    [{ type: 'lanes/get', start: 0, count: 10, focus: 'c1' }, /focus/],
  ] as const) {
    const r = checkWebviewMessage({ messageId: 2, body });
    assert.ok(!r.ok && why.test(r.reason) && r.answerTo === 2, JSON.stringify(r));
  }
});

test("lanes/get: operations mark their target's lane with their outcome and summary", async () => {
  const ms = (n: number): string => new Date(T0 + n).toISOString();
  const { session, cleanup } = await open([
    callMsg(1, 'C1', 'Ringing'),
    { kind: 'request', seq: 2, at: ms(10), method: 'POST', path: '/api/v2/me/calls/C1', operation: 'Answer', target: { kind: 'call', id: 'C1' }, body: { operationName: 'Answer' } },
    { kind: 'response', seq: 3, request: 2, at: ms(22), status: 200, elapsedMs: 12, statusCode: 0, body: { statusCode: 0 } },
    { ...callMsg(4, 'C1', 'Established'), receivedAt: ms(105) },
    { kind: 'request', seq: 5, at: ms(200), method: 'POST', path: '/api/v2/me/calls/C1', operation: 'Hold', target: { kind: 'call', id: 'C1' }, body: { operationName: 'Hold' } },
    { kind: 'response', seq: 6, request: 5, at: ms(210), status: 400, elapsedMs: 10, statusCode: 3, statusMessage: 'refused', body: { statusCode: 3 } },
  ]);
  try {
    const page = await new LaneBook().page([{ session, findings: () => undefined }], { type: 'lanes/get', start: 0, count: 10 });
    const marks = page.lanes[0].marks;
    assert.deepEqual(marks.map((m) => [m.kind, m.tone, m.at - T0, m.seq]), [['operation', 'ok', 10, 2], ['operation', 'error', 200, 5]]);
    assert.match(marks[0].text, /^Answer call:C1 → .*Established/);
    assert.match(marks[1].text, /^Hold call:C1 → .*refused/);
  } finally {
    cleanup();
  }
});
