import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import type { ConnectionFailure } from '../../src/connection/connectionErrors';
import { loadCapture } from '../../src/exchange/openCapture';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, startSim, tempDir, waitFor } from '../support/harness';
import { assertNotPolluted, checkCorpus, prototypeSnapshot } from './corpusChecks';
import { CORPUS_SEED, hostileCorpus } from './hostileCorpus';
import { assertExercised, exerciseSession } from './sessionExercise';
import { SOAK, deliveries, emit, figure } from './support';

/**
 * The hostile corpus over the real path: POST /sim/emit → CometD long poll → connection process →
 * journal → IPC → tracker. Pass: 0 crashes (no fatal failure, the connection process is still up
 * and connected), every case journaled raw and flagged exactly where malformed, the tracker
 * consistent (see checkCorpus) and equal to the tracker an offline load of the same journal builds,
 * the session APIs (state, diff) never throw, every timeline request gets exactly one reply (hostile
 * webview messages and reads of a journal moved away are answered request/failed, and logged), and
 * the host's Object.prototype is untouched.
 */
/** 1,000 cases by default; GWS_SOAK=1 sends 10,000. */
const COUNT = SOAK ? 10_000 : 1000;

describe('hostile corpus over the wire', () => {
  const tmp = tempDir();
  let sim: SimulatorProcess | undefined;
  after(async () => {
    await sim?.stop();
    tmp.cleanup();
  });

  test(`${COUNT} generated cases (seed ${CORPUS_SEED}) travel simulator → long poll → journal → tracker`, async () => {
    const before = prototypeSnapshot();
    const cases = hostileCorpus(COUNT);
    assert.ok(cases.length >= COUNT);
    sim = await startSim({ scenario: 'none' });
    const rec = record(sim.url, join(tmp.dir, 'hostile.ndjson'));
    const failures: ConnectionFailure[] = [];
    rec.host.onDidFail(({ failure }) => failures.push(failure));
    let exited = false;
    rec.host.onDidExit(() => (exited = true));
    const logs: string[] = [];
    rec.host.onDidLog(({ text }) => logs.push(text));
    await rec.host.ready;
    await waitFor('subscriptions', () => rec.entries.filter((e) => e.rec === 'event' && e.event === 'subscribed').length === 3);

    const started = Date.now();
    for (const c of cases) assert.equal(await emit(sim.url, c.channel, c.data, !c.hasData), 1, `case ${c.n} reached the session`);
    await waitFor('every case indexed', () => rec.tracker.messageCount === cases.length || exited, 600_000);
    const elapsed = Date.now() - started;
    assert.equal(exited, false, 'the connection process did not crash');
    assert.equal(rec.host.state, 'connected');
    assert.deepEqual(failures, [], 'no failure reported');
    await rec.host.stop();
    // Most payloads are journaled from their received bytes (jsonBytes/bayeuxSlices.ts), the rest
    // serialized; checkCorpus below holds both to the same standard.
    const counts = logs.map((t) => /(\d+) message\(s\) written from their received bytes, (\d+) serialized/.exec(t)).find(Boolean);
    assert.ok(counts, 'the connection process reports how it journaled');
    const [copied, serialized] = [Number(counts[1]), Number(counts[2])];
    assert.equal(copied + serialized, cases.length);
    assert.ok(copied > cases.length / 4, `${copied} of ${cases.length} copied from the received bytes`);

    const delivered = await deliveries(sim.url);
    assert.equal(delivered.length, cases.length);
    assert.ok(delivered.every((d) => d.complete));
    const live = await checkCorpus(cases, rec.journalPath, rec.tracker);

    // The offline path (objects, not packed columns) classifies and tracks the same way.
    const offline = await loadCapture(rec.journalPath);
    const liveFlags = rec.entries.filter((e) => e.rec === 'message').map((e) => `${e.seq}:${e.malformed ?? ''}`);
    const offlineFlags: string[] = [];
    for (let i = 0; i < offline.tracker.recordCount; i++) {
      const v = offline.tracker.recordAt(i)!;
      if (v.rec === 'message') offlineFlags.push(`${v.seq}:${v.malformed ?? ''}`);
    }
    assert.deepEqual(offlineFlags, liveFlags, 'live and offline flag the same records the same way');
    const states = (t: typeof rec.tracker) => t.resources().map((r) => `${r.key}=${r.state ?? ''}/${r.recordCount}/${r.ended}`).sort();
    assert.deepEqual(states(offline.tracker), states(rec.tracker), 'live and offline track the same resources and states');

    const exercised = await exerciseSession(rec.journalPath);
    assertExercised(exercised);
    assertNotPolluted(before);
    figure('hostileWire', { ...live, elapsedMs: elapsed, exercised: exercised.calls, requests: exercised.requests, refused: exercised.refused, copied, serialized });
  });
});
