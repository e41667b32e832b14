import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { callIdFrom, chatIdFrom, connIdFrom, createRng, hashString, participantIdFrom, uuidFrom } from '../../../src/simulator/rng';

describe('createRng', () => {
  test('the same seed yields the same sequence', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    const ys = Array.from({ length: 100 }, () => b.next());
    assert.deepEqual(xs, ys);
  });

  test('different seeds yield different sequences', () => {
    const a = Array.from({ length: 10 }, createRng(1).next);
    const b = Array.from({ length: 10 }, createRng(2).next);
    assert.notDeepEqual(a, b);
  });

  test('next stays in [0, 1) and int stays within its inclusive bounds, reaching both', () => {
    const r = createRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      assert.ok(x >= 0 && x < 1);
      const n = r.int(3, 6);
      assert.ok(n >= 3 && n <= 6);
      seen.add(n);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6]);
  });

  test('pick and chars draw only from what they are given', () => {
    const r = createRng(9);
    for (let i = 0; i < 200; i++) assert.ok(['a', 'b'].includes(r.pick(['a', 'b'])));
    assert.match(r.chars(50, 'xy'), /^[xy]{50}$/);
  });
});

describe('hashString', () => {
  test('is 32-bit FNV-1a', () => {
    assert.equal(hashString(''), 0x811c9dc5);
    assert.equal(hashString('a'), 0xe40c292c);
    assert.equal(hashString('foobar'), 0xbf9cf968);
  });
});

describe('GWS-shaped ids', () => {
  test('have the formats GWS uses', () => {
    const r = createRng(3);
    assert.match(callIdFrom(r), /^013V08JRL498H10I04000VTAES[0-9A-Z]{6}$/);
    assert.match(connIdFrom(r), /^007[0-9a-f]{13}$/);
    assert.match(uuidFrom(r), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(chatIdFrom(r), /^0000[0-9A-Za-z]{11}$/);
    assert.match(participantIdFrom(r), /^0073[0-9A-F]{12}$/);
  });
});
