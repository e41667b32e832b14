import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GONE_AFTER_RECONNECT, ResourceTracker, type TrackerChange } from '../../../src/tracker/resourceTracker';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { packIndex } from '../../../src/indexing/packedIndex';
import { call, chat, devices, msg, snapshot, timeOf } from './helpers';

describe('ResourceTracker', () => {
  test('follows a call through its states and ends it on Released', () => {
    const t = new ResourceTracker();
    t.ingestBatch([call(1, 'c1', 'Dialing'), call(2, 'c1', 'Established'), call(3, 'c1', 'Established', { userData: { a: 1 } }), call(4, 'c1', 'Held'), call(5, 'c1', 'Released')]);
    const r = t.get('call', 'c1');
    assert.ok(r);
    assert.equal(r.state, 'Released');
    assert.deepEqual(r.states, [
      { state: 'Dialing', since: timeOf(1) },
      { state: 'Established', since: timeOf(2) },
      { state: 'Held', since: timeOf(4) },
      { state: 'Released', since: timeOf(5) },
    ]);
    assert.equal(r.ended, true);
    assert.equal(r.endReason, 'Released');
    assert.equal(r.messageCount, 5);
    assert.equal(r.label, '5000');
    assert.equal(r.firstSeen, timeOf(1));
    assert.equal(r.lastSeen, timeOf(5));
    assert.deepEqual([...t.seqsOf('call', 'c1')], [1, 2, 3, 4, 5]);
  });

  test('a chat ends on Completed; MessageLogUpdated counts but leaves the state alone', () => {
    const t = new ResourceTracker();
    t.ingest(chat(1, 'ch1', 'Chatting'));
    t.ingest(msg(2, '/v2/me/chats', { messageType: 'MessageLogUpdated', chatUri: 'http://h/api/v2/chats/ch1', messages: [] }));
    const mid = t.get('chat', 'ch1');
    assert.equal(mid?.state, 'Chatting');
    assert.equal(mid?.messageCount, 2);
    assert.equal(mid?.label, 'Cust');
    t.ingest(chat(3, 'ch1', 'Completed'));
    assert.equal(t.get('chat', 'ch1')?.ended, true);
    assert.equal(t.get('chat', 'ch1')?.endReason, 'Completed');
  });

  test('one device message updates every device it lists', () => {
    const t = new ResourceTracker();
    t.ingest(devices(1, [{ id: 'd1', state: 'NotReady' }, { id: 'd2', state: 'Ready', deviceState: 'Inactive' }]));
    t.ingest(devices(2, [{ id: 'd1', state: 'Ready' }]));
    assert.deepEqual(t.get('device', 'd1')?.states.map((s) => s.state), ['NotReady', 'Ready']);
    assert.equal(t.get('device', 'd2')?.state, 'Ready');
    assert.equal(t.get('device', 'd2')?.deviceState, 'Inactive');
    assert.equal(t.get('device', 'd2')?.label, 'num-d2');
    assert.equal(t.get('device', 'd1')?.messageCount, 2);
    assert.equal(t.get('device', 'd2')?.messageCount, 1);
    assert.equal(t.messageCount, 2);
    assert.equal(t.entryAt(1)?.resource, t.get('device', 'd1') && t.resources().indexOf(t.get('device', 'd1')!));
  });

  test('a device listed twice in one message counts once', () => {
    const t = new ResourceTracker();
    t.ingest(devices(1, [{ id: 'd1', state: 'NotReady' }, { id: 'd1', state: 'Ready' }]));
    assert.equal(t.get('device', 'd1')?.messageCount, 1);
    assert.equal(t.get('device', 'd1')?.recordCount, 1);
    assert.equal(t.get('device', 'd1')?.state, 'Ready');
  });

  test('errors are their own resources, linked from the call and device they name', () => {
    const t = new ResourceTracker();
    t.ingest(devices(1, [{ id: 'd1', state: 'Ready' }]));
    t.ingest(call(2, 'c1', 'Established'));
    t.ingest(msg(3, '/v2/me/calls', { messageType: 'ErrorMessage', deviceUri: 'http://h/api/v2/devices/d1', callUri: 'http://h/api/v2/calls/c1', errorMessage: 'Incorrect object state' }));
    t.ingest(msg(4, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: 'http://h/api/v2/devices/d1', errorMessage: 'Invalid Called Dn' }));
    assert.deepEqual(t.get('call', 'c1')?.errorSeqs, [3]);
    assert.deepEqual(t.get('device', 'd1')?.errorSeqs, [3, 4]);
    assert.equal(t.get('error', '3')?.label, 'Incorrect object state');
    assert.equal(t.get('error', '4')?.messageCount, 1);
    assert.equal(t.get('call', 'c1')?.messageCount, 1, 'errors do not count as messages of the call');
  });

  test('a snapshot after reconnect ends the resources it no longer lists and updates the others', () => {
    const t = new ResourceTracker();
    t.ingestBatch([call(1, 'c1', 'Established'), call(2, 'c2', 'Held'), call(3, 'c3', 'Released'), chat(4, 'ch1', 'Chatting'), devices(5, [{ id: 'd1', state: 'Ready' }])]);
    t.ingest(snapshot(6, { calls: [{ id: 'c2', state: 'Established' }], devices: [{ id: 'd1', userState: { state: 'NotReady' } }], failed: { chats: 'HTTP 503' }, chats: [] }));
    assert.equal(t.get('call', 'c1')?.ended, true);
    assert.equal(t.get('call', 'c1')?.endReason, GONE_AFTER_RECONNECT);
    assert.equal(t.get('call', 'c1')?.state, 'Established');
    assert.equal(t.get('call', 'c2')?.ended, false);
    assert.deepEqual(t.get('call', 'c2')?.states.map((s) => s.state), ['Held', 'Established']);
    assert.equal(t.get('call', 'c2')?.messageCount, 1, 'snapshots are records, not messages');
    assert.equal(t.get('call', 'c2')?.recordCount, 2);
    assert.equal(t.get('call', 'c3')?.endReason, 'Released', 'already ended resources keep their reason');
    assert.equal(t.get('chat', 'ch1')?.ended, false, 'failed collections are not covered');
    assert.equal(t.get('device', 'd1')?.state, 'NotReady');
  });

  test('a resource that reappears after being declared gone is alive again', () => {
    const t = new ResourceTracker();
    t.ingest(call(1, 'c1', 'Established'));
    t.ingest(snapshot(2, { calls: [] }));
    assert.equal(t.get('call', 'c1')?.ended, true);
    t.ingest(call(3, 'c1', 'Held'));
    assert.equal(t.get('call', 'c1')?.ended, false);
    assert.equal(t.get('call', 'c1')?.endReason, undefined);
  });

  test('out-of-order and duplicate records: the last ingested wins until the end, lookups by seq still work', () => {
    const t = new ResourceTracker();
    t.ingestBatch([call(5, 'c1', 'Established'), call(3, 'c1', 'Dialing'), call(5, 'c1', 'Released'), call(4, 'c1', 'Held')]);
    const r = t.get('call', 'c1');
    assert.equal(r?.state, 'Released', 'a message after Released is late and never revives the call');
    assert.equal(r?.ended, true);
    assert.equal(t.entryAt(4)?.late, true);
    assert.deepEqual(r?.states.map((s) => s.state), ['Established', 'Dialing', 'Released']);
    assert.equal(t.entryAt(3)?.seq, 3);
    assert.equal(t.entryAt(4)?.seq, 4);
    assert.equal(t.entryAt(5)?.index, 0);
    assert.equal(t.entryAt(99), undefined);
    assert.equal(t.previousSeq('call', 'c1', 4), 5);
  });

  test('previousSeq gives the record before seq for that resource, optionally filtered', () => {
    const t = new ResourceTracker();
    t.ingestBatch([
      chat(1, 'ch1', 'Invited'),
      call(2, 'c1', 'Dialing'),
      chat(3, 'ch1', 'Chatting'),
      msg(4, '/v2/me/chats', { messageType: 'MessageLogUpdated', chatUri: '/chats/ch1' }),
      call(5, 'c1', 'Established'),
      chat(6, 'ch1', 'Completed'),
    ]);
    assert.equal(t.previousSeq('chat', 'ch1', 6), 4);
    assert.equal(t.previousSeq('chat', 'ch1', 6, (v) => v.messageType !== 'MessageLogUpdated'), 3);
    assert.equal(t.previousSeq('chat', 'ch1', 1), undefined);
    assert.equal(t.previousSeq('call', 'c1', 5), 2);
    assert.equal(t.previousSeq('call', 'c1', 4), 2, 'works for a seq of another resource too');
    assert.equal(t.previousSeq('call', 'nope', 5), undefined);
    assert.equal(t.previousSeq('call', 'c1', 77), undefined);
  });

  test('counts messages, malformed records and channels; entryAt gives the compact view', () => {
    const t = new ResourceTracker();
    t.ingestBatch([
      call(1, 'c1', 'Dialing'),
      msg(2, '/v2/me/calls', null),
      msg(3, '/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: 'x' }),
      toIndexEntry({ kind: 'event', seq: 4, at: '2024-05-01T10:00:04.000Z', event: 'reconnecting' }, 400, 10),
      toIndexEntry({ kind: 'gap', seq: 5, from: '2024-05-01T10:00:04.000Z', to: '2024-05-01T10:00:09.000Z', reason: 'reconnect' }, 500, 10),
      toIndexEntry({ kind: 'bad-line', seq: 6, line: 7, reason: 'not JSON', raw: '{' }, 600, 1),
      msg(7, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', referenceId: 'ref-x', chat: { id: 'ch', state: 'Invited' } }),
    ]);
    assert.equal(t.recordCount, 7);
    assert.equal(t.messageCount, 4);
    assert.equal(t.malformedCount, 3);
    assert.deepEqual([...t.byChannel()], [['/v2/me/calls', 2], ['/v2/me/devices', 1], ['/v2/me/chats', 1]]);
    assert.deepEqual(t.entryAt(1), {
      index: 0, seq: 1, offset: 100, length: 99, at: timeOf(1), rec: 'message', channel: '/v2/me/calls',
      messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', resource: 0,
      refs: [{ resource: 0, state: 'Dialing', stateHash: t.entryAt(1)?.refs[0].stateHash }],
    });
    assert.match(t.entryAt(2)?.malformed ?? '', /data is null/);
    assert.equal(t.entryAt(4)?.messageType, 'reconnecting');
    assert.equal(t.entryAt(4)?.rec, 'event');
    assert.equal(t.entryAt(5)?.until, Date.parse('2024-05-01T10:00:09.000Z'));
    assert.equal(t.entryAt(6)?.rec, 'bad-line');
    assert.equal(t.entryAt(7)?.referenceId, 'ref-x');
    assert.equal(t.resourceAt(t.entryAt(7)!.resource)?.id, 'ch');
    assert.equal(t.recordAt(6)?.seq, 7);
    assert.equal(t.recordAt(7), undefined);
  });

  test('resources() groups kinds as chat, call, device, error, other, each by first seen', () => {
    const t = new ResourceTracker();
    t.ingestBatch([msg(1, '/x', { messageType: 'Y' }), call(2, 'c2', 'Dialing'), chat(3, 'ch', 'Invited'), call(4, 'c1', 'Dialing'), devices(5, [{ id: 'd', state: 'Ready' }])]);
    assert.deepEqual(t.resources().map((r) => r.key), ['chat:ch', 'call:c2', 'call:c1', 'device:d', 'other:/x Y']);
    assert.deepEqual(t.resources('call').map((r) => r.id), ['c2', 'c1']);
  });

  test('listeners get the changed keys once per batch and can unsubscribe', () => {
    const t = new ResourceTracker();
    const seen: TrackerChange[] = [];
    const off = t.onDidChange((c) => seen.push(c));
    t.ingestBatch([call(1, 'c1', 'Dialing'), call(2, 'c1', 'Established'), devices(3, [{ id: 'd1', state: 'Ready' }, { id: 'd2', state: 'Ready' }])]);
    assert.equal(seen.length, 1);
    assert.deepEqual([...seen[0].keys].sort(), ['call:c1', 'device:d1', 'device:d2']);
    assert.equal(seen[0].records, 3);
    t.ingest(snapshot(4, { calls: [] }));
    assert.deepEqual([...seen[1].keys], ['call:c1']);
    off();
    t.ingest(call(5, 'c2', 'Dialing'));
    assert.equal(seen.length, 2);
  });

  test('grows past its initial capacity without losing records', () => {
    const t = new ResourceTracker();
    const batch = [];
    for (let i = 1; i <= 5000; i++) batch.push(call(i, `c${i % 7}`, i % 2 ? 'Dialing' : 'Established'));
    t.ingestBatch(batch);
    assert.equal(t.recordCount, 5000);
    assert.equal(t.entryAt(4321)?.offset, 432100);
    assert.equal(t.get('call', 'c3')?.messageCount, 714);
    assert.equal(t.previousSeq('call', 'c3', 4322), 4315);
  });
});

describe('ResourceTracker.ingestPacked', () => {
  /** Everything a tracker exposes, as plain data, to compare two trackers. */
  function state(t: ResourceTracker): unknown {
    const records = Array.from({ length: t.recordCount }, (_, i) => t.recordAt(i));
    const resources = t.resources().map((r) => ({ kind: r.kind, id: r.id, key: r.key, label: r.label, state: r.state, deviceState: r.deviceState, firstSeen: r.firstSeen, lastSeen: r.lastSeen, messageCount: r.messageCount, recordCount: r.recordCount, ended: r.ended, endReason: r.endReason, states: r.states, errorSeqs: r.errorSeqs, callUuids: r.callUuids, connIds: r.connIds, seqs: [...t.seqsOf(r.kind, r.id)] }));
    return { records, resources, messages: t.messageCount, malformed: t.malformedCount, channels: [...t.byChannel()], resourceCount: t.resourceCount };
  }

  function entries(): ReturnType<typeof call>[] {
    return [
      toIndexEntry({ kind: 'event', seq: 1, at: new Date(timeOf(1)).toISOString(), event: 'subscribed', subject: '/v2/me/calls' }, 100, 99),
      call(2, 'c1', 'Ringing', { callUuid: 'u-1', connId: '0072', deviceUri: 'http://h/api/v2/devices/d1', capabilities: ['Answer', 'Hangup'] }),
      devices(3, [{ id: 'd1', state: 'Ready' }, { id: 'd2', state: 'NotReady', deviceState: 'Inactive' }, { id: 'd1', state: 'Ready' }]),
      msg(3, '/v2/me/chats', { messageType: 'MessageLogUpdated', chatUri: '/chats/ch1', messages: [{ index: 4 }, { index: 6 }], metrics: { eventProcessing: { serverGenerationTimestamp: 1714557600000, serverProcessingTimeTotalMs: -1 } } }),
      msg(4, '/v2/me/devices', { messageType: 'ErrorMessage', errorMessage: 'no', deviceUri: '/devices/d1', callUri: '/calls/c1' }),
      call(5, 'c1', 'Released'),
      msg(6, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', referenceId: 12, chat: { id: 'ch1', state: 'Chatting' } }),
      msg(7, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', referenceId: 'x', chat: { id: 'ch1', state: 'Completed' } }),
      msg(8, '/v2/me/calls', 'not an object'),
      snapshot(9, { calls: [{ id: 'c9', state: 'Established' }], devices: [{ id: 'd2', userState: { state: 'Ready' } }], chats: [] }),
      call(10, 'c9', 'Held'),
      call(3, 'c1', 'Established'),
    ];
  }

  test('gives the same tracker state and change keys as ingestBatch of the same entries', () => {
    const viaObjects = new ResourceTracker();
    const viaPacked = new ResourceTracker();
    const keysObjects: string[][] = [];
    const keysPacked: string[][] = [];
    viaObjects.onDidChange((c) => keysObjects.push([...c.keys].sort()));
    viaPacked.onDidChange((c) => keysPacked.push([...c.keys].sort()));
    const all = entries();
    // Two batches, so resources created by the first are found again by the second.
    for (const part of [all.slice(0, 5), all.slice(5)]) {
      viaObjects.ingestBatch(part);
      viaPacked.ingestPacked(packIndex(part));
    }
    assert.deepEqual(state(viaPacked), state(viaObjects));
    assert.deepEqual(keysPacked, keysObjects);
    assert.equal(viaPacked.get('call', 'c1')?.errorSeqs[0], 4);
    assert.equal(viaPacked.get('chat', 'ch1')?.endReason, 'Completed');
    // The facts arrived through the columns, not only through the object rows.
    const ringing = viaPacked.recordAt(1)!;
    assert.deepEqual({ ...ringing.refs[0], stateHash: 0 }, { resource: 0, device: 'd1', capabilities: 'Answer,Hangup', state: 'Ringing', stateHash: 0 });
    // A call's ids are kept by the call, each value once.
    assert.deepEqual([viaPacked.get('call', 'c1')?.callUuids, viaPacked.get('call', 'c1')?.connIds], [['u-1'], ['0072']]);
    assert.deepEqual([viaObjects.get('call', 'c1')?.callUuids, viaObjects.get('call', 'c1')?.connIds], [['u-1'], ['0072']]);
    const transcript = viaPacked.recordAt(3)!;
    assert.deepEqual([transcript.transcriptFirst, transcript.transcriptLast, transcript.serverGenerationTimestamp, transcript.serverProcessingTimeTotalMs], [4, 6, 1714557600000, -1]);
    assert.deepEqual(viaPacked.recordAt(2)!.refs.map((r) => viaPacked.resourceAt(r.resource)?.id), ['d1', 'd2', 'd1'], 'one ref per device named');
  });

  test('an empty packed batch changes nothing and notifies nobody', () => {
    const t = new ResourceTracker();
    let calls = 0;
    t.onDidChange(() => calls++);
    t.ingestPacked(packIndex([]));
    assert.equal(t.recordCount, 0);
    assert.equal(calls, 0);
  });
});
