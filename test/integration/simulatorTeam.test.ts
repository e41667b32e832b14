import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/simulator/server';
import { teamSteps } from '../../src/simulator/scenarios/team';
import { login, TestClient, waitFor } from './simulatorSupport';

const USERS = ['agent1', 'agent2', 'supervisor1'];

/** A payload without the `metrics` the simulator stamps on as it sends (src/simulator/serverMetrics.ts). */
function unstamped(data: unknown): unknown {
  const { metrics, ...rest } = data as { metrics?: { eventProcessing?: { serverGenerationTimestamp?: unknown } } };
  assert.equal(typeof metrics?.eventProcessing?.serverGenerationTimestamp, 'number', 'GWS timing metrics on every notification');
  return rest;
}

test('team scenario: each user\'s sessions get exactly that user\'s part, in order, and nobody else\'s', async () => {
  // The default accounts are the team; no users option.
  const sim = await startSimulator({ port: 0, scenario: 'team', speed: 0 });
  const clients: Array<{ user: string; client: TestClient }> = [];
  try {
    for (const user of [...USERS, 'agent1']) {
      const session = await login(sim.url, user, 'secret');
      clients.push({ user, client: new TestClient(sim.url, { Cookie: session.cookie }) });
    }
    await Promise.all(clients.map(({ client }) => client.handshake()));
    await Promise.all(clients.map(({ client }) => client.subscribe(['/v2/me/**'])));
    const expected = new Map(USERS.map((user, userIndex) => [user, teamSteps({ user, userIndex, baseUrl: sim.url, seed: 1, iteration: 0, users: USERS }).map((s) => s.data)]));
    await waitFor(() => sim.status().scenarios.every((s) => s.done), 'every part to finish');
    await waitFor(() => clients.every(({ user, client }) => client.received.length >= expected.get(user)!.length), 'every message');
    // Anything misdelivered would arrive with the rest; give a straggler the time to show.
    await new Promise((r) => setTimeout(r, 300));
    for (const { user, client } of clients) assert.deepEqual(client.received.map((m) => unstamped(m.data)), expected.get(user), `${user}'s session`);
    // Stamped once per user: both of agent1's sessions get the same metrics.
    assert.deepEqual(clients[3].client.received.map((m) => m.data), clients[0].client.received.map((m) => m.data));
    assert.deepEqual(sim.status().scenarios.map((s) => [s.user, s.delivered]), USERS.map((u) => [u, expected.get(u)!.length]));
  } finally {
    await Promise.all(clients.map(({ client }) => client.disconnect()));
    await sim.close();
  }
});
