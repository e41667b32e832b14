import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shortId, shortName } from '../../../src/model/resourceNames';
import { formatCount, formatTime, plural, shortType } from '../../../webview/format';

describe('formatCount', () => {
  test('groups thousands with commas, as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, 5_000_000, 987_654_321_012]) assert.equal(formatCount(n), n.toLocaleString('en'));
  });

  test('negative numbers and fractions (truncated)', () => {
    assert.equal(formatCount(-1234), '-1,234');
    assert.equal(formatCount(1234.9), '1,234');
  });
});

describe('names in narrow columns', () => {
  test('shortType drops the StateChangeMessage / Message suffix only', () => {
    assert.deepEqual(['CallStateChangeMessage', 'DeviceStateChangeMessage', 'ErrorMessage', 'MessageLogUpdated', 'Message', 'EventX'].map(shortType), ['Call', 'Device', 'Error', 'MessageLogUpdated', 'Message', 'EventX']);
  });

  test('ids sharing a prefix keep their distinguishing tail, with the phone number', () => {
    assert.equal(shortId('02ANOM00000000000B3'), '…00000000B3');
    assert.equal(shortId('c1'), 'c1');
    assert.equal(shortName({ id: '02ANOM00000000000B3', label: '+15551234' }), '…00000000B3 +15551234');
  });

  test('plural', () => {
    assert.deepEqual([plural(1, 'row'), plural(0, 'row'), plural(1234, 'row'), plural(2, 'new line')], ['1 row', '0 rows', '1,234 rows', '2 new lines']);
  });
});

describe('formatTime', () => {
  test("an imported log's clock is shown as the log wrote it, whatever this machine's zone; other times in local time", () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const at = Date.UTC(2024, 4, 1, 10, 42, 7, 50);
      assert.equal(formatTime(at, true), '10:42:07.050');
      assert.equal(formatTime(at), '06:42:07.050');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
