import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { freePort, record, startSim, tempDir, waitFor } from '../support/harness';
import { SOAK, deliveries, figure, journalRecords, loadSeq } from './support';

/**
 * kill -9 and restart of the server, again and again, while the load scenario streams 200 msg/s.
 * Pass: after every restart the client logs in again, re-handshakes, re-subscribes to its 3 topics,
 * journals a gap covering the outage and a REST snapshot; every message it received before a kill
 * is in the journal (same seq); and every message a server completed more than 100 ms before it
 * was killed is in the journal (by LoadSequence, from that server's delivery log).
 */
/** 10 cycles take about 16 s, so the full count runs by default; GWS_SOAK=1 runs 30. */
const CYCLES = SOAK ? 30 : 10;

describe(`server kill -9 and restart, ${CYCLES} times, at 200 msg/s`, () => {
  const tmp = tempDir();
  let sim: SimulatorProcess | undefined;
  after(async () => {
    await sim?.stop();
    tmp.cleanup();
  });

  test('every outage is a gap, state is re-synced, and nothing received or completed before a kill is lost', async () => {
    const port = await freePort();
    const options = { port, scenario: 'load' as const, rate: 200, resources: 5, count: 0 };
    sim = await startSim(options);
    const rec = record(sim.url, join(tmp.dir, 'restarts.ndjson'), { maxBackoffMs: 500 });
    await rec.host.ready;
    const messages = (): number => rec.entries.filter((e) => e.rec === 'message').length;
    const gaps = (): number => rec.entries.filter((e) => e.rec === 'gap').length;
    const receivedBeforeKill: number[][] = [];
    const completedBeforeKill: number[][] = [];
    const outages: Array<{ killedAt: number; restartedAt: number }> = [];
    const recoveries: number[] = [];

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const floor = messages();
      await waitFor(`traffic before kill ${cycle + 1}`, () => messages() >= floor + 40);
      const log = await deliveries(sim.url);
      const killedAt = Date.now();
      sim.child.kill('SIGKILL');
      await new Promise((r) => sim!.child.once('exit', r));
      // Messages completed by this server well before the kill: the client got them, so they must be on disk.
      completedBeforeKill.push(log.filter((m) => m.complete && m.at < killedAt - 100).map((m) => m.seq as number));
      await waitFor('the client to notice the outage', () => rec.states.at(-1) === 'reconnecting');
      await rec.host.flush();
      receivedBeforeKill.push(rec.entries.filter((e) => e.rec === 'message').map((e) => e.seq));
      const restartedAt = Date.now();
      sim = await startSim(options);
      outages.push({ killedAt, restartedAt });
      await waitFor(`gap ${cycle + 1}`, () => gaps() >= cycle + 1, 20_000);
      const gapIndex = rec.entries.map((e) => e.rec).lastIndexOf('gap');
      await waitFor(`traffic after restart ${cycle + 1}`, () => rec.entries.slice(gapIndex).filter((e) => e.rec === 'message').length >= 20, 20_000);
      recoveries.push(rec.entries.slice(gapIndex).find((e) => e.rec === 'message')!.at - restartedAt);
    }
    await waitFor('the last snapshot', () => rec.entries.filter((e) => e.rec === 'snapshot').length >= CYCLES);
    await rec.host.stop();

    const records = await journalRecords(rec.journalPath);
    const byKind = (k: string) => records.filter((r) => r.kind === k);
    assert.equal(byKind('gap').length, CYCLES, 'one gap per outage');
    assert.equal(byKind('snapshot').length, CYCLES, 'one REST snapshot per re-handshake');
    const events = (name: string) => records.filter((r) => r.kind === 'event' && r.event === name).length;
    assert.equal(events('login'), 1 + CYCLES, 'one fresh login per restart (the new server forgot the session)');
    assert.equal(events('subscribed'), 3 * (1 + CYCLES), 'the 3 topics re-subscribed after each restart');
    for (const snap of byKind('snapshot')) {
      assert.ok(snap.kind === 'snapshot' && Array.isArray(snap.calls) && Array.isArray(snap.devices) && Array.isArray(snap.chats) && !snap.failed, 'the snapshot holds every collection');
    }
    byKind('gap').forEach((g, i) => {
      assert.ok(g.kind === 'gap');
      const from = Date.parse(g.from);
      const to = Date.parse(g.to);
      assert.ok(from <= outages[i].killedAt + 50 && to >= outages[i].restartedAt, `gap ${i + 1} [${g.from} .. ${g.to}] covers the outage`);
    });

    const onDisk = new Set(records.filter((r) => r.kind === 'message').map((r) => r.seq));
    receivedBeforeKill.forEach((seqs, i) => {
      const missing = seqs.filter((s) => !onDisk.has(s));
      assert.deepEqual(missing, [], `messages received before kill ${i + 1} are in the journal`);
    });
    // Split the journal at the gaps: segment i holds what server incarnation i sent.
    const segments: number[][] = [[]];
    for (const r of records) {
      if (r.kind === 'gap') segments.push([]);
      else if (r.kind === 'message') segments.at(-1)!.push(loadSeq(r.data)!);
    }
    let lost = 0;
    completedBeforeKill.forEach((seqs, i) => {
      const journaled = new Set(segments[i]);
      const missing = seqs.filter((s) => !journaled.has(s));
      lost += missing.length;
      assert.deepEqual(missing, [], `everything server ${i + 1} completed 100 ms before its kill is journaled`);
      assert.deepEqual(segments[i], [...segments[i]].sort((a, b) => a - b), `server ${i + 1}'s messages are journaled in order, once`);
    });
    figure('restart.cycles', CYCLES);
    figure('restart.messages', onDisk.size);
    figure('restart.completedBeforeKill', completedBeforeKill.reduce((n, s) => n + s.length, 0));
    figure('restart.lost', lost);
    figure('restart.firstMessageAfterRestartMs', { max: Math.max(...recoveries), median: recoveries.sort((a, b) => a - b)[Math.floor(recoveries.length / 2)] });
  });
});
