import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OfflineSession } from '../../../src/session/offlineSession';
import { buildDiff, topKey } from '../../../src/timeline/diffDetail';
import { callMsg, chatLog, chatMsg, devicesMsg, harness, journalIn, tempDir, writeJournal } from './helpers';

const agent = { participantId: 'P-AGENT', nickname: 'agent1', type: 'Agent' };
const customer = { participantId: 'P-CUST', nickname: 'Cust', type: 'Customer' };
const supervisor = { participantId: 'P-SUP', nickname: 'boss', type: 'Supervisor' };

describe('the Changes tab diff, over a real journal', () => {
  const tmp = tempDir();
  let session: OfflineSession;
  before(async () => {
    const path = journalIn(tmp.dir);
    writeJournal(path, [
      chatMsg(1, 'ch1', 'Chatting', [customer, agent]),
      chatMsg(2, 'ch1', 'Chatting', [customer, agent, supervisor], 'ParticipantsUpdated'),
      chatLog(3, 'ch1', [{ index: 1, type: 'Text', text: 'hi', from: customer }]),
      chatMsg(4, 'ch1', 'Chatting', [customer, supervisor], 'ParticipantsUpdated'),
      callMsg(5, 'c1', 'Established', { capabilities: ['Hangup', 'Hold', 'SendDtmf'], userData: { Segment: 'Gold' }, dnis: '7001' }),
      callMsg(6, 'c1', 'Held', { capabilities: ['Hangup', 'Retrieve', 'SendDtmf'], userData: { Segment: 'Gold' }, dnis: '7001' }),
      devicesMsg(7, [{ id: 'd1', state: 'NotReady' }, { id: 'd2', state: 'NotReady' }]),
      devicesMsg(8, [{ id: 'd1', state: 'Ready' }, { id: 'd2', state: 'NotReady' }]),
    ]);
    session = await OfflineSession.open(path);
  });
  after(() => {
    session.dispose();
    tmp.cleanup();
  });

  test('a participant joining is listed by key, with its label', async () => {
    const [entry] = (await buildDiff(session, 2)).entries;
    assert.equal(entry.previousSeq, 1);
    assert.deepEqual(entry.participants.joined.map((p) => [p.key, p.label]), [['participantId=P-SUP', 'boss']]);
    assert.deepEqual(entry.participants.left, []);
    assert.deepEqual(entry.changes.map((c) => [c.path, c.op]), [['participants[participantId=P-SUP]', 'added']]);
    assert.match(entry.changes[0].after!, /"nickname": "boss"/);
  });

  test('a participant leaving is diffed against the previous state, skipping MessageLogUpdated', async () => {
    const [entry] = (await buildDiff(session, 4)).entries;
    assert.equal(entry.previousSeq, 2);
    assert.deepEqual(entry.participants.left.map((p) => p.key), ['participantId=P-AGENT']);
    assert.deepEqual(entry.participants.joined, []);
  });

  test('MessageLogUpdated has no state to diff and says where to look', async () => {
    const [entry] = (await buildDiff(session, 3)).entries;
    assert.equal(entry.changes.length, 0);
    assert.match(entry.note ?? '', /Transcript/);
  });

  test('a capability removed and one added show as a set change; the state change as old and new values', async () => {
    const [entry] = (await buildDiff(session, 6)).entries;
    assert.deepEqual(entry.capabilities, [{ path: 'capabilities', added: ['Retrieve'], removed: ['Hold'] }]);
    const state = entry.changes.find((c) => c.path === 'state')!;
    assert.deepEqual([state.op, state.before, state.after], ['changed', '"Established"', '"Held"']);
    const unchanged = entry.unchangedFields.map((f) => f.key);
    assert.ok(unchanged.includes('userData') && unchanged.includes('dnis') && unchanged.includes('id'));
    assert.ok(!unchanged.includes('state') && !unchanged.includes('capabilities'));
  });

  test('a first appearance is compared with an empty state', async () => {
    const [entry] = (await buildDiff(session, 5)).entries;
    assert.equal(entry.previousSeq, undefined);
    assert.match(entry.note ?? '', /First appearance/);
    assert.ok(entry.changes.every((c) => c.op === 'added'));
  });

  test('a message with several devices: all-traffic lists each device, a device scope only its own', async () => {
    const all = await buildDiff(session, 8);
    assert.deepEqual(all.entries.map((e) => e.resource.id), ['d1', 'd2']);
    assert.deepEqual(all.entries[0].changes.map((c) => [c.path, c.before, c.after]), [['userState.state', '"NotReady"', '"Ready"']]);
    assert.equal(all.entries[1].unchanged, true);
    const d2 = await buildDiff(session, 8, { kind: 'device', id: 'd2' });
    assert.deepEqual(d2.entries.map((e) => e.resource.id), ['d2']);
    assert.equal(d2.entries[0].unchanged, true);
  });

  test('diff/get over the protocol honours the resource scope', async () => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const reply = await h.request<'diff/result'>({ type: 'diff/get', seq: 8, resource: { kind: 'device', id: 'd1' } });
    assert.deepEqual(reply.entries.map((e) => e.resource.id), ['d1']);
    h.service.dispose();
  });

  test('topKey finds the top-level field of a change path', async () => {
    assert.equal(topKey('userData.Segment'), 'userData');
    assert.equal(topKey('participants[participantId=P1].type'), 'participants');
    assert.equal(topKey('["odd key"].x'), 'odd key');
    assert.equal(topKey('state'), 'state');
  });
});
