import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { summarize, summarizeFile } from '../../src/tracker/summary';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, simStatus, startSim, tempDir, waitFor } from '../support/harness';

/** Waits until the user's scenario is done and every delivered message reached the tracker. */
async function drain(sim: SimulatorProcess, rec: ReturnType<typeof record>): Promise<number> {
  let delivered = -1;
  await waitFor('the scenario to finish', async () => {
    const s = (await simStatus(sim.url)).scenarios.find((x) => x.user === 'agent1');
    delivered = s?.done ? s.delivered : -1;
    return delivered >= 0;
  }, 60_000);
  await waitFor(`${delivered} messages to be tracked`, () => rec.tracker.messageCount >= delivered);
  await rec.host.flush();
  return delivered;
}

describe('capture over real loopback CometD', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  test('overlapping subscriptions journal each message once and count it for each match', async () => {
    const sim = await startSim({ scenario: 'demo', speed: 0 });
    sims.push(sim);
    const rec = record(sim.url, join(tmp.dir, 'overlap.ndjson'), { topics: ['/v2/me/calls', '/v2/me/**'] });
    await rec.host.ready;
    const delivered = await drain(sim, rec);
    await rec.host.stop();
    const messages = rec.entries.filter((e) => e.rec === 'message');
    assert.equal(messages.length, delivered, 'journaled once each');
    assert.equal(new Set(messages.map((e) => e.seq)).size, messages.length);
    const calls = messages.filter((e) => e.channel === '/v2/me/calls').length;
    assert.ok(calls > 0);
    assert.equal(rec.counts['/v2/me/calls'], calls);
    assert.equal(rec.counts['/v2/me/**'], delivered);
  });

  test('the faults scenario: no crash, every message journaled, malformed ones flagged', async () => {
    const sim = await startSim({ scenario: 'faults', speed: 0 });
    sims.push(sim);
    const journal = join(tmp.dir, 'faults.ndjson');
    const rec = record(sim.url, journal, { topics: ['/v2/me/**'] });
    await rec.host.ready;
    const delivered = await drain(sim, rec);
    assert.equal(rec.host.state, 'connected', 'still connected after hostile input');
    await rec.host.stop();
    const live = summarize(rec.tracker);
    assert.equal(live.messages, delivered);
    assert.ok(live.malformed >= 5, `malformed flagged: ${live.malformed}`);
    // The journal alone gives the same picture.
    assert.deepEqual(await summarizeFile(journal), live);
  });

  test("cometd-nodejs-client's globals never reach the host process", async () => {
    const sim = await startSim({ scenario: 'none' });
    sims.push(sim);
    const debugBefore = console.debug;
    const rec = record(sim.url, join(tmp.dir, 'globals.ndjson'));
    await rec.host.ready;
    assert.notEqual(rec.host.pid, process.pid);
    assert.equal((globalThis as { window?: unknown }).window, undefined);
    assert.equal(console.debug, debugBefore);
    await rec.host.stop();
  });
});
