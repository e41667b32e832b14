import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyMessage, classifySnapshot, lastPathSegment } from '../../../src/model/classify';
import type { SnapshotRecord } from '../../../src/capture/records';
import type { ResourceRef } from '../../../src/model/classification';

/** The refs without the index facts (callUuid, connId, device, capabilities, stateHash): indexFacts.test.ts checks those. */
const plain = (refs: ResourceRef[]): ResourceRef[] => refs.map(({ callUuid, connId, device, capabilities, stateHash, ...rest }) => rest);

const DEVICE_URI = 'http://127.0.0.1:8080/api/v2/devices/efelab32-53f9-43ce-b65e-5768c61f7d4a';

const callMessage = (state: string, extra: Record<string, unknown> = {}) => ({
  notificationType: 'StatusChange',
  call: {
    id: '013V08JRL498H10I04000VTAES000015',
    state,
    deviceUri: DEVICE_URI,
    participants: [{ e164Number: '', formattedPhoneNumber: '5000', phoneNumber: '5000', digits: '5000' }],
    dnis: '5000',
    capabilities: ['Hangup', 'Hold'],
    ...extra,
  },
  phoneNumber: '5005',
  extensions: { WrapUpTime: 0 },
  messageType: 'CallStateChangeMessage',
});

describe('classifyMessage: well-formed messages', () => {
  test('CallStateChangeMessage yields the call with state and participant label', () => {
    const c = classifyMessage('/v2/me/calls', callMessage('Established'));
    assert.equal(c.malformed, undefined);
    assert.equal(c.messageType, 'CallStateChangeMessage');
    assert.equal(c.notificationType, 'StatusChange');
    assert.deepEqual(plain(c.refs), [{ kind: 'call', id: '013V08JRL498H10I04000VTAES000015', state: 'Established', ended: false, label: '5000' }]);
  });

  test('a Released call is ended', () => {
    const c = classifyMessage('/v2/me/calls', callMessage('Released'));
    assert.equal(c.refs[0].ended, true);
    assert.equal(c.refs[0].state, 'Released');
  });

  test('call label falls back to dnis when participants have no number, then to ani', () => {
    const noNumber = classifyMessage('/v2/me/calls', callMessage('Dialing', { participants: [{ e164Number: '' }] }));
    assert.equal(noNumber.refs[0].label, '5000');
    const ani = classifyMessage('/v2/me/calls', callMessage('Ringing', { participants: [], dnis: undefined, ani: '6001' }));
    assert.equal(ani.refs[0].label, '6001');
  });

  test('a numeric call id is accepted as a string', () => {
    const c = classifyMessage('/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 42, state: 'Held' } });
    assert.equal(c.refs[0].id, '42');
    assert.equal(c.malformed, undefined);
  });

  test('DeviceStateChangeMessage yields every device with user state, device state and number', () => {
    const c = classifyMessage('/v2/me/devices', {
      messageType: 'DeviceStateChangeMessage',
      devices: [
        { id: 'dev-1', deviceState: 'Active', userState: { id: 'u', displayName: 'Not Ready', state: 'NotReady' }, phoneNumber: '5005' },
        { id: 'dev-2', deviceState: 'Inactive', userState: { state: 'Ready' }, phoneNumber: '5006' },
      ],
    });
    assert.equal(c.malformed, undefined);
    assert.deepEqual(plain(c.refs), [
      { kind: 'device', id: 'dev-1', state: 'NotReady', deviceState: 'Active', label: '5005' },
      { kind: 'device', id: 'dev-2', state: 'Ready', deviceState: 'Inactive', label: '5006' },
    ]);
  });

  test('ChatStateChangeMessage yields the chat labelled by its customer; Completed ends it', () => {
    const chat = {
      state: 'Chatting',
      capabilities: ['Transfer'],
      uri: 'http://localhost:8080/api/v2/chats/0000Wa9CAM6W00J',
      participants: [
        { nickname: 'TestName', type: 'Agent', participantId: '007352CE984F0321' },
        { nickname: 'test_consult_clientL', type: 'Customer', participantId: '007352CE982D031B' },
      ],
      id: '0000Wa9CAM6W00J',
    };
    const c = classifyMessage('/v2/me/chats', { messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', chat, referenceId: 83 });
    assert.equal(c.referenceId, 83);
    assert.deepEqual(plain(c.refs), [{ kind: 'chat', id: '0000Wa9CAM6W00J', state: 'Chatting', ended: false, label: 'test_consult_clientL' }]);
    const done = classifyMessage('/v2/me/chats', { messageType: 'ChatStateChangeMessage', chat: { ...chat, state: 'Completed' } });
    assert.equal(done.refs[0].ended, true);
  });

  test('MessageLogUpdated goes to its chat by chatUri, or by chatPath, without state', () => {
    const c = classifyMessage('/v2/me/chats', {
      notificationType: 'NewMessages',
      messageType: 'MessageLogUpdated',
      messages: [{ index: 3, text: 'How may I help you?', type: 'Text', timestampSeconds: 1389261492035 }],
      chatUri: 'http://localhost:8080/api/v2/chats/0000Wa9CAM6W00FN',
    });
    assert.equal(c.malformed, undefined);
    assert.equal(c.notificationType, 'NewMessages');
    assert.deepEqual(plain(c.refs), [{ kind: 'chat', id: '0000Wa9CAM6W00FN' }]);
    const byPath = classifyMessage('/v2/me/chats', { messageType: 'MessageLogUpdated', chatPath: '/chats/abc/' });
    assert.deepEqual(byPath.refs, [{ kind: 'chat', id: 'abc' }]);
  });

  test('ErrorMessage yields an error with an empty id, linked to its device and call', () => {
    const c = classifyMessage('/v2/me/calls', {
      messageType: 'ErrorMessage',
      deviceUri: DEVICE_URI,
      callUri: 'http://127.0.0.1:8080/api/v2/calls/0071023821aec021',
      errorMessage: 'Incorrect object state',
    });
    assert.equal(c.malformed, undefined);
    assert.deepEqual(plain(c.refs), [
      {
        kind: 'error',
        id: '',
        label: 'Incorrect object state',
        links: [
          { kind: 'device', id: 'efelab32-53f9-43ce-b65e-5768c61f7d4a' },
          { kind: 'call', id: '0071023821aec021' },
        ],
      },
    ]);
  });

  test('an ErrorMessage is named by its text, else its code, else the device it is about (issue 18.6)', () => {
    const label = (data: object): string | undefined => classifyMessage('/v2/me/devices', { messageType: 'ErrorMessage', ...data }).refs[0].label;
    assert.equal(label({ deviceUri: DEVICE_URI, errorMessage: 'Invalid Called Dn' }), 'Invalid Called Dn');
    assert.equal(label({ deviceUri: DEVICE_URI, errorCode: 'E42' }), 'errorCode E42');
    assert.equal(label({ deviceUri: DEVICE_URI, errorMessage: '' }), 'ErrorMessage (no text) → device …68c61f7d4a');
    assert.equal(label({ callUri: 'http://h/api/v2/calls/0071023821aec021' }), 'ErrorMessage (no text) → call …3821aec021');
    assert.equal(label({}), 'ErrorMessage (no text)');
  });

  test('ErrorMessage accepts callUri in any letter case, as the docs spell it (calluri)', () => {
    const data = JSON.parse(`{"messageType":"ErrorMessage","deviceUri":"${DEVICE_URI}","calluri":"${DEVICE_URI}","calluri":"http://h/api/v2/calls/0071023821aec021"}`);
    const c = classifyMessage('/v2/me/calls', data);
    assert.deepEqual(c.refs[0].links, [
      { kind: 'device', id: 'efelab32-53f9-43ce-b65e-5768c61f7d4a' },
      { kind: 'call', id: '0071023821aec021' },
    ]);
    const upper = classifyMessage('/v2/me/devices', { messageType: 'ErrorMessage', DEVICEURI: DEVICE_URI, CALLURI: 'http://h/calls/X1' });
    assert.deepEqual(upper.refs[0].links, [
      { kind: 'device', id: 'efelab32-53f9-43ce-b65e-5768c61f7d4a' },
      { kind: 'call', id: 'X1' },
    ]);
  });

  test('an ErrorMessage with only a device links only the device', () => {
    const c = classifyMessage('/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: DEVICE_URI, errorMessage: 'Invalid Called Dn' });
    assert.deepEqual(c.refs[0].links, [{ kind: 'device', id: 'efelab32-53f9-43ce-b65e-5768c61f7d4a' }]);
  });

  test('unknown message types become other resources named by their own id, else channel and type', () => {
    const withId = classifyMessage('/v2/me/workitems', { messageType: 'WorkitemStateChangeMessage', id: 'wi-7' });
    assert.equal(withId.malformed, undefined);
    assert.deepEqual(withId.refs, [{ kind: 'other', id: 'wi-7' }]);
    const numericId = classifyMessage('/v2/me/emails', { messageType: 'EmailStateChangeMessage', id: 12 });
    assert.deepEqual(numericId.refs, [{ kind: 'other', id: '12' }]);
    const noId = classifyMessage('/v2/me/channels', { messageType: 'ChannelStateChangeMessage', id: { nested: true } });
    assert.deepEqual(noId.refs, [{ kind: 'other', id: '/v2/me/channels ChannelStateChangeMessage' }]);
  });

  test('referenceId and notificationType are copied only with the right type', () => {
    const c = classifyMessage('/v2/me/chats', { messageType: 'X', referenceId: { a: 1 }, notificationType: 7 });
    assert.equal(c.referenceId, undefined);
    assert.equal(c.notificationType, undefined);
    assert.equal(classifyMessage('/c', { messageType: 'X', referenceId: 'r-1' }).referenceId, 'r-1');
    assert.equal(classifyMessage('/c', { messageType: 'X', referenceId: Infinity }).referenceId, undefined);
  });
});

describe('classifyMessage: malformed messages', () => {
  const cases: Array<[string, unknown, RegExp, string]> = [
    ['null data', null, /data is null, not an object/, '/v2/me/calls (none)'],
    ['string data', 'hello', /data is string/, '/v2/me/calls (none)'],
    ['number data', 5, /data is number/, '/v2/me/calls (none)'],
    ['array data', [{ messageType: 'CallStateChangeMessage' }], /data is an array/, '/v2/me/calls (none)'],
    ['undefined data', undefined, /data is undefined/, '/v2/me/calls (none)'],
    ['no messageType', { call: { id: 'c1' } }, /^no messageType$/, '/v2/me/calls (none)'],
    ['messageType not a string', { messageType: 3 }, /messageType is not a string/, '/v2/me/calls (none)'],
    ['call without id', { messageType: 'CallStateChangeMessage', call: { state: 'Dialing' } }, /call without id/, '/v2/me/calls CallStateChangeMessage'],
    ['call not an object', { messageType: 'CallStateChangeMessage', call: 'c1' }, /without a call object/, '/v2/me/calls CallStateChangeMessage'],
    ['devices not an array', { messageType: 'DeviceStateChangeMessage', devices: { id: 'd' } }, /devices is not an array/, '/v2/me/calls DeviceStateChangeMessage'],
    ['empty devices', { messageType: 'DeviceStateChangeMessage', devices: [] }, /with no devices/, '/v2/me/calls DeviceStateChangeMessage'],
    ['chat without id', { messageType: 'ChatStateChangeMessage', chat: { state: 'Chatting' } }, /chat without id/, '/v2/me/calls ChatStateChangeMessage'],
    ['chat missing', { messageType: 'ChatStateChangeMessage' }, /without a chat object/, '/v2/me/calls ChatStateChangeMessage'],
    ['MessageLogUpdated without chatUri', { messageType: 'MessageLogUpdated', chatUri: 5 }, /without chatUri/, '/v2/me/calls MessageLogUpdated'],
  ];
  for (const [name, data, reason, id] of cases) {
    test(`${name} is malformed and kept as an other resource`, () => {
      const c = classifyMessage('/v2/me/calls', data);
      assert.match(c.malformed ?? '', reason);
      assert.deepEqual(plain(c.refs), [{ kind: 'other', id }]);
    });
  }

  test("the docs' damaged ErrorMessage (nested data.data) is reported as such", () => {
    const damaged = { data: { data: { messageType: 'ErrorMessage', deviceUri: DEVICE_URI, errorMessage: 'Incorrect object state' } }, channel: '/v2/me/calls' };
    const c = classifyMessage('/v2/me/calls', damaged);
    assert.match(c.malformed ?? '', /nested data\.data/);
    assert.equal(c.messageType, undefined);
    assert.deepEqual(plain(c.refs), [{ kind: 'other', id: '/v2/me/calls (none)' }]);
  });

  test('a message that is malformed but still classifiable keeps its refs', () => {
    const c = classifyMessage('/v2/me/devices', {
      messageType: 'DeviceStateChangeMessage',
      devices: [{ id: 'dev-1', userState: { state: 'Ready' } }, { userState: { state: 'NotReady' } }, null],
    });
    assert.match(c.malformed ?? '', /device without id at devices\[1\]/);
    assert.deepEqual(plain(c.refs), [{ kind: 'device', id: 'dev-1', state: 'Ready' }]);
    const nested = classifyMessage('/v2/me/calls', { ...callMessage('Dialing'), data: { x: 1 } });
    assert.equal(nested.malformed, 'nested data.data');
    assert.equal(nested.refs[0].kind, 'call');
  });

  test('prototype keys are never read as payload fields', () => {
    const viaJson = classifyMessage('/v2/me/calls', JSON.parse('{"messageType":"CallStateChangeMessage","__proto__":{"call":{"id":"evil"}}}'));
    assert.match(viaJson.malformed ?? '', /without a call object/);
    const inherited = classifyMessage('/v2/me/calls', Object.create({ messageType: 'CallStateChangeMessage', call: { id: 'evil' } }) as unknown);
    assert.equal(inherited.malformed, 'no messageType');
    assert.deepEqual(inherited.refs, [{ kind: 'other', id: '/v2/me/calls (none)' }]);
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const c = classifyMessage('/x', { messageType: type });
      assert.equal(c.malformed, undefined);
      assert.deepEqual(plain(c.refs), [{ kind: 'other', id: `/x ${type}` }]);
    }
    const noOwnCall = classifyMessage('/x', { messageType: 'CallStateChangeMessage', constructor: { id: 'c' } });
    assert.match(noOwnCall.malformed ?? '', /without a call object/);
    const protoId = classifyMessage('/x', JSON.parse('{"messageType":"DeviceStateChangeMessage","devices":[{"__proto__":{"id":"d"}}]}'));
    assert.match(protoId.malformed ?? '', /device without id/);
  });

  test('never throws, even on a proxy whose traps throw', () => {
    const hostile = new Proxy({}, {
      ownKeys() {
        throw new Error('boom');
      },
      getOwnPropertyDescriptor() {
        throw new Error('boom');
      },
    });
    const c = classifyMessage('/x', hostile);
    assert.match(c.malformed ?? '', /unreadable payload: boom/);
    assert.deepEqual(plain(c.refs), [{ kind: 'other', id: '/x (none)' }]);
  });
});

describe('lastPathSegment', () => {
  test('takes the last non-empty segment and ignores query and fragment', () => {
    assert.equal(lastPathSegment('http://h/api/v2/chats/abc'), 'abc');
    assert.equal(lastPathSegment('/calls/X1/'), 'X1');
    assert.equal(lastPathSegment('http://h/calls/X2?x=1#f'), 'X2');
    assert.equal(lastPathSegment('http://'), undefined);
    assert.equal(lastPathSegment(''), undefined);
    assert.equal(lastPathSegment(3), undefined);
  });
});

describe('classifySnapshot', () => {
  test('lists resources of the fetched collections and covers only those not failed', () => {
    const rec: SnapshotRecord = {
      kind: 'snapshot',
      seq: 9,
      at: '2024-01-01T00:00:00.000Z',
      calls: [{ id: 'c1', state: 'Established', participants: [{ phoneNumber: '5000' }] }, { state: 'no id' }],
      devices: [{ id: 'd1', deviceState: 'Active', userState: { state: 'Ready' } }],
      chats: [],
      failed: { chats: 'HTTP 500' },
    };
    const s = classifySnapshot(rec);
    assert.deepEqual(plain(s.refs), [
      { kind: 'call', id: 'c1', state: 'Established', ended: false, label: '5000' },
      { kind: 'device', id: 'd1', state: 'Ready', deviceState: 'Active' },
    ]);
    assert.deepEqual(s.covers, ['call', 'device']);
  });

  test('absent collections are not covered', () => {
    const s = classifySnapshot({ kind: 'snapshot', seq: 1, at: '2024-01-01T00:00:00.000Z', devices: [] });
    assert.deepEqual(s, { refs: [], covers: ['device'] });
  });
});
