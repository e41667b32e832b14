import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SAFE_DEPTH, depthWarning, jsonNestingDepth } from '../../../src/jsonBytes/nestingDepth';

test('nesting depth is read from the text; brackets inside strings and escaped quotes do not count', () => {
  assert.equal(jsonNestingDepth('1'), 0);
  assert.equal(jsonNestingDepth('{"a":[1,{"b":[]}]}'), 4);
  assert.equal(jsonNestingDepth('{"a":"[[[{{{","b":"\\"[[["}'), 1);
  assert.equal(jsonNestingDepth('["\\\\",[["x"]]]'), 3, 'an escaped backslash ends before the closing quote');
  assert.equal(jsonNestingDepth('['.repeat(100_000) + ']'.repeat(100_000)), 100_000, 'no recursion, whatever the depth');
  assert.equal(jsonNestingDepth('['.repeat(5000), 10), 11, 'stops counting past the limit');
});

test('only lines nested deeper than the safe depth get a warning, and short lines are not even scanned', () => {
  const deep = (n: number) => `{"kind":"message","data":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
  assert.equal(depthWarning(deep(MAX_SAFE_DEPTH - 1)), undefined);
  assert.match(depthWarning(deep(MAX_SAFE_DEPTH + 1)) ?? '', /^nested more than 3000 levels deep/);
  assert.equal(depthWarning('['.repeat(1000)), undefined, 'shorter than twice the limit: cannot be that deep');
  assert.equal(depthWarning(`"${'['.repeat(20_000)}"`), undefined, 'brackets in a string are text');
});
