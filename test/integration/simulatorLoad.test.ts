import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/simulator/server';
import { HIGH_WATER } from '../../src/simulator/scenarios/runner';
import type { SimulatorOptions } from '../../src/simulator/simulatorTypes';
import { getJson, login, TestClient, waitFor } from './simulatorSupport';

type AnyData = Record<string, any>;

/** Runs a load scenario against one real client; returns the LoadSequence numbers in arrival order. */
async function runLoad(options: SimulatorOptions, expected: number, timeoutMs: number) {
  const sim = await startSimulator({ port: 0, scenario: 'load', ...options });
  const s = await login(sim.url);
  const c = new TestClient(sim.url, { Cookie: s.cookie });
  const t0 = Date.now();
  try {
    await c.handshake();
    await c.subscribe(['/v2/me/calls']);
    await waitFor(() => c.received.length >= expected, `${expected} messages`, timeoutMs);
    const elapsed = Date.now() - t0;
    await waitFor(() => sim.status().scenarios[0]!.done, 'the scenario to end');
    const sequence = c.received.map((m) => (m.data as AnyData).call.userData.LoadSequence as number);
    const calls = (await getJson(`${sim.url}/api/v2/me/calls`, s.cookie)).body.calls as AnyData[];
    return { sequence, elapsed, status: sim.status(), calls };
  } finally {
    await c.disconnect();
    await sim.close();
  }
}

const isInOrder = (seq: number[]) => seq.every((n, i) => n === i);

describe('load scenario over CometD', () => {
  test('delivers exactly count messages, in order, over the given number of calls', async () => {
    const r = await runLoad({ rate: 0, count: 20000, resources: 7 }, 20000, 30000);
    assert.equal(r.sequence.length, 20000);
    assert.ok(isInOrder(r.sequence));
    assert.equal(r.status.scenarios[0]!.delivered, 20000);
    assert.ok(r.calls.length <= 7 && r.calls.length > 0, `${r.calls.length} live calls`);
  });

  test('200,000 messages reach a bare cometd client well under a minute', async () => {
    const r = await runLoad({ rate: 0, count: 200000, resources: 50 }, 200000, 60000);
    assert.ok(isInOrder(r.sequence));
    assert.ok(r.elapsed < 45000, `took ${r.elapsed} ms`);
  });

  test('honours the rate', async () => {
    const r = await runLoad({ rate: 200, count: 100, resources: 3 }, 100, 10000);
    assert.ok(isInOrder(r.sequence));
    assert.ok(r.elapsed >= 450 && r.elapsed < 5000, `100 messages at 200/s took ${r.elapsed} ms`);
  });

  test('stops at the high-water mark while a session does not poll, and resumes when it does', async () => {
    const sim = await startSimulator({ port: 0, scenario: 'load', rate: 0, count: 0, resources: 5 });
    const s = await login(sim.url);
    const post = async (messages: unknown[]) => {
      const res = await fetch(`${sim.url}/api/v2/notifications`, { method: 'POST', headers: { Cookie: s.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(messages) });
      return (await res.json()) as AnyData[];
    };
    try {
      const [hs] = await post([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]);
      const clientId = hs!.clientId as string;
      const [sub] = await post([{ channel: '/meta/subscribe', clientId, subscription: '/v2/me/calls' }]);
      assert.equal(sub!.successful, true);
      await waitFor(() => sim.status().scenarios[0]!.delivered >= HIGH_WATER, 'the queue to fill');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sim.status().scenarios[0]!.delivered, HIGH_WATER, 'nothing beyond the high-water mark');
      const batch = await post([{ channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 0 } }]);
      assert.equal(batch.filter((m) => m.channel === '/v2/me/calls').length, HIGH_WATER);
      await waitFor(() => sim.status().scenarios[0]!.delivered === 2 * HIGH_WATER, 'the next fill');
      await post([{ channel: '/meta/disconnect', clientId }]);
    } finally {
      await sim.close();
    }
  });
});
