import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { combineDelivery, deliveryTimesOf, MIN_SAMPLES, setCaptureSource } from '../../../src/timing/deliveryTimes';
import { delayCell, timingLines } from '../../../src/timing/timingText';
import { msg, timeOf } from '../tracker/helpers';

/** A call message at seq `seq` whose transit (received − serverGenerationTimestamp) is `transit`; `processing` as GWS sends it. */
function timed(seq: number, transit: number | undefined, processing?: number): IndexEntry {
  const eventProcessing: Record<string, number> = {};
  if (transit !== undefined) eventProcessing.serverGenerationTimestamp = timeOf(seq) - transit;
  if (processing !== undefined) eventProcessing.serverProcessingTimeTotalMs = processing;
  return msg(seq, '/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: `c${seq}`, state: 'Ringing' }, metrics: { eventProcessing } });
}

function trackerOf(entries: IndexEntry[], source?: string): ResourceTracker {
  const t = new ResourceTracker();
  if (source !== undefined) setCaptureSource(t.columns, source);
  t.ingestBatch(entries);
  return t;
}

const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.ceil(0.95 * v.length) - 1];

describe('delivery times', () => {
  test('the summary: offset the median transit, jitter the p95 of |deviation|, the server p95 without the -1s, every -1 a failure, every timestamp a sample', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ transit: fc.integer({ min: -5000, max: 60_000 }), processing: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 500 })) }), { minLength: 1, maxLength: 80 }), (list) => {
        const s = deliveryTimesOf(trackerOf(list.map((x, i) => timed(i + 1, x.transit, x.processing))).columns).summary();
        const transits = list.map((x) => x.transit);
        const offset = median(transits);
        assert.equal(s.samples, list.length, 'failures included');
        assert.equal(s.offsetMs, offset);
        assert.equal(s.jitterP95Ms, list.length >= MIN_SAMPLES ? p95(transits.map((t) => Math.abs(t - offset))) : null);
        const ok = list.map((x) => x.processing).filter((p) => p >= 0);
        assert.equal(s.serverProcessingP95Ms, ok.length ? p95(ok) : null);
        assert.equal(s.serverFailures, list.filter((x) => x.processing === -1).length);
        assert.equal(s.clock, 'capture');
      }),
      { numRuns: 150 },
    );
  });

  test('no timestamp, or -1 / 0, is no sample; a -1 processing time without a timestamp still counts as a failure', () => {
    const t = trackerOf([timed(1, undefined, -1), timed(2, 100, 3), msg(3, '/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'x', state: 'Ringing' }, metrics: { eventProcessing: { serverGenerationTimestamp: -1 } } }), timed(4, undefined)]);
    const s = deliveryTimesOf(t.columns).summary();
    assert.deepEqual(s, { samples: 1, offsetMs: 100, jitterP95Ms: null, serverProcessingP95Ms: 3, serverFailures: 1, clock: 'capture' });
    assert.deepEqual(deliveryTimesOf(new ResourceTracker().columns).summary(), { samples: 0, offsetMs: null, jitterP95Ms: null, serverProcessingP95Ms: null, serverFailures: 0, clock: 'capture' });
  });

  test('a row\'s delay: none before the 20th sample; the first 20 against their median, later ones against the median up to them; never changed by later samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 30 }), (first, more) => {
        const t = new ResourceTracker();
        t.ingestBatch(first.map((x, i) => timed(i + 1, x)));
        const times = deliveryTimesOf(t.columns);
        const before = first.map((_, i) => times.rowTiming(i)?.delayMs);
        first.forEach((x, i) => {
          const k = Math.max(i, MIN_SAMPLES - 1);
          const expected = first.length < MIN_SAMPLES ? undefined : x - median(first.slice(0, k + 1));
          assert.equal(before[i], expected);
        });
        t.ingestBatch(more.map((x, i) => timed(first.length + i + 1, x)));
        const all = [...first, ...more];
        assert.deepEqual(first.map((_, i) => times.rowTiming(i)?.delayMs), all.length < MIN_SAMPLES ? before : first.map((x, i) => x - median(all.slice(0, Math.max(i, MIN_SAMPLES - 1) + 1))));
        if (first.length >= MIN_SAMPLES) assert.deepEqual(first.map((_, i) => times.rowTiming(i)?.delayMs), before, 'judged once');
      }),
      { numRuns: 150 },
    );
  });

  test('replay: no offset, no jitter, no delay, but the server\'s own times; HAR and WWE: the offset on the log\'s clock', () => {
    const entries = Array.from({ length: 25 }, (_, i) => timed(i + 1, 200 + i, i === 3 ? -1 : 4));
    const replay = deliveryTimesOf(trackerOf(entries, 'replay').columns);
    assert.deepEqual(replay.summary(), { samples: 25, offsetMs: null, jitterP95Ms: null, serverProcessingP95Ms: 4, serverFailures: 1, clock: 'replay' });
    assert.deepEqual(replay.rowTiming(3), { clock: 'replay', processingMs: -1 });
    for (const source of ['har', 'wwe']) {
      const s = deliveryTimesOf(trackerOf(entries, source).columns).summary();
      assert.equal(s.clock, 'log-local');
      assert.equal(s.offsetMs, 212);
      assert.equal(s.jitterP95Ms, 12);
    }
    const row = deliveryTimesOf(trackerOf(entries, 'har').columns).rowTiming(24)!;
    assert.deepEqual(row, { clock: 'log-local', processingMs: 4, delayMs: 12, offsetMs: 212, samples: 25 });
    assert.match(timingLines(row).join(' '), /Delay \+12 ms against the usual \(offset 212 ms .* the median of 25 samples; it includes the log's time zone\)\. Server processing 4 ms/);
    assert.equal(delayCell(replay.rowTiming(3)), '⚠ failed');
    assert.match(timingLines(replay.rowTiming(3)!).join(' '), /a replay's.*Server-side failure: GWS reported serverProcessingTimeTotalMs -1/);
  });

  test('several captures: counts summed, the jitter and the server p95 pooled, no one offset', () => {
    // Each capture's deviations from its own offset (1000 ms, -300 ms): 34 of 0, 3 of 50, 3 of 700.
    const a = deliveryTimesOf(trackerOf(Array.from({ length: 20 }, (_, i) => timed(i + 1, 1000 + (i < 3 ? 50 : 0), 2))).columns);
    const b = deliveryTimesOf(trackerOf(Array.from({ length: 20 }, (_, i) => timed(i + 1, -300 + (i < 3 ? 700 : 0), i === 1 ? -1 : 9))).columns);
    assert.deepEqual([a.summary().offsetMs, b.summary().offsetMs], [1000, -300]);
    const set = combineDelivery([a, b]);
    assert.deepEqual(set, { samples: 40, offsetMs: null, jitterP95Ms: 700, serverProcessingP95Ms: 9, serverFailures: 1, clock: 'capture' });
    assert.equal(combineDelivery([a]).jitterP95Ms, 50);
  });
});
