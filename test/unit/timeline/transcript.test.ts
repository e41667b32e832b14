import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OfflineSession } from '../../../src/session/offlineSession';
import { buildTranscript } from '../../../src/timeline/transcript';
import { header } from '../capture/helpers';
import { chatLog, chatMsg, journalIn, tempDir, writeJournal } from './helpers';

const cust = { participantId: 'P1', nickname: 'Cust', type: 'Customer' };
const agent = { participantId: 'P2', nickname: 'agent1', type: 'Agent' };
const line = (index: number, text: string, from = cust, extra: Record<string, unknown> = {}) => ({ index, type: 'Text', text, visibility: 'All', from, timestampSeconds: 1715677200000 + index * 1000, ...extra });

test('transcript lines come in index order, merged with the chat state changes by arrival', async () => {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  writeJournal(path, [
    chatMsg(1, 'ch1', 'Invited', [cust]),
    chatMsg(2, 'ch1', 'Chatting', [cust, agent], 'ParticipantsUpdated'),
    chatLog(3, 'ch1', [line(3, 'third'), line(1, 'first'), line(2, 'second', agent)]),
    chatLog(4, 'ch1', [line(5, 'fifth')]),
    chatLog(5, 'ch1', [line(4, 'fourth', agent, { visibility: 'Int' }), line(1, 'first again')]),
    chatMsg(6, 'ch1', 'Completed', [cust]),
    chatLog(7, 'other', [line(1, 'another chat')]),
  ]);
  const session = await OfflineSession.open(path);
  try {
    const t = await buildTranscript(session, 'ch1');
    assert.equal(t.truncated, false);
    assert.equal(t.clock, undefined, "a live capture's times are this machine's");
    const summary = t.lines.map((l) => (l.kind === 'message' ? `${l.index}:${l.text}` : `state:${l.state ?? ''}`));
    assert.deepEqual(summary, ['state:Invited', 'state:Chatting', '1:first', '2:second', '3:third', '4:fourth', '5:fifth', 'state:Completed']);
    const second = t.lines[3];
    assert.ok(second.kind === 'message');
    assert.deepEqual([second.nickname, second.participantType, second.visibility, second.at], ['agent1', 'Agent', 'All', 1715677202000]);
    const joined = t.lines[1];
    assert.ok(joined.kind === 'state');
    assert.deepEqual([joined.joined, joined.left, joined.notificationType], [['agent1'], [], 'ParticipantsUpdated']);
    const completed = t.lines.at(-1)!;
    assert.ok(completed.kind === 'state');
    assert.deepEqual(completed.left, ['agent1']);
  } finally {
    session.dispose();
    tmp.cleanup();
  }
});

test("an imported log's transcript says its received times are the log's clock", async () => {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  writeJournal(path, [chatMsg(1, 'ch1', 'Chatting', [cust]), chatLog(2, 'ch1', [line(1, 'hello')])], { ...header(), source: 'wwe', clock: 'log-local' });
  const session = await OfflineSession.open(path);
  try {
    const t = await buildTranscript(session, 'ch1');
    assert.equal(t.clock, 'log-local');
    assert.deepEqual(t.lines.map((l) => l.kind), ['state', 'message']);
  } finally {
    session.dispose();
    tmp.cleanup();
  }
});
