import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ChatMachine, SCRIPT_EPOCH_MS, chatCapabilities, gwsTimestamp, type ChatParticipant } from '../../../../src/simulator/machines/chatMachine';

const customer: ChatParticipant = { nickname: 'Jane', type: 'Customer', participantId: 'P1' };
const agent: ChatParticipant = { nickname: 'agent1', type: 'Agent', participantId: 'P2' };
type Log = { messages: Array<{ index: number; type: string; text?: string; timestamp: string; timestampSeconds: number }>; chatUri: string };

describe('ChatMachine', () => {
  test('capabilities follow the state', () => {
    assert.deepEqual(chatCapabilities('Invited'), ['Accept', 'Reject']);
    assert.ok(chatCapabilities('Chatting').includes('SendMessage'));
    assert.deepEqual(chatCapabilities('Completed'), []);
    const chat = new ChatMachine('http://h', 'CH1', [customer]);
    assert.deepEqual(chat.snapshot().capabilities, chatCapabilities('Invited'));
    assert.deepEqual(chat.to('Chatting').snapshot().capabilities, chatCapabilities('Chatting'));
  });

  test('rejects impossible transitions', () => {
    const chat = new ChatMachine('http://h', 'CH1', [customer]);
    assert.throws(() => chat.to('Invited'));
    chat.to('Chatting').to('Completed');
    assert.throws(() => chat.to('Chatting'), /illegal transition Completed -> Chatting/);
  });

  test('state messages carry participants, user data and the reference id', () => {
    const chat = new ChatMachine('http://h', 'CH1', [customer], { A: '1' });
    const m = chat.to('Chatting').join(agent).setUserData({ B: '2' }).stateMessage('ParticipantsUpdated', 83);
    assert.equal(m.channel, '/v2/me/chats');
    const data = m.data as { messageType: string; notificationType: string; referenceId: number; chat: Record<string, unknown> };
    assert.equal(data.messageType, 'ChatStateChangeMessage');
    assert.equal(data.referenceId, 83);
    assert.deepEqual(data.chat.participants, [customer, agent]);
    assert.deepEqual(data.chat.userData, { A: '1', B: '2' });
    assert.equal(data.chat.uri, 'http://h/api/v2/chats/CH1');
    chat.leave('P1');
    assert.deepEqual(chat.snapshot().participants, [agent]);
  });

  test('the transcript numbers entries in order; an explicit index moves the counter past it', () => {
    const chat = new ChatMachine('http://h', 'CH1', [customer]);
    const first = chat.log([{ from: customer, type: 'ParticipantJoined' }, { from: customer, type: 'Text', text: 'hi' }], 0).data as Log;
    assert.deepEqual(first.messages.map((m) => m.index), [1, 2]);
    const odd = chat.log([{ from: agent, type: 'Text', text: 'late', index: 5 }], 0).data as Log;
    assert.equal(odd.messages[0]!.index, 5);
    const next = chat.log([{ from: agent, type: 'TypingStarted' }], 0).data as Log;
    assert.equal(next.messages[0]!.index, 6);
    assert.equal(first.chatUri, 'http://h/api/v2/chats/CH1');
  });

  test('timestamps are GWS text plus milliseconds in timestampSeconds', () => {
    const chat = new ChatMachine('http://h', 'CH1', [customer]);
    const log = chat.log([{ from: customer, type: 'Text', text: 'x' }], 12035).data as Log;
    const m = log.messages[0]!;
    assert.equal(m.timestampSeconds, SCRIPT_EPOCH_MS + 12035);
    assert.equal(m.timestamp, '2024-05-14 09:00:12.035+0000');
    assert.equal(gwsTimestamp(Date.UTC(2014, 0, 9, 9, 58, 12, 35)), '2014-01-09 09:58:12.035+0000');
  });
});
