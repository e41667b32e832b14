import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { readJournal } from '../../src/capture/journalReader';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, startSim, tempDir, waitFor } from '../support/harness';
import { deliveries, figure, loadSeq } from './support';

/**
 * kill -9 of the connection process mid-capture. Pass: the journal reads back with readJournal
 * (at most its last line cut short), and every message the simulator delivered (response
 * completed) more than one flush interval (100 ms) before the kill is in it, judged by the
 * simulator's delivery log against the journal's LoadSequences.
 */
const FLUSH_MS = 100;
const TRIALS: Array<{ rate: number; after: number }> = [
  { rate: 200, after: 300 },
  { rate: 200, after: 150 },
  { rate: 2000, after: 3000 },
  { rate: 2000, after: 1000 },
  { rate: 5000, after: 8000 },
];

describe('connection process killed mid-capture', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  TRIALS.forEach(({ rate, after: afterMessages }, i) => {
    test(`kill -9 after ~${afterMessages} messages at ${rate} msg/s: the journal holds everything delivered ${FLUSH_MS} ms before the kill`, async () => {
      const sim = await startSim({ scenario: 'load', rate, resources: 10 });
      sims.push(sim);
      const rec = record(sim.url, join(tmp.dir, `crash-${i}.ndjson`), { flushIntervalMs: FLUSH_MS, batchIntervalMs: 50 });
      await rec.host.ready;
      await waitFor('traffic', () => rec.tracker.messageCount >= afterMessages, 30_000);
      const exited = new Promise((r) => rec.host.onDidExit(r));
      const killedAt = Date.now();
      rec.host.kill('SIGKILL');
      await exited;
      const delivered = await deliveries(sim.url);
      await sim.stop();

      const onDisk = new Set<number>();
      let badLines = 0;
      let lastAt = 0;
      for await (const line of readJournal(rec.journalPath)) {
        if (line.record.kind === 'bad-line') badLines++;
        if (line.record.kind !== 'message') continue;
        onDisk.add(loadSeq(line.record.data)!);
        lastAt = Date.parse(line.record.receivedAt);
      }
      assert.ok(badLines <= 1, `at most the last line is cut short (${badLines} bad lines)`);
      const due = delivered.filter((d) => d.complete && d.at < killedAt - FLUSH_MS);
      const missing = due.filter((d) => !onDisk.has(d.seq as number)).map((d) => d.seq);
      assert.deepEqual(missing, [], `messages delivered more than ${FLUSH_MS} ms before the kill are on disk`);
      const lateDelivered = delivered.filter((d) => d.complete && d.at >= killedAt - FLUSH_MS).length;
      figure(`recorderCrash.${rate}/s.${afterMessages}`, {
        deliveredBeforeKill: delivered.filter((d) => d.complete && d.at < killedAt).length,
        dueOnDisk: due.length,
        onDisk: onDisk.size,
        lost: missing.length,
        deliveredInLast100ms: lateDelivered,
        lastOnDiskBeforeKillMs: killedAt - lastAt,
        badLines,
      });
    });
  });
});
