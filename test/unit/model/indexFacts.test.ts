import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyMessage, classifySnapshot } from '../../../src/model/classify';
import { capabilitySet, lastPathSegment, stateHash } from '../../../src/model/indexFacts';
import { NOT_STATE } from '../../../src/model/stateHash';

const DEVICE = 'efelab32-53f9-43ce-b65e-5768c61f7d4a';

/** The docs' CallStateChangeMessage, with the metrics real GWS adds. */
const docsCall = () => ({
  notificationType: 'StatusChange',
  call: {
    id: '013V08JRL498H10I04000VTAES000015',
    state: 'Established',
    callUuid: '013V08JRL498H10I04000VTAES000015',
    connId: '0072026cb98d140f',
    deviceUri: `http://127.0.0.1:8080/api/v2/devices/${DEVICE}`,
    participants: [{ e164Number: '', formattedPhoneNumber: '5000', phoneNumber: '5000', digits: '5000' }],
    dnis: '5000',
    callType: 'Internal',
    capabilities: ['UpdateUserData', 'Hangup', 'SendDtmf', 'Hold'],
    duration: '1',
    mute: 'Off',
  },
  metrics: { eventProcessing: { nodeProcessingTimeNanos: 120345, serverGenerationTimestamp: 1714557603512, serverProcessingTimeTotalMs: 3 } },
  messageType: 'CallStateChangeMessage',
});

