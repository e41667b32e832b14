import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/simulator/server';
import { getJson, login, TestClient, waitFor } from './simulatorSupport';

type AnyData = Record<string, any>;

function depth(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  let max = 0;
  for (const x of Object.values(v)) max = Math.max(max, depth(x));
  return max + 1;
}

describe('faults scenario over CometD', () => {
  test('every one of the 19 documented fault messages reaches the client intact', async () => {
    const sim = await startSimulator({ port: 0, scenario: 'faults', speed: 0 });
    const s = await login(sim.url);
    const c = new TestClient(sim.url, { Cookie: s.cookie });
    try {
      await c.handshake();
      await c.subscribe(['/v2/me/**']);
      await waitFor(() => c.wire.length >= 19, 'all fault messages', 20000);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(c.wire.length, 19);
      assert.deepEqual(sim.status().scenarios[0], { user: 'agent1', scenario: 'faults', started: true, done: true, delivered: 19 });
      // The cometd client drops the data-less message before subscribers see it.
      assert.equal(c.received.length, 18);
      const w = c.wire;
      assert.equal('data' in w[0]!, false);
      assert.deepEqual(w.slice(1, 5).map((m) => m.data), ['CallStateChangeMessage', 42, [{ messageType: 'CallStateChangeMessage' }], null]);
      assert.equal((w[5]!.data as AnyData).messageType, undefined);
      assert.equal((w[6]!.data as AnyData).messageType, 'DeviceTeleportMessage');
      assert.equal((w[7]!.data as AnyData).data.data.messageType, 'ErrorMessage');
      assert.equal((w[8]!.data as AnyData).call.state, 42);
      assert.equal((w[9]!.data as AnyData).call.userData.Blob.length, 5 * 1024 * 1024);
      assert.equal(depth({ channel: w[10]!.channel, data: w[10]!.data }), 1000);
      assert.equal((w[12]!.data as AnyData).messages[0].text, '<img src=x onerror=alert(1)>');
      assert.deepEqual([13, 14].map((i) => (w[i]!.data as AnyData).messages[0].index), [5, 4]);
      assert.match((w[15]!.data as AnyData).messages[0].text, /😀/);
      assert.equal((w[17]!.data as AnyData).call.id, (w[18]!.data as AnyData).call.id);
      assert.deepEqual([17, 18].map((i) => (w[i]!.data as AnyData).call.state), ['Established', 'Held']);
      // Only the well-formed calls (10, 11, 17 and call D, last seen Held) reach the REST state.
      const calls = (await getJson(`${sim.url}/api/v2/me/calls`, s.cookie)).body.calls as AnyData[];
      assert.deepEqual(calls.map((x) => x.id), [9, 10, 16, 17].map((i) => (w[i]!.data as AnyData).call.id));
      assert.equal(calls[3]!.state, 'Held');
    } finally {
      await c.disconnect();
      await sim.close();
    }
  });
});
