import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { itemKey, summarizeDelta } from '../../../src/diff/deltaChanges';

describe('itemKey', () => {
  test('prefers participantId, then id, then phone numbers; skips empty values', () => {
    assert.equal(itemKey({ participantId: 'P', id: 'I' }), 'participantId=P');
    assert.equal(itemKey({ id: 7 }), 'id=7');
    assert.equal(itemKey({ e164Number: '', phoneNumber: '5000' }), 'phoneNumber=5000');
    assert.equal(itemKey({ digits: '12' }), 'digits=12');
    assert.equal(itemKey({ nickname: 'x' }), undefined);
    assert.equal(itemKey(['id']), undefined);
    assert.equal(itemKey(Object.create({ id: 'inherited' })), undefined);
  });
});

describe('summarizeDelta', () => {
  test('turns leaf deltas into added/changed/removed and moves into moved', () => {
    const s = summarizeDelta({ a: [1], b: [1, 2], c: [3, 0, 0], list: { _t: 'a', _0: ['', 2, 3] } }, { list: ['x', 'y', 'z'] }, {});
    assert.deepEqual(s.changes, [
      { path: 'a', op: 'added', after: 1 },
      { path: 'b', op: 'changed', before: 1, after: 2 },
      { path: 'c', op: 'removed', before: 3 },
      { path: 'list[x]', op: 'moved', before: 0, after: 2 },
    ]);
  });

  test('a root replacement has the empty path; no delta, no changes', () => {
    assert.deepEqual(summarizeDelta([1, 2], 1, 2).changes, [{ path: '', op: 'changed', before: 1, after: 2 }]);
    assert.deepEqual(summarizeDelta(undefined, 1, 1).changes, []);
  });

  test('nested capabilities are reported with their path', () => {
    const s = summarizeDelta({ devices: { _t: 'a', 0: { capabilities: { _t: 'a', 1: ['BargeIn'] } } } }, { devices: [{ id: 'd1', capabilities: ['Coach'] }] }, { devices: [{ id: 'd1', capabilities: ['BargeIn', 'Coach'] }] });
    assert.deepEqual(s.capabilities, [{ path: 'devices[id=d1].capabilities', added: ['BargeIn'], removed: [] }]);
    assert.deepEqual(s.participants, { joined: [], left: [] });
  });
});
