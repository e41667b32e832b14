import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failedRow, formatTable, makeRow } from '../../../bench/resultsTable';

describe('results rows', () => {
  test('a ratio target is judged on the ratio, a value target on the value', () => {
    assert.equal(makeRow('1', 'ingest', 'msg/s', 45_000, { on: 'ratio', op: '>=', limit: 0.9 }, 50_000, 0.9).pass, true);
    assert.equal(makeRow('1', 'ingest', 'msg/s', 40_000, { on: 'ratio', op: '>=', limit: 0.9 }, 50_000, 0.8).pass, false);
    assert.equal(makeRow('5', 'paint', 'ms', 299, { on: 'value', op: '<', limit: 300 }).pass, true);
    assert.equal(makeRow('5', 'paint', 'ms', 300, { on: 'value', op: '<', limit: 300 }).pass, false);
    assert.equal(makeRow('3', 'heap', 'B', 200, { on: 'value', op: '<=', limit: 200 }).pass, true);
    assert.equal(makeRow('5', 'works', '', true, { on: 'value', op: 'yes' }).pass, true);
  });

  test('reported figures have no verdict; failed benches fail their target', () => {
    const reported = makeRow('3', 'RSS', 'MB', 12);
    assert.equal(reported.pass, null);
    assert.equal(reported.target, 'report');
    const failed = failedRow('8', 'block', 'ms', 'simulator did not start\nstack', { on: 'value', op: '<', limit: 100 });
    assert.deepEqual([failed.value, failed.pass, failed.note], [null, false, 'simulator did not start']);
  });

  test('the table has a header and one line per row, notes after', () => {
    const text = formatTable([makeRow('4', 'diff', 'µs', 48.7, { on: 'ratio', op: '<=', limit: 3 }, 4.1, 11.9, 'a note')]);
    const lines = text.split('\n');
    assert.match(lines[0], /^#\s+figure\s+value\s+baseline\s+ratio\s+target\s+result$/);
    assert.match(lines[2], /^4\s+diff\s+48\.7 µs\s+4\.10 µs\s+11\.90\s+<= 3×\s+FAIL$/);
    assert.match(text, /\[4\] diff: a note/);
  });
});
