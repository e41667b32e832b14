import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallMachine } from '../../../src/simulator/machines/callMachine';
import { ChatMachine } from '../../../src/simulator/machines/chatMachine';
import { DeviceMachine } from '../../../src/simulator/machines/deviceMachine';
import { nestedErrorMessage } from '../../../src/simulator/scenarios/faults';

type AnyData = Record<string, any>;
const load = (name: string): AnyData => JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/gws', name), 'utf8')) as AnyData;
const keys = (o: object) => Object.keys(o).sort();

describe('GWS fixtures', () => {
  const expected: Array<[string, string, string | undefined]> = [
    ['chat-state-change.json', '/v2/me/chats', 'ChatStateChangeMessage'],
    ['message-log-updated.json', '/v2/me/chats', 'MessageLogUpdated'],
    ['device-state-change.json', '/v2/me/devices', 'DeviceStateChangeMessage'],
    ['call-state-change.json', '/v2/me/calls', 'CallStateChangeMessage'],
    ['error-message.json', '/v2/me/devices', 'ErrorMessage'],
    ['malformed/nested-error-message.json', '/v2/me/calls', undefined],
  ];
  for (const [file, channel, messageType] of expected) {
    test(`${file} is a Bayeux message on ${channel}`, () => {
      const m = load(file);
      assert.deepEqual(keys(m), ['channel', 'data']);
      assert.equal(m.channel, channel);
      assert.equal(m.data.messageType, messageType);
    });
  }
});

describe('simulator payloads have the documented shape', () => {
  const base = 'http://127.0.0.1:8080';
  test('calls carry every field of the documented call, and the same top-level fields', () => {
    const doc = load('call-state-change.json').data;
    const sim = new CallMachine(base, { deviceUri: `${base}/api/v2/devices/x`, phoneNumber: '5005' }, {
      id: 'C', connId: '0070000000000000', callType: 'Internal', state: 'Ringing', participants: ['5000'], at: 0,
    }).to('Established').message('StatusChange', 1000).data as AnyData;
    assert.deepEqual(keys(sim), keys(doc));
    for (const k of Object.keys(doc.call)) assert.ok(k in sim.call, `call.${k}`);
    assert.deepEqual(keys(sim.call.participants[0]), keys(doc.call.participants[0]));
    assert.deepEqual(sim.call.capabilities, doc.call.capabilities, 'Established capabilities as documented');
  });

  test('devices carry every field of the documented device', () => {
    const doc = load('device-state-change.json').data.devices[0];
    const sim = (new DeviceMachine(base, { id: 'd', phoneNumber: '5005', voiceEnvironmentId: 'v' }).setAgentState('NotReady').message().data as AnyData).devices[0];
    assert.deepEqual(keys(sim), keys(doc));
    assert.deepEqual(sim.userState, doc.userState);
  });

  test('chats and transcript entries carry every documented field', () => {
    const doc = load('chat-state-change.json').data;
    const p = { nickname: 'a', type: 'Agent' as const, participantId: 'P' };
    const chat = new ChatMachine(base, 'CH', [p]).to('Chatting');
    const sim = chat.stateMessage('StatusChange', 83).data as AnyData;
    assert.deepEqual(keys(sim), keys(doc));
    for (const k of Object.keys(doc.chat)) assert.ok(k in sim.chat, `chat.${k}`);
    assert.deepEqual(sim.chat.capabilities, doc.chat.capabilities);
    const log = load('message-log-updated.json').data;
    const simLog = chat.log([{ from: p, type: 'Text', text: 'x', messageType: 'Greeting' }], 0).data as AnyData;
    assert.deepEqual(keys(simLog), keys(log));
    assert.deepEqual(keys(simLog.messages[0]), keys(log.messages[0]));
  });

  test('the faults scenario sends the documented nested ErrorMessage', () => {
    const doc = load('malformed/nested-error-message.json').data;
    assert.deepEqual(nestedErrorMessage(doc.data.data.deviceUri, doc.data.data.calluri), doc);
  });
});
