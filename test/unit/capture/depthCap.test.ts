import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEPTH_CAPPED, depthCap } from '../../../src/capture/depthCap';
import { deep } from './helpers';

describe('depthCap', () => {
  test('leaves shallow values equal', () => {
    const v = { a: [1, 'x', null, { b: true }], c: { d: 2.5 } };
    assert.deepEqual(depthCap(v), v);
    assert.equal(depthCap('s'), 's');
    assert.equal(depthCap(null), null);
  });

  test('replaces subtrees below the cap, however deep the input', () => {
    assert.deepEqual(depthCap({ a: { b: { c: 1 } }, x: [[1]] }, 2), { a: { b: DEPTH_CAPPED }, x: [DEPTH_CAPPED] });
    const capped = depthCap(deep(100_000), 3);
    assert.deepEqual(capped, { a: { a: { a: DEPTH_CAPPED } } });
  });

  test('keeps an own __proto__ key as data', () => {
    const out = depthCap(JSON.parse('{"__proto__":{"x":1}}')) as object;
    assert.ok(Object.hasOwn(out, '__proto__'));
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });
});
