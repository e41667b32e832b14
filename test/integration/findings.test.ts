import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { JournalFile } from '../../src/capture/journalFile';
import type { CaptureLine } from '../../src/capture/records';
import { FindingsEngine, journalRecordReader } from '../../src/findings/engine';
import { lintCapture, type LintedFinding } from '../../src/findings/lintCapture';
import type { SimulatorOptions } from '../../src/simulator/simulatorTypes';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { fault, journalRecords } from '../reliability/support';
import { record, simStatus, startSim, tempDir, waitFor, type Recording } from '../support/harness';

/**
 * The findings over real recordings of the simulator: the live engine (following the tracker as
 * batches arrive) and `lint` of the journal agree; scripted scenarios give exactly their cases;
 * the stall and restart faults give `gap` and exactly the `drift` the journal shows.
 */
describe('findings over the simulator', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  /** Records `options`' scenario with a live engine attached; `during` runs once traffic flows. */
  async function recordWithEngine(name: string, options: SimulatorOptions, until: (rec: Recording, sim: SimulatorProcess) => Promise<void>): Promise<{ live: string[]; linted: LintedFinding[]; path: string }> {
    const sim = await startSim(options);
    sims.push(sim);
    const path = join(tmp.dir, `${name}.ndjson`);
    const rec = record(sim.url, path, { maxBackoffMs: 1000 });
    const journal = new JournalFile(path);
    const engine = new FindingsEngine(rec.tracker, journalRecordReader(journal, rec.tracker));
    const stop = engine.follow();
    try {
      await rec.host.ready;
      await until(rec, sims[sims.length - 1]);
    } finally {
      // Stopped on failure too: a connection process left running keeps the test file alive.
      await rec.host.stop();
    }
    const lastAt = Math.max(...rec.entries.map((e) => e.at));
    engine.tick(lastAt);
    await engine.settled();
    stop();
    await journal.closeAsync();
    const linted = (await lintCapture(path)).findings;
    return { live: engine.findings.map((f) => `${f.rule} ${f.seqs.join(',')} ${f.message}`).sort(), linted, path };
  }

  const same = (live: string[], linted: LintedFinding[]): void => assert.deepEqual(live, linted.map((f) => `${f.rule} ${f.seqs.join(',')} ${f.message}`).sort(), 'live and lint agree');
  // The recording is agent1's; the simulator's other default users never connect, so their parts never run.
  const done = async (url: string): Promise<boolean> => (await simStatus(url)).scenarios.find((s) => s.user === 'agent1')?.done === true;

  test('anomalies: each message-borne rule exactly once (late: its message made 5 s before it went out); demo: only its ErrorMessage', async () => {
    const anomalies = await recordWithEngine('anomalies', { scenario: 'anomalies', speed: 0 }, async (_rec, sim) => waitFor('the anomalies scenario to end', () => done(sim.url)));
    same(anomalies.live, anomalies.linted);
    assert.deepEqual(anomalies.linted.map((f) => f.rule).sort(), ['after-end', 'capability-mismatch', 'duplicate', 'error-message', 'late', 'malformed', 'transcript-gap', 'unknown-value']);
    const demo = await recordWithEngine('demo', { scenario: 'demo', speed: 0 }, async (_rec, sim) => waitFor('the demo to end', () => done(sim.url)));
    same(demo.live, demo.linted);
    assert.deepEqual(demo.linted.filter((f) => f.severity !== 'info').map((f) => f.rule), ['error-message']);
  });

  type LoadCall = { id: string; state: string; userData?: { LoadSequence?: number } };
  /**
   * The drift the journal shows, computed here from payloads without the rules: calls whose last
   * notification before the gap (not Released, not named again between the gap and the snapshot)
   * the snapshot contradicts in state or LoadSequence, or omits.
   */
  function expectedDrift(records: ReadonlyArray<Exclude<CaptureLine, { kind: 'header' }>>): string[] {
    const gapAt = records.findIndex((r) => r.kind === 'gap');
    const snapAt = records.findIndex((r, i) => i > gapAt && r.kind === 'snapshot');
    const snapshot = records[snapAt];
    assert.ok(gapAt >= 0 && snapshot?.kind === 'snapshot', 'a gap and a snapshot after it');
    const callOf = (r: (typeof records)[number]): LoadCall | undefined => (r.kind === 'message' ? (r.data as { call?: LoadCall }).call : undefined);
    const last = new Map<string, LoadCall>();
    for (const r of records.slice(0, gapAt)) {
      const call = callOf(r);
      if (call) last.set(call.id, call);
    }
    const renamed = new Set(records.slice(gapAt, snapAt).map(callOf).filter((c) => c !== undefined).map((c) => c.id));
    const now = new Map((snapshot.calls as LoadCall[]).map((c) => [c.id, c]));
    const differs = (a: LoadCall, b: LoadCall | undefined): boolean => !b || a.state !== b.state || a.userData?.LoadSequence !== b.userData?.LoadSequence;
    return [...last.values()].filter((c) => c.state !== 'Released' && !renamed.has(c.id) && differs(c, now.get(c.id))).map((c) => c.id).sort();
  }

  test('restart: a gap, and drift for exactly the calls the restarted server no longer lists', async () => {
    const options = { scenario: 'load' as const, rate: 100, resources: 5, count: 0 };
    const port = { value: 0 };
    const run = await recordWithEngine('restart', options, async (rec, sim) => {
      port.value = sim.port;
      await waitFor('traffic before the kill', () => rec.tracker.messageCount >= 30);
      sim.child.kill('SIGKILL');
      await new Promise((r) => sim.child.once('exit', r));
      await waitFor('the outage to be noticed', () => rec.states.includes('reconnecting'));
      // Another seed: the restarted server's calls are new ones, as a real restart's would be.
      sims.push(await startSim({ ...options, port: port.value, seed: 2 }));
      await waitFor('a snapshot after the gap', () => rec.entries.some((e) => e.rec === 'snapshot'));
      await waitFor('traffic after the restart', () => rec.entries.filter((e) => e.rec === 'message').length >= 60);
    });
    same(run.live, run.linted);
    const expected = expectedDrift(await journalRecords(run.path));
    assert.ok(expected.length > 0, 'calls were live at the kill');
    assert.deepEqual(run.linted.filter((f) => f.rule === 'drift').map((f) => f.resource?.id).sort(), expected);
    assert.equal(run.linted.filter((f) => f.rule === 'gap').length, 1);
    assert.deepEqual(run.linted.filter((f) => f.severity !== 'info' && f.rule !== 'gap' && f.rule !== 'drift'), []);
  });

  test('stall: a gap covering the stall, and drift exactly where the snapshot contradicts the last notification', async (t) => {
    const run = await recordWithEngine('stall', { scenario: 'load', rate: 50, resources: 5, count: 0 }, async (rec, sim) => {
      await fault(sim.url, { kind: 'timeout', ms: 1000 });
      await waitFor('traffic', () => rec.tracker.messageCount >= 20);
      await fault(sim.url, { kind: 'stall-connect', ms: 18_000 });
      await waitFor('the stall to be detected', () => rec.host.state === 'reconnecting', 18_000);
      await waitFor('a snapshot after the gap', () => rec.entries.some((e) => e.rec === 'snapshot'), 30_000);
      const floor = rec.tracker.messageCount;
      await waitFor('traffic after the stall', () => rec.tracker.messageCount >= floor + 20, 20_000);
    });
    same(run.live, run.linted);
    const gaps = run.linted.filter((f) => f.rule === 'gap');
    assert.equal(gaps.length, 1);
    assert.match(gaps[0].message, /notifications may be missing from .* \((1[5-9]|[2-9]\d) s\)/);
    const expected = expectedDrift(await journalRecords(run.path));
    t.diagnostic(`drift expected and found for ${expected.length} call(s)`);
    assert.deepEqual(run.linted.filter((f) => f.rule === 'drift').map((f) => f.resource?.id).sort(), expected);
    assert.deepEqual(run.linted.filter((f) => f.severity !== 'info' && f.rule !== 'gap' && f.rule !== 'drift'), []);
  });
});
