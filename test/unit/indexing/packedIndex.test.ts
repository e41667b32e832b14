import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize, deserialize } from 'node:v8';
import fc from 'fast-check';
import { toIndexEntry, BAD_LINES_ID } from '../../../src/indexing/indexer';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { IndexPacker, ROW_COLUMNS, ROW_OBJECT, packIndex, unpackIndex } from '../../../src/indexing/packedIndex';
import type { ResourceRef } from '../../../src/model/classification';
import { RESOURCE_KINDS } from '../../../src/model/gwsTypes';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const iso = (seq: number): string => new Date(T0 + seq).toISOString();
const message = (seq: number, data: unknown, channel = '/v2/me/calls'): IndexEntry => toIndexEntry({ kind: 'message', seq, receivedAt: iso(seq), channel, data }, seq * 1000, 999);

/** One entry of every shape the connection process produces. */
function mixed(): IndexEntry[] {
  return [
    toIndexEntry({ kind: 'event', seq: 1, at: iso(1), event: 'subscribed', subject: '/v2/me/calls' }, 300, 80),
    message(2, { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'c1', state: 'Ringing', participants: [{ phoneNumber: '5000' }] } }),
    message(3, { messageType: 'CallStateChangeMessage', call: { id: 'c1', state: 'Released' }, referenceId: 7 }),
    message(4, { messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', referenceId: 'r-9', chat: { id: 'ch1', state: 'Chatting', participants: [{ nickname: 'Ann', type: 'Customer' }] } }, '/v2/me/chats'),
    message(5, { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'd1', deviceState: 'Active', userState: { state: 'Ready' } }, { id: 'd2', userState: { state: 'NotReady' } }, { id: 'd1' }] }, '/v2/me/devices'),
    message(6, { messageType: 'ErrorMessage', errorMessage: 'boom', deviceUri: 'http://h/api/v2/devices/d1', callUri: 'http://h/api/v2/me/calls/c1' }),
    message(7, { no: 'type' }),
    message(8, null),
    message(9, undefined, ''),
    message(10, { messageType: 'CallStateChangeMessage', call: { id: '', state: '' } }),
    toIndexEntry({ kind: 'gap', seq: 11, from: iso(10), to: iso(11), reason: 'lost' }, 12000, 90),
    toIndexEntry({ kind: 'snapshot', seq: 12, at: iso(12), calls: [{ id: 'c2', state: 'Established' }], devices: [], failed: { chats: 'HTTP 500' } }, 13000, 200),
    toIndexEntry({ kind: 'bad-line', seq: 13, line: 15, reason: 'not JSON', raw: '{oops' }, 14000, 5),
    message(14, { messageType: 'MessageLogUpdated', chatUri: 'http://h/api/v2/chats/ch1', messages: [] }, '/v2/me/chats'),
  ];
}

