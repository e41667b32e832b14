import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/simulator/server';
import { getJson, login, TestClient, waitFor } from './simulatorSupport';

// Copied by hand from docs/DEMO-SCENARIO.md (user agent1, seed 1).
const DOC = {
  total: 47,
  perChannel: { '/v2/me/devices': 8, '/v2/me/calls': 17, '/v2/me/chats': 17, '/v2/me/emails': 2, '/v2/me/workitems': 3 },
  device: 'fbf6e25b-e549-436d-affc-312dd4a17d56',
  c1: '013V08JRL498H10I04000VTAESEMRLEA',
  c4: '013V08JRL498H10I04000VTAESA1CRVR',
  h2: '0000rJtCs2Z5xog',
};
const CHANNELS = Object.keys(DOC.perChannel);
type AnyData = Record<string, any>;

const countByChannel = (c: TestClient) => {
  const counts: Record<string, number> = {};
  for (const m of c.received) counts[m.channel] = (counts[m.channel] ?? 0) + 1;
  return counts;
};

describe('demo scenario over CometD', () => {
  test('at speed 0 both sessions of the user get exactly the documented messages, and REST shows the final state', async () => {
    const sim = await startSimulator({ port: 0, scenario: 'demo', speed: 0 });
    const [a, b] = [await login(sim.url), await login(sim.url)];
    const c1 = new TestClient(sim.url, { Cookie: a.cookie });
    const c2 = new TestClient(sim.url, { Cookie: b.cookie });
    try {
      await Promise.all([c1.handshake(), c2.handshake()]);
      await Promise.all([c1.subscribe(CHANNELS), c2.subscribe(['/v2/me/**'])]);
      await waitFor(() => sim.status().scenarios[0]!.done, 'the demo to finish');
      await waitFor(() => c1.received.length >= DOC.total && c2.received.length >= DOC.total, 'all messages');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(countByChannel(c1), DOC.perChannel);
      assert.deepEqual(countByChannel(c2), DOC.perChannel);
      assert.deepEqual(c2.received.map((m) => m.data), c1.received.map((m) => m.data), 'same messages, same order');
      assert.deepEqual(sim.status().scenarios[0], { user: 'agent1', scenario: 'demo', started: true, done: true, delivered: DOC.total });

      const c1States = c1.on('/v2/me/calls').map((m) => m.data as AnyData).filter((d) => d.call?.id === DOC.c1).map((d) => d.call.state);
      assert.deepEqual(c1States, ['Ringing', 'Established', 'Established', 'Held', 'Established', 'Established', 'Established', 'Established', 'Released']);

      const calls = (await getJson(`${sim.url}/api/v2/me/calls`, a.cookie)).body.calls as AnyData[];
      assert.deepEqual(calls.map((c) => [c.id, c.state]), [[DOC.c4, 'Established']]);
      assert.equal(calls[0]!.uri, `${sim.url}/api/v2/me/calls/${DOC.c4}`);
      const chats = (await getJson(`${sim.url}/api/v2/me/chats`, a.cookie)).body.chats as AnyData[];
      assert.deepEqual(chats.map((c) => [c.id, c.state]), [[DOC.h2, 'Chatting']]);
      const devices = (await getJson(`${sim.url}/api/v2/me/devices`, b.cookie)).body.devices as AnyData[];
      assert.deepEqual(devices.map((d) => [d.id, d.userState.state, d.doNotDisturb]), [[DOC.device, 'Ready', 'Off']]);
    } finally {
      await Promise.all([c1.disconnect(), c2.disconnect()]);
      await sim.close();
    }
  });

  test('at speed 100 it takes about 1/100 of its 88 s', async () => {
    const sim = await startSimulator({ port: 0, scenario: 'demo', speed: 100 });
    const s = await login(sim.url);
    const c = new TestClient(sim.url, { Cookie: s.cookie });
    try {
      await c.handshake();
      await c.subscribe(['/v2/me/*']);
      await waitFor(() => sim.status().scenarios[0]!.started, 'the start');
      const t0 = Date.now();
      await waitFor(() => sim.status().scenarios[0]!.done, 'the end', 10000);
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 800 && elapsed < 5000, `took ${elapsed} ms`);
      await waitFor(() => c.received.length === DOC.total, 'all messages');
    } finally {
      await c.disconnect();
      await sim.close();
    }
  });

  test('with loop it ends what the last run left open, then starts again', async () => {
    const sim = await startSimulator({ port: 0, scenario: 'demo', speed: 0, loop: true });
    const s = await login(sim.url);
    const c = new TestClient(sim.url, { Cookie: s.cookie });
    try {
      await c.handshake();
      await c.subscribe(['/v2/me/**']);
      await waitFor(() => c.received.length > 2 * DOC.total + 3, 'a second iteration');
      assert.equal(sim.status().scenarios[0]!.done, false);
      const after = c.received.slice(DOC.total).map((m) => m.data as AnyData);
      assert.equal(after[0]!.call.id, DOC.c4);
      assert.equal(after[0]!.call.state, 'Released');
      assert.equal(after[1]!.chat.id, DOC.h2);
      assert.equal(after[1]!.chat.state, 'Completed');
      assert.equal(after[2]!.email.state, 'Completed');
    } finally {
      await c.disconnect();
      await sim.close();
    }
  });
});
