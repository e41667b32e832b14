import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { describeScope, parseResourceId, scopeFilter } from '../../../src/exchange/exportScope';
import { call, devices, msg } from '../tracker/helpers';

describe('scopeFilter', () => {
  const entries = [
    call(1, 'C1', 'Ringing'),
    devices(2, [{ id: 'D1', state: 'Ready' }, { id: 'D2', state: 'NotReady' }]),
    msg(3, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: 'http://x/api/v2/devices/D1', callUri: 'http://x/api/v2/calls/C1', errorMessage: 'boom' }),
    call(4, 'C2', 'Dialing'),
    toIndexEntry({ kind: 'gap', seq: 5, from: '2024-05-01T10:00:04.500Z', to: '2024-05-01T10:00:09.000Z', reason: 'lost' }, 500, 99),
    toIndexEntry({ kind: 'bad-line', seq: 6, line: 7, reason: 'not JSON', raw: 'x' }, 600, 1),
  ];
  const seqs = (f: (e: (typeof entries)[number]) => boolean): number[] => entries.filter(f).map((e) => e.seq);

  test('all takes everything', () => {
    assert.deepEqual(seqs(scopeFilter({ kind: 'all' })), [1, 2, 3, 4, 5, 6]);
  });
  test('a resource takes its records and the errors that link to it', () => {
    assert.deepEqual(seqs(scopeFilter({ kind: 'resource', resource: { kind: 'call', id: 'C1' } })), [1, 3]);
    assert.deepEqual(seqs(scopeFilter({ kind: 'resource', resource: { kind: 'device', id: 'D2' } })), [2]);
    assert.deepEqual(seqs(scopeFilter({ kind: 'resource', resource: { kind: 'error', id: '3' } })), [3]);
  });
  test('seqs takes exactly the listed rows', () => {
    assert.deepEqual(seqs(scopeFilter({ kind: 'seqs', seqs: [6, 2, 99] })), [2, 6]);
  });
  test('a time range is inclusive, takes overlapping gaps and no unreadable lines', () => {
    // helpers put record n at 10:00:0n.
    assert.deepEqual(seqs(scopeFilter({ kind: 'timeRange', from: '2024-05-01T10:00:02.000Z', to: Date.UTC(2024, 4, 1, 10, 0, 3) })), [2, 3]);
    assert.deepEqual(seqs(scopeFilter({ kind: 'timeRange', from: '2024-05-01T10:00:06.000Z' })), [5]);
    assert.deepEqual(seqs(scopeFilter({ kind: 'timeRange', to: '2024-05-01T10:00:01.000Z' })), [1]);
    assert.throws(() => scopeFilter({ kind: 'timeRange', from: 'yesterday-ish' }), /not a time/);
  });
});

describe('scope helpers', () => {
  test('describeScope', () => {
    assert.equal(describeScope({ kind: 'resource', resource: { kind: 'chat', id: 'X' } }), 'resource chat:X');
    assert.equal(describeScope({ kind: 'timeRange', from: 0 }), 'time 1970-01-01T00:00:00.000Z .. …');
    assert.equal(describeScope({ kind: 'seqs', seqs: [1, 2] }), '2 selected records');
  });
  test('parseResourceId keeps colons in ids and refuses unknown kinds', () => {
    assert.deepEqual(parseResourceId('other:/v2/me/calls Foo:Bar'), { kind: 'other', id: '/v2/me/calls Foo:Bar' });
    assert.throws(() => parseResourceId('agent:1'), /kind call, device/);
    assert.throws(() => parseResourceId('call:'), /kind:id/);
  });
});
