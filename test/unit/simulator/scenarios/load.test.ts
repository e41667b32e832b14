import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LOAD_CYCLE, loadSteps } from '../../../../src/simulator/scenarios/load';

const ctx = { user: 'agent1', userIndex: 0, baseUrl: 'http://h', seed: 1, iteration: 0 };
type AnyData = Record<string, any>;

describe('load scenario', () => {
  test('stops after count messages and spreads them over the resources in cycling states', () => {
    const steps = [...loadSteps(ctx, { rate: 0, count: 30, resources: 3 })];
    assert.equal(steps.length, 30);
    const calls = steps.map((s) => (s.data as AnyData).call);
    assert.equal(new Set(calls.map((c) => c.id)).size, 6, 'a fresh call id for each slot every cycle of 5 states');
    assert.equal(new Set(calls.map((c) => c.connId)).size, 6);
    calls.forEach((c, n) => {
      assert.equal(c.userData.LoadSequence, n);
      assert.equal(c.id, calls[(n % 3) + 15 * Math.floor(n / 15)].id);
      assert.equal(c.id.length, 32);
      assert.match(c.connId, /^007[0-9a-f]{13}$/);
      assert.equal(c.state, LOAD_CYCLE[Math.floor(n / 3) % LOAD_CYCLE.length]);
    });
    assert.ok(steps.every((s) => s.at === 0 && s.channel === '/v2/me/calls'));
  });

  test('spaces messages 1000/rate ms apart', () => {
    const steps = [...loadSteps(ctx, { rate: 200, count: 5, resources: 1 })];
    assert.deepEqual(steps.map((s) => s.at), [0, 5, 10, 15, 20]);
  });

  test('count 0 is an unbounded, lazy stream', () => {
    const it = loadSteps(ctx, { rate: 0, count: 0, resources: 2 });
    let last = -1;
    for (let i = 0; i < 100000; i++) last = ((it.next().value as { data: AnyData }).data.call.userData.LoadSequence);
    assert.equal(last, 99999);
    assert.equal(it.next().done, false);
  });

  test('never names a call again after its Released (no id reuse), over many cycles', () => {
    const released = new Set<string>();
    for (const step of loadSteps(ctx, { rate: 0, count: 5000, resources: 7 })) {
      const c = (step.data as AnyData).call;
      assert.ok(!released.has(c.id), `call ${c.id} named after its Released`);
      if (c.state === 'Released') released.add(c.id);
    }
    const releases = Array.from({ length: 5000 }, (_, n) => Math.floor(n / 7) % 5 === 4).filter(Boolean).length;
    assert.equal(released.size, releases, 'every Released is of a call of its own');
  });

  test('is deterministic', () => {
    const a = JSON.stringify([...loadSteps(ctx, { rate: 0, count: 20, resources: 4 })]);
    assert.equal(JSON.stringify([...loadSteps(ctx, { rate: 0, count: 20, resources: 4 })]), a);
  });
});