describe('packedIndex', () => {
  test('unpacking gives back exactly the entries that were packed', () => {
    const entries = mixed();
    assert.deepEqual(unpackIndex(packIndex(entries)), entries);
  });

  test('plain messages go in the columns; events, gaps, snapshots, bad lines and linked refs travel whole', () => {
    const packed = packIndex(mixed());
    const forms = Array.from(packed.form);
    assert.deepEqual(forms, [ROW_OBJECT, ROW_COLUMNS, ROW_COLUMNS, ROW_COLUMNS, ROW_COLUMNS, ROW_OBJECT, ROW_COLUMNS, ROW_COLUMNS, ROW_COLUMNS, ROW_COLUMNS, ROW_OBJECT, ROW_OBJECT, ROW_OBJECT, ROW_COLUMNS]);
    assert.deepEqual(packed.objects.map((e) => e.rec), ['event', 'message', 'gap', 'snapshot', 'bad-line']);
    assert.equal(packed.objects[4].refs[0].id, BAD_LINES_ID);
    // Repeated strings are stored once.
    assert.equal(packed.strings.filter((s) => s === 'c1').length, 1);
  });

  test('a packed batch survives the structured clone of IPC as typed arrays', () => {
    const entries = mixed();
    const cloned = deserialize(serialize(packIndex(entries))) as ReturnType<typeof packIndex>;
    assert.ok(cloned.seq instanceof Float64Array);
    assert.ok(cloned.refKind instanceof Uint8Array);
    assert.deepEqual(unpackIndex(cloned), entries);
  });

  test('the packer grows past its first capacity and starts empty after take()', () => {
    const packer = new IndexPacker();
    const many = Array.from({ length: 3000 }, (_, i) => message(i + 1, { messageType: 'DeviceStateChangeMessage', devices: [{ id: `d${i % 7}`, userState: { state: 'Ready' } }, { id: `e${i}` }] }, '/v2/me/devices'));
    for (const e of many) packer.add(e);
    assert.equal(packer.size, 3000);
    const packed = packer.take();
    assert.equal(packed.count, 3000);
    assert.equal(packed.refKind.length, 6000);
    assert.deepEqual(unpackIndex(packed), many);
    assert.equal(packer.size, 0);
    packer.add(many[0]);
    const again = packer.take();
    assert.deepEqual(unpackIndex(again), [many[0]]);
    assert.equal(again.seq.length, 1, 'columns are cut to the rows used');
  });

  test('an empty batch packs and unpacks to nothing', () => {
    const packed = packIndex([]);
    assert.equal(packed.count, 0);
    assert.deepEqual(unpackIndex(packed), []);
  });

  test('timing and transcript columns ship only in a batch that has one; rows before the first are absent', () => {
    const packer = new IndexPacker();
    const row = (seq: number, extra: Partial<IndexEntry> = {}): IndexEntry => ({ seq, offset: seq, length: 1, at: seq, rec: 'message', channel: '/c', refs: [], ...extra });
    const first = [row(1), row(2), row(3, { serverProcessingTimeTotalMs: 4 }), row(4), row(5, { transcriptLast: 9 })];
    for (const e of first) packer.add(e);
    const a = packer.take();
    assert.equal(a.serverGenerationTimestamp.length, 5);
    assert.deepEqual(unpackIndex(a), first);
    const second = [row(6), row(7)];
    for (const e of second) packer.add(e);
    const b = packer.take();
    assert.deepEqual([b.serverGenerationTimestamp.length, b.serverProcessingTimeTotalMs.length, b.transcriptFirst.length, b.transcriptLast.length], [0, 0, 0, 0]);
    assert.deepEqual(unpackIndex(b), second);
  });

  test('property: a batch with the index facts round-trips, through the structured clone too', () => {
    const text = fc.string({ maxLength: 12 });
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    const ref: fc.Arbitrary<ResourceRef> = fc.record(
      {
        kind: fc.constantFrom(...RESOURCE_KINDS),
        id: text,
        state: text,
        deviceState: text,
        label: text,
        ended: fc.boolean(),
        callUuid: text,
        connId: text,
        device: text,
        capabilities: fc.constantFrom('', 'Hold', 'Answer,Hangup', 'a\\,b'),
        stateHash: fc.integer({ min: 1, max: 0xffffffff }),
      },
      { requiredKeys: ['kind', 'id'], noNullPrototype: true },
    );
    const message = fc.record(
      {
        seq: fc.nat(),
        offset: fc.nat(),
        length: fc.nat(),
        at: fc.nat(),
        rec: fc.constant('message' as const),
        channel: text,
        messageType: text,
        notificationType: text,
        referenceId: fc.oneof(text, fc.integer()),
        malformed: text,
        serverGenerationTimestamp: finite,
        serverProcessingTimeTotalMs: fc.oneof(fc.constant(-1), finite),
        transcriptFirst: finite,
        transcriptLast: finite,
        refs: fc.array(ref, { maxLength: 4 }),
      },
      { requiredKeys: ['seq', 'offset', 'length', 'at', 'rec', 'refs'], noNullPrototype: true },
    );
    const event = fc.record({ seq: fc.nat(), offset: fc.nat(), length: fc.nat(), at: fc.nat(), rec: fc.constant('event' as const), event: text, refs: fc.constant<ResourceRef[]>([]) }, { noNullPrototype: true });
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 5, arbitrary: message }, { weight: 1, arbitrary: event }), { maxLength: 40 }), (entries: IndexEntry[]) => {
        const packed = packIndex(entries);
        assert.deepEqual(unpackIndex(packed), entries);
        assert.deepEqual(unpackIndex(deserialize(serialize(packed)) as typeof packed), entries);
      }),
      { numRuns: 300 },
    );
  });
});
