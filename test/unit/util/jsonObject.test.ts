import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isObject, own } from '../../../src/util/jsonObject';

test('isObject accepts plain objects only', () => {
  for (const v of [{}, { a: 1 }, Object.create(null), JSON.parse('{"__proto__":1}')]) assert.equal(isObject(v), true, JSON.stringify(v));
  for (const v of [null, undefined, [], [1], 'x', 0, true]) assert.equal(isObject(v), false, JSON.stringify(v));
});

test('own reads own properties and never inherited members', () => {
  const parsed = JSON.parse('{"id":"c1","__proto__":{"x":1}}') as Record<string, unknown>;
  assert.equal(own(parsed, 'id'), 'c1');
  assert.deepEqual(own(parsed, '__proto__'), { x: 1 }, 'an own "__proto__" key from JSON.parse is data');
  assert.equal(own(parsed, 'constructor'), undefined);
  assert.equal(own(parsed, 'toString'), undefined);
  assert.equal(own({}, 'missing'), undefined);
});
