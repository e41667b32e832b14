import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CHUNK, HIGH_WATER, ScenarioRunner, type RunnerPort } from '../../../../src/simulator/scenarios/runner';
import type { ScriptStep } from '../../../../src/simulator/scenarios/script';
import type { OutgoingMessage } from '../../../../src/simulator/delivery';

/** An in-memory session side: records deliveries, queues them until drain() is called. */
class MemoryPort implements RunnerPort {
  readonly delivered: OutgoingMessage[] = [];
  batches = 0;
  queued = 0;
  subscribed = true;
  /** When set, every delivery is consumed at once (the queue never fills). */
  autoDrain = false;
  closingCalls = 0;
  private watchers: Array<() => void> = [];
  deliver(messages: readonly OutgoingMessage[]): void {
    this.delivered.push(...messages);
    if (!this.autoDrain) this.queued += messages.length;
    this.batches++;
  }
  pending(): number {
    return this.queued;
  }
  hasSubscriber(): boolean {
    return this.subscribed;
  }
  onChange(fn: () => void): () => void {
    this.watchers.push(fn);
    return () => (this.watchers = this.watchers.filter((w) => w !== fn));
  }
  closing(): OutgoingMessage[] {
    this.closingCalls++;
    return [{ channel: '/closing', data: this.closingCalls }];
  }
  change(): void {
    const ws = this.watchers;
    this.watchers = [];
    ws.forEach((w) => w());
  }
  drain(): void {
    this.queued = 0;
    this.change();
  }
}

const steps = (n: number, gap = 0): ScriptStep[] => Array.from({ length: n }, (_, i) => ({ at: i * gap, channel: '/v2/me/calls', data: i }));
const tick = () => new Promise((r) => setImmediate(r));
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  assert.ok(cond(), 'condition never became true');
};

describe('ScenarioRunner', () => {
  test('at speed 0 plays every step in order, then reports done', async () => {
    const port = new MemoryPort();
    port.autoDrain = true;
    const r = new ScenarioRunner({ speed: 0, loop: false, holdWithoutSubscriber: false }, () => steps(1200), port);
    assert.equal(r.started, false);
    r.start();
    await until(() => r.done);
    assert.deepEqual(port.delivered.map((m) => m.data), steps(1200).map((s) => s.data));
    assert.equal(r.delivered, 1200);
    assert.ok(port.batches >= Math.ceil(1200 / CHUNK), 'released in chunks, not all at once');
  });

  test('holds at the high-water mark until the sessions drain', async () => {
    const port = new MemoryPort();
    const r = new ScenarioRunner({ speed: 0, loop: false, holdWithoutSubscriber: false }, () => steps(HIGH_WATER * 2 + 10), port);
    r.start();
    await until(() => port.delivered.length === HIGH_WATER);
    for (let i = 0; i < 20; i++) await tick();
    assert.equal(port.delivered.length, HIGH_WATER, 'nothing more while the queue is full');
    port.drain();
    await until(() => port.delivered.length === HIGH_WATER * 2);
    port.drain();
    await until(() => r.done);
    assert.equal(r.delivered, HIGH_WATER * 2 + 10);
  });

  test('waits for a subscriber when asked to', async () => {
    const port = new MemoryPort();
    port.subscribed = false;
    const r = new ScenarioRunner({ speed: 0, loop: false, holdWithoutSubscriber: true }, () => steps(3), port);
    r.start();
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(port.delivered.length, 0);
    port.subscribed = true;
    port.change();
    await until(() => r.done);
    assert.equal(port.delivered.length, 3);
  });

  test('scales script time by speed', async () => {
    const port = new MemoryPort();
    const r = new ScenarioRunner({ speed: 10, loop: false, holdWithoutSubscriber: false }, () => steps(3, 500), port);
    const t0 = performance.now();
    r.start();
    await until(() => r.done);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= 95 && elapsed < 1000, `1000 ms of script at speed 10 took ${elapsed} ms`);
  });

  test('loops: closes what is open, then replays a fresh iteration; stop ends it', async () => {
    const port = new MemoryPort();
    port.autoDrain = true;
    const iterations: number[] = [];
    const play = (it: number): ScriptStep[] => {
      iterations.push(it);
      return steps(2);
    };
    const r = new ScenarioRunner({ speed: 0, loop: true, holdWithoutSubscriber: false }, play, port);
    r.start();
    await until(() => iterations.length >= 3);
    r.stop();
    const count = port.delivered.length;
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(port.delivered.length, count, 'nothing after stop');
    assert.deepEqual(iterations.slice(0, 3), [0, 1, 2]);
    assert.deepEqual(port.delivered.slice(0, 5).map((m) => m.channel), ['/v2/me/calls', '/v2/me/calls', '/closing', '/v2/me/calls', '/v2/me/calls']);
    assert.equal(r.done, false);
  });
});
