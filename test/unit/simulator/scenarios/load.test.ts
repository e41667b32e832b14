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
    assert.equal(new Set(calls.map((c) => c.id)).size, 3);
    calls.forEach((c, n) => {
      assert.equal(c.userData.LoadSequence, n);
      assert.equal(c.id, calls[n % 3].id);
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

  test('is deterministic', () => {
    const a = JSON.stringify([...loadSteps(ctx, { rate: 0, count: 20, resources: 4 })]);
    assert.equal(JSON.stringify([...loadSteps(ctx, { rate: 0, count: 20, resources: 4 })]), a);
  });
});
