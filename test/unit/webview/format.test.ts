import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCount } from '../../../webview/format';

describe('formatCount', () => {
  test('groups thousands with commas, as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, 5_000_000, 987_654_321_012]) assert.equal(formatCount(n), n.toLocaleString('en'));
  });

  test('negative numbers and fractions (truncated)', () => {
    assert.equal(formatCount(-1234), '-1,234');
    assert.equal(formatCount(1234.9), '1,234');
  });
});
