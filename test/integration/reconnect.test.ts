import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { readJournal } from '../../src/capture/journalReader';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { freePort, record, startSim, tempDir, waitFor } from '../support/harness';

/** Kill -9 of the server mid-stream: gap, re-login, re-subscribe, REST re-sync, nothing lost. */
describe('server kill and restart', () => {
  const tmp = tempDir();
  let sim: SimulatorProcess | undefined;
  after(async () => {
    await sim?.stop();
    tmp.cleanup();
  });

  test('records a gap, re-subscribes, re-syncs from REST and keeps every message received', async () => {
    const port = await freePort();
    const options = { port, scenario: 'load' as const, rate: 200, resources: 5, count: 0 };
    sim = await startSim(options);
    const rec = record(sim.url, join(tmp.dir, 'restart.ndjson'), { maxBackoffMs: 1000 });
    await rec.host.ready;
    await waitFor('traffic before the kill', () => rec.tracker.messageCount >= 50);

    sim.child.kill('SIGKILL');
    await new Promise((r) => sim!.child.once('exit', r));
    await waitFor('the client to notice the outage', () => rec.states.includes('reconnecting'));
    await rec.host.flush();
    const beforeKill = rec.entries.filter((e) => e.rec === 'message').map((e) => e.seq);

    sim = await startSim(options);
    await waitFor('a gap record', () => rec.entries.some((e) => e.rec === 'gap'));
    await waitFor('a REST snapshot', () => rec.entries.some((e) => e.rec === 'snapshot'));
    const gapAt = rec.entries.findIndex((e) => e.rec === 'gap');
    const messagesAfterGap = (): number => rec.entries.slice(gapAt).filter((e) => e.rec === 'message').length;
    await waitFor('traffic after the restart', () => messagesAfterGap() >= 20);
    await rec.host.stop();

    const gap = rec.entries[gapAt];
    assert.ok(gap.until! >= gap.at, 'the gap has an outage window');
    const resubscribed = rec.entries.slice(gapAt).filter((e) => e.rec === 'event' && e.event === 'subscribed');
    assert.equal(resubscribed.length, 3, 'each topic subscribed again after the re-handshake');
    const relogin = rec.entries.filter((e) => e.rec === 'event' && e.event === 'login');
    assert.equal(relogin.length, 2, 'logged in again once: the restarted server forgot the session');
    const snapshot = rec.entries.find((e) => e.rec === 'snapshot')!;
    assert.deepEqual([...(snapshot.covers ?? [])].sort(), ['calls', 'chats', 'devices'].map((c) => c.slice(0, -1)).sort());
    assert.equal(rec.states.at(-1), 'disconnected');
    assert.ok(rec.states.lastIndexOf('connected') > rec.states.indexOf('reconnecting'), 'connected again after the outage');

    // Everything received before the kill is in the journal, under the same seqs.
    const onDisk = new Set<number>();
    for await (const line of readJournal(rec.journalPath)) if (line.record.kind === 'message') onDisk.add(line.record.seq);
    for (const seq of beforeKill) assert.ok(onDisk.has(seq), `message ${seq} received before the kill is in the journal`);
    assert.equal(onDisk.size, rec.tracker.messageCount);
  });
});
