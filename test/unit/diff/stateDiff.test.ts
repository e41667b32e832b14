import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffStates, diffSuccessive, resourceState, stateFromRecord } from '../../../src/diff/stateDiff';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { JournalFile } from '../../../src/capture/journalFile';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import type { CaptureRecord } from '../../../src/capture/records';
import { header, message, tempDir } from '../capture/helpers';

const baseCall = {
  id: '013V08JRL498H10I04000VTAES000015',
  state: 'Dialing',
  participants: [{ e164Number: '', formattedPhoneNumber: '5000', phoneNumber: '5000', digits: '5000' }],
  capabilities: ['Hangup', 'SendDtmf', 'Hold'],
  userData: { Segment: 'Gold' },
  duration: '0',
};

describe('diffStates', () => {
  test('a call going Dialing → Established shows as one state change', () => {
    const d = diffStates(baseCall, { ...baseCall, state: 'Established' });
    assert.equal(d.unchanged, false);
    assert.deepEqual(d.changes, [{ path: 'state', op: 'changed', before: 'Dialing', after: 'Established' }]);
    assert.equal(d.capabilities, undefined);
    assert.equal(d.participants, undefined);
    assert.deepEqual(d.delta, { state: ['Dialing', 'Established'] });
  });

  test('nested fields get dotted paths', () => {
    const d = diffStates(baseCall, { ...baseCall, userData: { Segment: 'Silver', 'odd key': 1 } });
    assert.deepEqual(d.changes, [
      { path: 'userData.Segment', op: 'changed', before: 'Gold', after: 'Silver' },
      { path: 'userData["odd key"]', op: 'added', after: 1 },
    ]);
  });

  test('participants are matched by participantId: joining and leaving, not positional edits', () => {
    const a = { participants: [{ participantId: '007352CE982D031B', nickname: 'client', type: 'Customer' }, { participantId: '007352CE984F0321', nickname: 'agent1', type: 'Agent' }] };
    const joined = { participants: [...a.participants, { participantId: '00AA', nickname: 'agent2', type: 'Agent' }] };
    const d1 = diffStates(a, joined);
    assert.deepEqual(d1.changes, [{ path: 'participants[participantId=00AA]', op: 'added', after: { participantId: '00AA', nickname: 'agent2', type: 'Agent' } }]);
    assert.deepEqual(d1.participants, { joined: [{ participantId: '00AA', nickname: 'agent2', type: 'Agent' }], left: [] });
    const left = { participants: [joined.participants[1], joined.participants[2]] };
    const d2 = diffStates(joined, left);
    assert.deepEqual(d2.changes, [{ path: 'participants[participantId=007352CE982D031B]', op: 'removed', before: a.participants[0] }]);
    assert.deepEqual(d2.participants, { joined: [], left: [a.participants[0]] });
  });

  test('a participant whose fields change keeps its key in the path', () => {
    const a = { participants: [{ participantId: 'P1', type: 'Agent' }] };
    const d = diffStates(a, { participants: [{ participantId: 'P1', type: 'Supervisor' }] });
    assert.deepEqual(d.changes, [{ path: 'participants[participantId=P1].type', op: 'changed', before: 'Agent', after: 'Supervisor' }]);
    assert.equal(d.participants, undefined);
  });

  test('call participants without ids are matched by phone number', () => {
    const d = diffStates(baseCall, { ...baseCall, participants: [...baseCall.participants, { phoneNumber: '5001', digits: '5001' }] });
    assert.deepEqual(d.changes.map((c) => [c.path, c.op]), [['participants[phoneNumber=5001]', 'added']]);
  });

  test('devices are matched by id', () => {
    const before = { devices: [{ id: 'd1', userState: { state: 'NotReady' } }, { id: 'd2', userState: { state: 'Ready' } }] };
    const after = { devices: [{ id: 'd2', userState: { state: 'Ready' } }, { id: 'd1', userState: { state: 'Ready' } }] };
    const d = diffStates(before, after);
    assert.ok(d.changes.some((c) => c.path === 'devices[id=d1].userState.state' && c.op === 'changed' && c.after === 'Ready'));
    assert.ok(d.changes.every((c) => c.op !== 'added' && c.op !== 'removed'));
  });

  test('capabilities compare as a set: reordering is no change, additions and removals are listed', () => {
    assert.equal(diffStates(baseCall, { ...baseCall, capabilities: ['Hold', 'Hangup', 'SendDtmf'] }).unchanged, true);
    const d = diffStates(baseCall, { ...baseCall, capabilities: ['Retrieve', 'Hangup', 'SendDtmf'] });
    assert.deepEqual(d.capabilities, [{ path: 'capabilities', added: ['Retrieve'], removed: ['Hold'] }]);
    assert.deepEqual(d.changes.map((c) => [c.path, c.op]).sort(), [['capabilities[Hold]', 'removed'], ['capabilities[Retrieve]', 'added']]);
  });

  test('identical states are unchanged', () => {
    const d = diffStates(baseCall, JSON.parse(JSON.stringify(baseCall)));
    assert.deepEqual(d, { changes: [], unchanged: true, delta: undefined });
  });

  test('never throws: very deep states are compared depth-capped', () => {
    let a: unknown = 1;
    let b: unknown = 2;
    for (let i = 0; i < 20_000; i++) {
      a = { a };
      b = { a: b };
    }
    const d = diffStates(a, b);
    assert.equal(d.error, undefined);
    assert.equal(d.unchanged, true, 'the difference lies below the depth cap');
  });

  test('a __proto__ key is compared as data and pollutes nothing', () => {
    const d = diffStates(JSON.parse('{"__proto__":{"x":1}}'), JSON.parse('{"__proto__":{"x":2}}'));
    assert.deepEqual(d.changes, [{ path: '["[__proto__]"].x', op: 'changed', before: 1, after: 2 }]);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  test('keys named like Object.prototype members (constructor, toString) are data too', () => {
    // jsondiffpatch alone reads the missing side's inherited function and throws.
    const d = diffStates({ userData: {}, participants: [{ id: 'p1' }] }, { userData: { constructor: 'x' }, participants: [{ id: 'p1', toString: {} }] });
    assert.equal(d.error, undefined);
    assert.deepEqual(d.changes, [
      { path: 'userData.constructor', op: 'added', after: 'x' },
      { path: 'participants[id=p1].toString', op: 'added', after: {} },
    ]);
  });
});

describe('resourceState', () => {
  const devicesMsg = { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'd1', a: 1 }, { id: 'd2', a: 2 }] };
  test('picks the resource object out of its message', () => {
    assert.deepEqual(resourceState('call', baseCall.id, { messageType: 'CallStateChangeMessage', call: baseCall }), baseCall);
    assert.equal(resourceState('call', 'other-id', { call: baseCall }), undefined);
    assert.deepEqual(resourceState('device', 'd2', devicesMsg), { id: 'd2', a: 2 });
    assert.deepEqual(resourceState('chat', 'ch', { chat: { id: 'ch', state: 'Chatting' } }), { id: 'ch', state: 'Chatting' });
    assert.equal(resourceState('chat', 'ch', { messageType: 'MessageLogUpdated', chatUri: '/chats/ch' }), undefined);
    const err = { messageType: 'ErrorMessage', errorMessage: 'x' };
    assert.equal(resourceState('error', '5', err), err);
    assert.equal(resourceState('other', 'x', 'raw'), 'raw');
    assert.equal(resourceState('call', 'x', null), undefined);
  });

  test('stateFromRecord reads snapshots too', () => {
    const rec: CaptureRecord = { kind: 'snapshot', seq: 1, at: '', calls: [{ id: 'c1', state: 'Held' }] };
    assert.deepEqual(stateFromRecord('call', 'c1', rec), { id: 'c1', state: 'Held' });
    assert.equal(stateFromRecord('device', 'd1', rec), undefined);
  });
});

