import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../../../src/simulator/world';

const call = (id: string, state: string) => ({ messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state, callType: 'Inbound' } });
const chat = (id: string, state: string) => ({ messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', chat: { id, state } });

describe('World', () => {
  test('tracks live calls per user and forgets released ones', () => {
    const w = new World();
    w.apply('a', call('C1', 'Ringing'));
    w.apply('a', call('C2', 'Dialing'));
    w.apply('a', call('C1', 'Established'));
    w.apply('b', call('C9', 'Ringing'));
    assert.deepEqual(w.list('a', 'calls').map((c) => [c.id, c.state]), [['C1', 'Established'], ['C2', 'Dialing']]);
    w.apply('a', call('C2', 'Released'));
    assert.deepEqual(w.list('a', 'calls').map((c) => c.id), ['C1']);
    assert.deepEqual(w.list('b', 'calls').map((c) => c.id), ['C9']);
  });

  test('chats end at Completed, devices are replaced by id, emails and work items are kept', () => {
    const w = new World();
    w.apply('a', chat('H1', 'Chatting'));
    w.apply('a', chat('H1', 'Completed'));
    w.apply('a', { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'D1', doNotDisturb: 'Off' }] });
    w.apply('a', { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'D1', doNotDisturb: 'On' }] });
    w.apply('a', { messageType: 'EmailStateChangeMessage', email: { id: 'E1', state: 'Processing' } });
    w.apply('a', { messageType: 'WorkitemStateChangeMessage', workitem: { id: 'W1', state: 'Completed' } });
    assert.deepEqual(w.list('a', 'chats'), []);
    assert.deepEqual(w.list('a', 'devices'), [{ id: 'D1', doNotDisturb: 'On' }]);
    assert.deepEqual(w.list('a', 'emails').map((e) => e.id), ['E1']);
    assert.deepEqual(w.list('a', 'workitems'), []);
  });

  test('ignores malformed payloads without throwing', () => {
    const w = new World();
    const junk: unknown[] = [undefined, null, 42, 'x', [call('C1', 'Ringing')], {}, { messageType: 7 },
      { messageType: 'CallStateChangeMessage' }, { messageType: 'CallStateChangeMessage', call: { id: 12345, state: 'Ringing' } },
      { messageType: 'CallStateChangeMessage', call: 'nope' }, { messageType: 'DeviceStateChangeMessage', devices: 'nope' },
      { messageType: 'DeviceStateChangeMessage', devices: [null, 3, { id: 1 }] }, { messageType: 'UnknownMessage', call: { id: 'C1' } }];
    for (const j of junk) w.apply('a', j);
    for (const kind of ['calls', 'chats', 'devices', 'emails', 'workitems'] as const) assert.deepEqual(w.list('a', kind), []);
  });

  test('closing messages end every open resource and leave devices alone', () => {
    const w = new World();
    w.apply('a', call('C1', 'Held'));
    w.apply('a', chat('H1', 'Invited'));
    w.apply('a', { messageType: 'EmailStateChangeMessage', email: { id: 'E1', state: 'Processing' } });
    w.apply('a', { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'D1' }] });
    const closing = w.closingMessages('a');
    assert.deepEqual(closing.map((m) => m.channel), ['/v2/me/calls', '/v2/me/chats', '/v2/me/emails']);
    const released = (closing[0]!.data as { call: { state: string; capabilities: string[] } }).call;
    assert.equal(released.state, 'Released');
    assert.ok(!released.capabilities.includes('Hangup'));
    for (const m of closing) w.apply('a', m.data);
    assert.deepEqual(w.list('a', 'calls'), []);
    assert.deepEqual(w.list('a', 'chats'), []);
    assert.deepEqual(w.list('a', 'emails'), []);
    assert.equal(w.list('a', 'devices').length, 1);
  });
});
