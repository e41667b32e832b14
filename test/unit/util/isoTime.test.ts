import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { epochMs, isoString, utcMs, writeIsoString } from '../../../src/util/isoTime';

describe('epochMs', () => {
  const expected = (s: string): number => (Number.isFinite(Date.parse(s)) ? Date.parse(s) : 0);

  test('reads toISOString() output exactly as Date.parse does', () => {
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
      const iso = new Date(ms).toISOString();
      assert.equal(epochMs(iso), expected(iso));
    }), { numRuns: 2000 });
  });

  test('gives Date.parse\'s answer (0 for none) for near-canonical and arbitrary text', () => {
    const digit = fc.constantFrom(...'0123456789');
    const two = fc.tuple(digit, digit).map((d) => d.join(''));
    const nearIso = fc.tuple(fc.tuple(digit, digit, digit, digit).map((d) => d.join('')), two, two, two, two, two, fc.tuple(digit, digit, digit).map((d) => d.join('')), fc.constantFrom('Z', 'z', '+', ''))
      .map(([y, mo, d, h, mi, s, ms, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${z}`);
    fc.assert(fc.property(fc.oneof(nearIso, fc.string(), fc.string({ unit: 'binary' })), (s) => assert.equal(epochMs(s), expected(s))), { numRuns: 3000 });
  });

  test('answers 0 for what is not a time', () => {
    for (const v of [undefined, null, 17, {}, '', 'yesterday', '2024-02-30T00:00:00.000Z'.replace('T', ' x')]) assert.equal(epochMs(v), 0);
    assert.equal(epochMs('2024-02-31T10:00:00.000Z'), expected('2024-02-31T10:00:00.000Z'));
    assert.equal(epochMs('0050-03-01T00:00:00.000Z'), expected('0050-03-01T00:00:00.000Z'));
    assert.equal(epochMs('2024-05-01T08:00:00.007Z'), Date.UTC(2024, 4, 1, 8, 0, 0, 7));
  });
});

describe('isoString', () => {
  test('writes what toISOString() writes, over the whole Date range, in runs and apart', () => {
    const ms = fc.integer({ min: -8.64e15, max: 8.64e15 });
    fc.assert(fc.property(fc.array(ms, { maxLength: 20 }), (times) => {
      for (const t of times) assert.equal(isoString(t), new Date(t).toISOString());
    }), { numRuns: 500 });
    // Runs within a minute and across minutes, hours and days: one minute's head serves many times.
    const near = fc.tuple(fc.integer({ min: 0, max: 4e12 }), fc.array(fc.integer({ min: -90_000, max: 90_000 }), { maxLength: 30 }));
    fc.assert(fc.property(near, ([base, steps]) => {
      for (const step of steps) assert.equal(isoString(base + step), new Date(base + step).toISOString());
    }), { numRuns: 500 });
    for (const t of [0, 999, 1000, -1, 253402300799999, 253402300800000, 1.5]) assert.equal(isoString(t), new Date(t).toISOString());
    assert.throws(() => isoString(Number.NaN), RangeError);
  });

  test('writeIsoString writes the same text as bytes, where it is told, and nothing around it', () => {
    const ms = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: 1.7e12, max: 1.7e12 + 2e8 }));
    fc.assert(fc.property(fc.array(ms, { maxLength: 20 }), fc.nat({ max: 8 }), (times, at) => {
      for (const t of times) {
        const buf = Buffer.alloc(at + 40, 0x21);
        const end = writeIsoString(buf, at, t);
        const text = new Date(t).toISOString();
        assert.equal(end, at + text.length);
        assert.equal(buf.toString('latin1'), '!'.repeat(at) + text + '!'.repeat(40 - text.length));
      }
    }), { numRuns: 500 });
  });
});

describe('utcMs', () => {
  test('is Date.UTC with a month from 1, for any year, month, day and time a log line can hold', () => {
    const two = fc.integer({ min: 0, max: 99 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), two, two, two, two, two, fc.integer({ min: 0, max: 999 }), (y, mo, d, h, mi, s, ms) => {
      assert.equal(utcMs(y, mo, d, h, mi, s, ms), Date.UTC(y, mo - 1, d, h, mi, s, ms));
    }), { numRuns: 20000 });
  });
});
