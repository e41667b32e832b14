import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { percentile, RunningMedian } from '../../../src/timing/runningMedian';

/** The median by sorting, the definition RunningMedian must agree with. */
function sortedMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

test('RunningMedian: after every push, the median of everything pushed so far', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 300 }), (values) => {
      const m = new RunningMedian();
      values.forEach((v, i) => {
        m.push(v);
        assert.equal(m.count, i + 1);
        assert.equal(m.median, sortedMedian(values.slice(0, i + 1)));
      });
    }),
    { numRuns: 300 },
  );
  assert.ok(Number.isNaN(new RunningMedian().median), 'no median of nothing');
});

test('percentile: the nearest-rank value (a member; at least p% at or below it, fewer below)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
      const r = percentile(Float64Array.from(values), p);
      const rank = Math.ceil((p / 100) * values.length);
      assert.ok(values.includes(r));
      assert.ok(values.filter((v) => v <= r).length >= rank);
      assert.ok(values.filter((v) => v < r).length < rank);
    }),
  );
  assert.equal(percentile(Float64Array.from([5, 1, 4, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]), 95), 19);
  assert.ok(Number.isNaN(percentile(new Float64Array(0), 95)));
});
