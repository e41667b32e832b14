import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { summarize, summarizeFile } from '../../src/tracker/summary';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, simStatus, startSim, tempDir, waitFor } from '../support/harness';

const DEVICE = 'fbf6e25b-e549-436d-affc-312dd4a17d56';
const C1 = '013V08JRL498H10I04000VTAESEMRLEA';
const C2 = '013V08JRL498H10I04000VTAES0Z6I2M';
const C3 = '013V08JRL498H10I04000VTAES31W6WU';
const C4 = '013V08JRL498H10I04000VTAESA1CRVR';
const H1 = '0000t7PRTDZt8n8';
const H2 = '0000rJtCs2Z5xog';

/** The whole demo scenario over loopback CometD, checked against the script in docs/DEMO-SCENARIO.md. */
describe('demo scenario, recorded end to end', () => {
  const tmp = tempDir();
  let sim: SimulatorProcess;
  after(async () => {
    await sim?.stop();
    tmp.cleanup();
  });

  test('every message is journaled and every resource ends in its scripted state', async () => {
    sim = await startSim({ scenario: 'demo', speed: 0 });
    const journal = join(tmp.dir, 'demo.ndjson');
    const rec = record(sim.url, journal, { topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats', '/v2/me/emails', '/v2/me/workitems'] });
    await rec.host.ready;
    await waitFor('the demo to finish', async () => (await simStatus(sim.url)).scenarios.find((s) => s.user === 'agent1')?.done === true);
    await waitFor('47 messages', () => rec.tracker.messageCount >= 47);
    await rec.host.stop();

    const s = summarize(rec.tracker);
    assert.equal(s.messages, 47);
    assert.equal(s.malformed, 0);
    assert.deepEqual(s.byChannel, { '/v2/me/devices': 8, '/v2/me/calls': 17, '/v2/me/chats': 17, '/v2/me/emails': 2, '/v2/me/workitems': 3 });
    const byId = new Map(s.resources.map((r) => [`${r.kind}:${r.id}`, r]));
    const expect = (key: string, state: string, states: string[], ended: boolean): void => {
      const r = byId.get(key);
      assert.ok(r, `${key} tracked`);
      assert.deepEqual({ state: r.state, states: r.states, ended: r.ended }, { state, states, ended }, key);
    };
    expect(`device:${DEVICE}`, 'Ready', ['NotReady', 'Ready', 'NotReady', 'Ready'], false);
    expect(`call:${C1}`, 'Released', ['Ringing', 'Established', 'Held', 'Established', 'Released'], true);
    expect(`call:${C2}`, 'Released', ['Dialing', 'Established', 'Released'], true);
    expect(`call:${C3}`, 'Released', ['Dialing', 'Released'], true);
    expect(`call:${C4}`, 'Established', ['Ringing', 'Established'], false);
    expect(`chat:${H1}`, 'Completed', ['Invited', 'Chatting', 'Completed'], true);
    expect(`chat:${H2}`, 'Chatting', ['Invited', 'Chatting'], false);
    assert.equal(byId.get(`call:${C1}`)!.messages, 9);
    assert.equal(byId.get(`chat:${H1}`)!.messages, 14, 'state changes plus MessageLogUpdated routed by chatUri');

    const errors = s.resources.filter((r) => r.kind === 'error');
    assert.equal(errors.length, 1);
    assert.deepEqual(rec.tracker.get('call', C3)!.errorSeqs, [Number(errors[0].id)], 'the error links to its call');
    assert.deepEqual(rec.tracker.get('device', DEVICE)!.errorSeqs, [Number(errors[0].id)], 'and to its device');
    assert.deepEqual(s.resources.filter((r) => r.kind === 'other').map((r) => r.messages).sort(), [2, 3]);

    // The journal alone gives the same summary as the live tracker.
    assert.deepEqual(await summarizeFile(journal), s);
  });
});
