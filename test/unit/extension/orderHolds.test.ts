import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OrderHolds } from '../../../src/extension/tree/orderHolds';
import { groupOrder } from '../../../src/extension/tree/presentation';

const r = (id: string, ended = false) => ({ id, ended });
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

describe('a tree group keeps its order while the user works in it (issue 18.13)', () => {
  test('groupOrder: sorted when free; held rows keep their places and new ones are appended', () => {
    const list = [r('a'), r('b', true), r('c')];
    assert.deepEqual(ids(groupOrder(list, undefined, false)), ['a', 'c', 'b']);
    // c ended while held: it stays where it was shown; d is new and goes last.
    const now = [r('a'), r('b', true), r('c', true), r('d')];
    assert.deepEqual(ids(groupOrder(now, ['a', 'c', 'b'], true)), ['a', 'c', 'b', 'd']);
    assert.deepEqual(ids(groupOrder(now, ['a', 'c', 'b'], false)), ['a', 'd', 'b', 'c']);
    // A row gone from the list (cleared) is dropped, not kept as a hole.
    assert.deepEqual(ids(groupOrder([r('a')], ['x', 'a'], true)), ['a']);
  });

  test('OrderHolds: a noted group keeps its order until the hold ends, then asks for one refresh and re-sorts', async () => {
    let released: (id: string) => void = () => {};
    const releasedOnce = new Promise<string>((resolve) => (released = resolve));
    const holds = new OrderHolds((id) => released(id), 30);
    try {
      assert.deepEqual(ids(holds.order('g', [r('a'), r('b')])), ['a', 'b']);
      holds.note('g');
      assert.deepEqual(ids(holds.order('g', [r('a', true), r('b')])), ['a', 'b'], 'held: a stays first although it ended');
      assert.deepEqual(ids(holds.order('other', [r('a', true), r('b')])), ['b', 'a'], 'other groups are not held');
      assert.equal(await releasedOnce, 'g');
      assert.deepEqual(ids(holds.order('g', [r('a', true), r('b')])), ['b', 'a'], 'the queued order applies');
    } finally {
      holds.dispose();
    }
  });
});
