import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FindingsEngine } from '../../../src/findings/engine';
import { late } from '../../../src/findings/rules/late';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { CaptureBuilder, T0 } from './captureBuilder';

/**
 * `late` over captures built for it: the received time is the script time, the server's timestamp
 * is `transit` before it (on a clock 1,250 ms behind, as the simulator's).
 */
const SKEW = -1250;

function metrics(t: number, transit: number, processing = 3): Record<string, unknown> {
  return { metrics: { eventProcessing: { serverGenerationTimestamp: T0 + t + SKEW - transit, serverProcessingTimeTotalMs: processing, nodeProcessingTimeNanos: 1 } } };
}

/** Calls Ringing one a second, each delivered `transits[i]` ms after the server made it. */
function capture(transits: readonly number[], source?: 'replay' | 'har'): CaptureBuilder {
  const b = new CaptureBuilder(source);
  transits.forEach((transit, i) => b.call(i * 1000, `call-${i}`, 'Ringing', {}, metrics(i * 1000, transit, i === 5 ? -1 : 3)));
  return b;
}

const usual = (n: number): number[] => Array.from({ length: n }, (_, i) => 40 + (i % 7) * 10);

describe('late', () => {
  test('a message 2.5 s later than usual among 30: one info finding on it, naming its call and the threshold', async () => {
    const transits = usual(30);
    transits[24] = 2500 + 70;
    const found = await capture(transits).lintOnly('late');
    assert.deepEqual(found.map((f) => [f.rule, f.severity, f.line, f.resource?.id]), [['late', 'info', 26, 'call-24']]);
    assert.match(found[0].message, /^CallStateChangeMessage about call call-24 delivered 2.5 s later than usual \(threshold 2.0 s; usual = offset 1320 ms between the server's clock and ours, the median of 25 samples\)$/);
  });

  test('late.threshold: 3 s finds nothing there, 500 ms finds it too; a server-side -1 does not matter', async () => {
    const transits = usual(30);
    transits[24] = 2570;
    transits[5] = 800;
    assert.deepEqual(await capture(transits).lintOnly('late', { settings: { late: { threshold: 3000 } } }), []);
    assert.deepEqual((await capture(transits).lintOnly('late', { settings: { late: { threshold: 500 } } })).map((f) => f.line), [7, 26]);
  });

  test('fewer than 20 samples: nothing judged; a late one among the first 19 is found when the 20th comes', async () => {
    const few = usual(19);
    few[3] = 9000;
    assert.deepEqual(await capture(few).lintOnly('late'), []);
    const found = await capture([...few, 50]).lintOnly('late');
    assert.deepEqual(found.map((f) => f.line), [5]);
    assert.match(found[0].message, /median of 20 samples/);
  });

  test('a replay judges nothing (its receive times are the replay\'s); a HAR does (its clock is consistent)', async () => {
    const transits = usual(30);
    transits[24] = 9000;
    assert.deepEqual(await capture(transits, 'replay').lintOnly('late'), []);
    assert.deepEqual((await capture(transits, 'har').lintOnly('late')).map((f) => f.line), [26]);
  });

  test('live, batch by batch, finds exactly what the whole capture finds', () => {
    const entries = (transits: readonly number[]) =>
      transits.map((transit, i) =>
        toIndexEntry({ kind: 'message', seq: i + 1, receivedAt: new Date(T0 + i * 100).toISOString(), channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', call: { id: `c${i % 5}`, state: 'Ringing' }, ...metrics(i * 100, transit) } }, i * 200, 199),
      );
    const judge = (list: ReturnType<typeof entries>, cuts: number[]): string[] => {
      const tracker = new ResourceTracker();
      const engine = new FindingsEngine(tracker, async (rows) => rows.map(() => undefined), {}, [late]);
      let at = 0;
      for (const cut of [...cuts.filter((c) => c < list.length).sort((a, b) => a - b), list.length]) {
        tracker.ingestBatch(list.slice(at, cut));
        engine.advance();
        at = Math.max(at, cut);
      }
      return engine.findings.map((f) => `${f.row} ${f.message}`).sort();
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 2000, max: 8000 })), { minLength: 15, maxLength: 80 }), fc.array(fc.nat(80), { maxLength: 8 }), (transits, cuts) => {
        const list = entries(transits);
        assert.deepEqual(judge(list, cuts), judge(list, []));
      }),
      { numRuns: 100 },
    );
  });
});