describe('diffSuccessive', () => {
  test('diffs a resource against its previous message, read from the journal by offset', async () => {
    const dir = tempDir();
    try {
      const path = dir.file('c.ndjson');
      const w = new JournalWriter(path, header());
      const tracker = new ResourceTracker();
      const chatOf = (state: string, participants: unknown[]) => ({ messageType: 'ChatStateChangeMessage', chat: { id: 'ch1', state, participants } });
      const cust = { participantId: 'P1', nickname: 'client', type: 'Customer' };
      const agent = { participantId: 'P2', nickname: 'agent', type: 'Agent' };
      const records: CaptureRecord[] = [
        message(1, chatOf('Invited', [cust]), '/v2/me/chats'),
        message(2, { messageType: 'CallStateChangeMessage', call: { ...baseCall } }),
        message(3, chatOf('Chatting', [cust, agent]), '/v2/me/chats'),
        message(4, { messageType: 'MessageLogUpdated', chatUri: 'http://h/api/v2/chats/ch1', messages: [{ index: 1, text: 'hi' }] }, '/v2/me/chats'),
        message(5, chatOf('Completed', [cust]), '/v2/me/chats'),
      ];
      for (const r of records) {
        const { offset, length } = w.append(r);
        tracker.ingest(toIndexEntry(r, offset, length));
      }
      w.flush();
      const file = new JournalFile(path);
      const d3 = await diffSuccessive(file, tracker, 'chat', 'ch1', 3);
      assert.equal(d3?.previousSeq, 1);
      assert.deepEqual(d3?.participants, { joined: [agent], left: [] });
      assert.ok(d3?.changes.some((c) => c.path === 'state' && c.before === 'Invited' && c.after === 'Chatting'));
      const d5 = await diffSuccessive(file, tracker, 'chat', 'ch1', 5);
      assert.equal(d5?.previousSeq, 3, 'MessageLogUpdated is skipped: it holds no chat object');
      assert.deepEqual(d5?.participants, { joined: [], left: [agent] });
      const first = await diffSuccessive(file, tracker, 'chat', 'ch1', 1);
      assert.equal(first?.previousSeq, undefined);
      assert.ok(first?.changes.some((c) => c.path === 'state' && c.op === 'added'));
      assert.equal(await diffSuccessive(file, tracker, 'chat', 'ch1', 4), undefined);
      assert.equal(await diffSuccessive(file, tracker, 'chat', 'ch1', 99), undefined);
      file.close();
      w.close();
    } finally {
      dir.cleanup();
    }
  });
});