describe('index facts: extraction in classify()', () => {
  test('a call gives callUuid, connId, its device, the capability set, a state hash; the message its GWS timing', () => {
    const c = classifyMessage('/v2/me/calls', docsCall());
    const ref = c.refs[0];
    assert.equal(ref.callUuid, '013V08JRL498H10I04000VTAES000015');
    assert.equal(ref.connId, '0072026cb98d140f');
    assert.equal(ref.device, DEVICE);
    assert.equal(ref.capabilities, 'Hangup,Hold,SendDtmf,UpdateUserData');
    assert.ok(Number.isInteger(ref.stateHash) && ref.stateHash! > 0 && ref.stateHash! <= 0xffffffff);
    assert.equal(c.serverGenerationTimestamp, 1714557603512);
    assert.equal(c.serverProcessingTimeTotalMs, 3);
    assert.equal(c.transcriptFirst, undefined);
  });

  test('each device of a device message and a chat carry their own capability set and state hash', () => {
    const c = classifyMessage('/v2/me/devices', {
      messageType: 'DeviceStateChangeMessage',
      devices: [
        { id: 'd1', userState: { state: 'Ready' }, capabilities: ['ForwardCallsOn', 'DoNotDisturbOn'] },
        { id: 'd2', userState: { state: 'Ready' }, capabilities: [] },
        { id: 'd3', userState: { state: 'Ready' } },
      ],
      metrics: { eventProcessing: { serverProcessingTimeTotalMs: -1 } },
    });
    assert.deepEqual(c.refs.map((r) => r.capabilities), ['DoNotDisturbOn,ForwardCallsOn', '', undefined]);
    assert.equal(new Set(c.refs.map((r) => r.stateHash)).size, 3);
    assert.equal(c.serverProcessingTimeTotalMs, -1, '-1 is kept as a value');
    assert.equal(c.serverGenerationTimestamp, undefined);
    const chat = classifyMessage('/v2/me/chats', { messageType: 'ChatStateChangeMessage', chat: { id: 'ch', state: 'Chatting', capabilities: ['Leave', 'Complete', 'Leave'] } });
    assert.equal(chat.refs[0].capabilities, 'Complete,Leave');
    assert.ok(chat.refs[0].stateHash);
  });

  test('a snapshot lists its calls with the same facts a message gives', () => {
    const s = classifySnapshot({ kind: 'snapshot', seq: 1, at: '', calls: [docsCall().call] });
    const m = classifyMessage('/v2/me/calls', docsCall()).refs[0];
    assert.deepEqual(s.refs[0], m);
  });

  test('MessageLogUpdated gives the index of its first and last transcript message that has one', () => {
    const log = (messages: unknown) => classifyMessage('/v2/me/chats', { messageType: 'MessageLogUpdated', chatUri: '/chats/c', messages });
    const c = log([{ text: 'no index' }, { index: 3 }, { index: 'four' }, { index: 4 }, null]);
    assert.deepEqual([c.transcriptFirst, c.transcriptLast], [3, 4]);
    const huge = log([{ index: 1e300 }]);
    assert.deepEqual([huge.transcriptFirst, huge.transcriptLast], [1e300, 1e300]);
    for (const messages of [[], [{ index: NaN }], 'x', { index: 1 }, [{ index: Infinity }], undefined]) {
      const r = log(messages);
      assert.equal(r.transcriptFirst, undefined, JSON.stringify(messages));
      assert.equal(r.transcriptLast, undefined);
    }
    const other = classifyMessage('/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'c' }, messages: [{ index: 1 }] });
    assert.equal(other.transcriptFirst, undefined, 'only a MessageLogUpdated has a transcript');
  });

  test('hostile shapes: wrong types, huge numbers and missing fields give absent facts, never a throw', () => {
    const call = (extra: Record<string, unknown>, top: Record<string, unknown> = {}) => classifyMessage('/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'c1', ...extra }, ...top });
    const wrong = call({ callUuid: { a: 1 }, connId: [], deviceUri: 42, capabilities: 'Hangup' }, { metrics: { eventProcessing: { serverGenerationTimestamp: '1714557603512', serverProcessingTimeTotalMs: null } } });
    assert.equal(wrong.malformed, undefined);
    const ref = wrong.refs[0];
    assert.deepEqual([ref.callUuid, ref.connId, ref.device, ref.capabilities], [undefined, undefined, undefined, undefined]);
    assert.ok(ref.stateHash, 'a state hash whatever the field types');
    assert.deepEqual([wrong.serverGenerationTimestamp, wrong.serverProcessingTimeTotalMs], [undefined, undefined]);
    const numeric = call({ callUuid: 12345678901234567890, connId: 7, deviceUri: 'http://h/devices/d9?x=1#f' }, { metrics: { eventProcessing: { serverGenerationTimestamp: 1e300 } } });
    assert.deepEqual([numeric.refs[0].callUuid, numeric.refs[0].connId, numeric.refs[0].device], ['12345678901234567000', '7', 'd9']);
    assert.equal(numeric.serverGenerationTimestamp, 1e300);
    for (const metrics of [null, 'x', [1], { eventProcessing: [1] }, { eventProcessing: null }]) {
      const c = call({}, { metrics });
      assert.equal(c.serverGenerationTimestamp, undefined);
      assert.equal(c.malformed, undefined);
    }
    const odd = call({ capabilities: [1, null, '', 'Hold', { x: 1 }, 'a,b', 'c\\d', 'Hold'] });
    assert.equal(odd.refs[0].capabilities, 'Hold,a\\,b,c\\\\d', 'non-names left out, separators escaped, repeats merged');
  });

  test('__proto__ keys and inherited members are never taken for facts', () => {
    const parsed = JSON.parse('{"messageType":"CallStateChangeMessage","call":{"id":"c1","__proto__":{"callUuid":"evil","capabilities":["X"]}},"metrics":{"__proto__":{"eventProcessing":{"serverGenerationTimestamp":5}}}}');
    const c = classifyMessage('/v2/me/calls', parsed);
    assert.equal(c.refs[0].callUuid, undefined);
    assert.equal(c.refs[0].capabilities, undefined);
    assert.equal(c.serverGenerationTimestamp, undefined);
    const plain = classifyMessage('/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'c1' } });
    assert.notEqual(c.refs[0].stateHash, plain.refs[0].stateHash, 'an own __proto__ key is part of the state');
    const inherited = Object.create({ callUuid: 'inherited', connId: 'inherited' }) as Record<string, unknown>;
    inherited.id = 'c2';
    const viaProto = classifyMessage('/v2/me/calls', { messageType: 'CallStateChangeMessage', call: inherited });
    assert.deepEqual([viaProto.refs[0].callUuid, viaProto.refs[0].connId], [undefined, undefined]);
  });

  test('a state nested 20,000 levels deep hashes without overflowing the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = i % 2 ? { a: deep } : [deep];
    const c = classifyMessage('/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'c1', userData: deep } });
    assert.equal(c.malformed, undefined);
    assert.ok(c.refs[0].stateHash);
  });

  test('lastPathSegment: ids from URIs and paths, none from a bare scheme', () => {
    const cases: Array<[unknown, string | undefined]> = [
      [`http://h/api/v2/devices/${DEVICE}`, DEVICE], ['/calls/c1/', 'c1'], ['/calls/c1?x=/y#z/w', 'c1'], ['c1', 'c1'],
      ['http:', undefined], ['http://', undefined], ['///', undefined], ['', undefined], [5, undefined], ['a/b#/', 'b'],
    ];
    for (const [uri, id] of cases) assert.equal(lastPathSegment(uri), id, String(uri));
  });
});

describe('index facts: capability sets', () => {
  test('equal sets share one canonical form; different sets never do', () => {
    assert.equal(capabilitySet(['Hold', 'Answer', 'Hold']).canon, capabilitySet(['Answer', 'Hold']).canon);
    assert.equal(capabilitySet([]).canon, '');
    assert.notEqual(capabilitySet(['a,b']).canon, capabilitySet(['a', 'b']).canon);
    assert.notEqual(capabilitySet(['a\\', 'b']).canon, capabilitySet(['a\\,b']).canon);
    assert.notEqual(capabilitySet(['1']).canon, capabilitySet([1]).canon);
  });

  test('property: the canonical form names exactly the set, whatever the order, repeats and cache state', () => {
    const name = fc.oneof(fc.constantFrom('Hold', 'Answer', 'Hangup', 'a,b', 'x\\', ''), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), fc.array(name, { maxLength: 12 }), (a, b) => {
        const same = (x: string[]) => [...new Set(x.filter((s) => s !== ''))].sort().join('\u0000');
        assert.equal(capabilitySet(a).canon === capabilitySet(b).canon, same(a) === same(b));
        assert.equal(capabilitySet([...a].reverse()).canon, capabilitySet(a).canon);
      }),
      { numRuns: 500 },
    );
  });
});

/** `value` with every object's keys in another order (defineProperty keeps a "__proto__" key as data). */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, seed + 1));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const order = keys.map((k, i) => [k, (Math.imul(i + 1, 0x9e3779b1) ^ seed) >>> 0] as const).sort((x, y) => x[1] - y[1]);
  const out = {};
  for (const [k] of order) Object.defineProperty(out, k, { value: reorder((value as Record<string, unknown>)[k], seed + 7), enumerable: true, writable: true, configurable: true });
  return out;
}

