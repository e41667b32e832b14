import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsEngine } from '../../../src/findings/engine';
import type { FindingsConfig } from '../../../src/findings/config';
import type { RuleId } from '../../../src/findings/types';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { Journal } from '../operations/correlationFixture';

const call = (id: string) => ({ kind: 'call' as const, id });
const at = (ms: number): number => Date.parse(Journal.iso(ms));

/** An engine with only `rule` over `j`'s records (these rules read no payloads). */
function engineFor(j: Journal, rule: RuleId, config: FindingsConfig = {}): FindingsEngine {
  const tracker = j.tracker();
  const engine = new FindingsEngine(tracker, async (rows) => rows.map(() => undefined), { ...config, only: new Set([rule]) });
  engine.advance();
  return engine;
}

describe('no-effect', () => {
  test('an accepted Answer whose call stays Ringing past the window: one error at the response, naming the call', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    const req = j.request(100, 'Answer', call('c1'));
    const resp = j.response(110, req, 200);
    j.call(6000, 'c1', 'Ringing', 'AttachedDataChanged');
    const engine = engineFor(j, 'no-effect');
    engine.tick(at(6000));
    assert.deepEqual(engine.findings.map((f) => [f.rule, f.severity, f.resource, f.seqs, f.row]), [['no-effect', 'error', { kind: 'call', id: 'c1' }, [req, resp], resp - 1]]);
    assert.match(engine.findings[0].message, /^Answer call:c1 → accepted \(statusCode 0\) in 1 ms → no effect within 5000 ms \(expected .*Established/);
  });

  test('judged once the window has closed, never before, and never twice; the window is a setting', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    j.response(110, j.request(100, 'Answer', call('c1')), 200);
    const engine = engineFor(j, 'no-effect');
    engine.tick(at(2000));
    assert.equal(engine.findings.length, 0, 'the window is still open: no verdict');
    engine.tick(at(5200));
    engine.tick(at(9000));
    assert.equal(engine.findings.length, 1);
    const short = engineFor(j, 'no-effect', { settings: { 'no-effect': { window: 1000 } } });
    short.tick(at(2000));
    assert.match(short.findings[0]?.message ?? '', /no effect within 1000 ms/);
  });

  test('an operation that took effect, and one refused, give no no-effect finding', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    j.response(110, j.request(100, 'Answer', call('c1')), 200);
    j.call(150, 'c1', 'Established');
    j.response(210, j.request(200, 'Hold', call('c1')), 400, { statusCode: 2, statusMessage: 'no' });
    const engine = engineFor(j, 'no-effect');
    engine.tick(at(60_000));
    assert.deepEqual(engine.findings, []);
  });

  test('live: rows ingested between ticks are correlated at the next tick, so the effect that came in time clears it', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    j.response(110, j.request(100, 'Answer', call('c1')), 200);
    j.call(900, 'c1', 'Established');
    const entries = j.records.map((r) => toIndexEntry(r, 0, 0));
    const tracker = new ResourceTracker();
    const engine = new FindingsEngine(tracker, async (rows) => rows.map(() => undefined), { only: new Set<RuleId>(['no-effect']) });
    engine.follow();
    tracker.ingestBatch(entries.slice(0, 3));
    engine.tick(at(800));
    tracker.ingestBatch(entries.slice(3));
    engine.tick(at(7000));
    assert.deepEqual(engine.findings, []);
  });
});

describe('operation-failed', () => {
  test('HTTP error with statusCode, statusCode on HTTP 200, and an ErrorMessage about the call: errors at the response or the notification', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    const r1 = j.request(100, 'Hold', call('c1'));
    const s1 = j.response(110, r1, 400, { statusCode: 2, statusMessage: 'Hold is not allowed in state Ringing' });
    j.response(210, j.request(200, 'Answer', call('c1')), 200, { statusCode: 4, statusMessage: 'Device not registered' });
    const r3 = j.request(300, 'Answer', call('c1'));
    const s3 = j.response(310, r3, 200);
    const err = j.error(350, 'c1', 'Incorrect object state');
    const engine = engineFor(j, 'operation-failed');
    engine.tick(at(10_000));
    const f = engine.findings;
    assert.equal(f.length, 3);
    assert.deepEqual([f[0].seqs, f[0].row, f[0].severity, f[0].resource], [[r1, s1], s1 - 1, 'error', { kind: 'call', id: 'c1' }]);
    assert.match(f[0].message, /^Hold call:c1 → refused: HTTP 400, statusCode 2: Hold is not allowed in state Ringing/);
    assert.match(f[1].message, /statusCode 4: Device not registered/);
    assert.deepEqual([f[2].seqs, f[2].row], [[r3, s3, err], err - 1]);
    assert.match(f[2].message, /→ error: ErrorMessage: .*\(#\d+\)/);
  });

  test('a send that got no answer (network error) is an error; a voice operation names no resource', () => {
    const j = new Journal();
    j.device(0, 'Ready');
    j.response(110, j.request(100, 'NotReady', { kind: 'voice', id: '' }), 0, {}, 'connect ECONNREFUSED');
    const engine = engineFor(j, 'operation-failed');
    engine.tick(at(100_000));
    assert.equal(engine.findings.length, 1);
    assert.equal(engine.findings[0].resource, null);
    assert.match(engine.findings[0].message, /ECONNREFUSED/);
  });

  test('an operation that took effect gives nothing', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    j.response(110, j.request(100, 'Answer', call('c1')), 200);
    j.call(150, 'c1', 'Established');
    const engine = engineFor(j, 'operation-failed');
    engine.tick(at(60_000));
    assert.deepEqual(engine.findings, []);
  });
});