/** JSON text with every object's keys sorted: equal for equal states. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

const hashOf = (state: Record<string, unknown>): number => stateHash(state, capabilitySet);

describe('index facts: state hash', () => {
  const state = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
  const caps = fc.array(fc.constantFrom('Hold', 'Answer', 'Hangup', 'SendDtmf', 'Complete'), { maxLength: 6 });

  test('property: ignores key order, capability order and repeats, metrics, duration and the identity fields', () => {
    fc.assert(
      fc.property(state, caps, fc.jsonValue(), fc.jsonValue(), fc.string(), fc.integer(), (s, list, metrics, duration, uri, seed) => {
        const a = { ...reorder(s, 1) as object, capabilities: list, metrics: { eventProcessing: { serverGenerationTimestamp: 1 } }, duration: '0' };
        const b = reorder({ ...s, capabilities: [...list].reverse().concat(list.slice(0, 1)), metrics, duration, uri, id: uri, connId: seed }, seed) as Record<string, unknown>;
        assert.equal(hashOf(a), hashOf(b));
      }),
      { numRuns: 500 },
    );
  });

  test('property: changes when a meaningful field changes', () => {
    fc.assert(
      fc.property(state, fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), (s, key, value) => {
        fc.pre(!NOT_STATE.has(key) && key !== 'capabilities');
        fc.pre(key !== '__proto__' && canonical(s) !== canonical({ ...s, [key]: value }));
        assert.notEqual(hashOf(s), hashOf({ ...s, [key]: value }));
      }),
      { numRuns: 500 },
    );
  });

  test('a capability added or removed, a state or a nested value changed: a new hash', () => {
    const base = docsCall().call;
    const h = hashOf(base);
    assert.notEqual(hashOf({ ...base, capabilities: [...base.capabilities, 'Answer'] }), h);
    assert.notEqual(hashOf({ ...base, capabilities: base.capabilities.slice(1) }), h);
    assert.notEqual(hashOf({ ...base, state: 'Held' }), h);
    assert.notEqual(hashOf({ ...base, participants: [{ ...base.participants[0], digits: '5001' }] }), h);
    assert.notEqual(hashOf({ ...base, participants: [...base.participants].reverse().concat(base.participants) }), h, 'arrays other than capabilities keep order and length');
    assert.equal(hashOf({ ...base, duration: '99' }), h);
    assert.equal(hashOf({ ...base, id: 'other', uri: 'https://other/api/v2/me/calls/other', connId: '1' }), h, 'the same state under another identity');
  });
});
