import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import type { CaptureLine } from '../../../src/capture/records';
import { applyReplayState, assertReplayable, replaySteps, type ReplayStep } from '../../../src/replay/replaySteps';
import type { OutgoingMessage } from '../../../src/simulator/delivery';
import { ScenarioRunner } from '../../../src/simulator/scenarios/runner';
import { World } from '../../../src/simulator/world';
import { header, tempDir } from '../capture/helpers';

const tmp = tempDir();
after(() => tmp.cleanup());

const at = (ms: number): string => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + ms).toISOString();
const call = (seq: number, ms: number, id: string, state: string): CaptureLine => ({
  kind: 'message', seq, receivedAt: at(ms), channel: '/v2/me/calls',
  data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state } },
});

function capture(name: string, lines: CaptureLine[], tail = ''): string {
  const path = tmp.file(name);
  writeFileSync(path, [header(), ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n' + tail);
  return path;
}

const FILE = capture('replay.ndjson', [
  { kind: 'event', seq: 1, at: at(0), event: 'subscribed', subject: '/v2/me/calls' },
  call(2, 1000, 'C1', 'Ringing'),
  call(3, 1250, 'C1', 'Established'),
  { kind: 'gap', seq: 4, from: at(1300), to: at(5000), reason: 'lost' },
  { kind: 'snapshot', seq: 5, at: at(5100), calls: [{ id: 'C2', state: 'Held' }], devices: [{ id: 'D1', userState: { state: 'Ready' } }], failed: { chats: 'HTTP 503' }, chats: [] },
  { kind: 'message', seq: 6, receivedAt: at(6000), channel: '/v2/me/devices' } as CaptureLine,
  call(7, 5900, 'C2', 'Released'),
  { kind: 'bad-line', seq: 8, line: 9, reason: 'x', raw: 'x' },
], '{"kind":"mess');

describe('replaySteps', () => {
  test('messages only, timed from the first message, order kept, time never running backwards', () => {
    const steps = [...replaySteps(FILE)];
    assert.deepEqual(steps.map((s) => [s.channel, s.at, s.omitData ?? false]), [
      ['/v2/me/calls', 0, false],
      ['/v2/me/calls', 250, false],
      ['/v2/me/devices', 5000, true],
      ['/v2/me/calls', 5000, false],
    ]);
    assert.deepEqual((steps[1].data as { call: unknown }).call, { id: 'C1', state: 'Established' });
  });

  test('a snapshot travels with the next message', () => {
    const steps: ReplayStep[] = [...replaySteps(FILE)];
    assert.equal(steps[1].snapshots, undefined);
    assert.equal(steps[2].snapshots?.length, 1);
    assert.equal(steps[2].snapshots?.[0].seq, 5);
  });

  test('a file that is not a capture ends the replay through onError, never by throwing', () => {
    const bad = tmp.file('not.ndjson');
    writeFileSync(bad, 'hello\n');
    const errors: Error[] = [];
    assert.deepEqual([...replaySteps(bad, (e) => errors.push(e))], []);
    assert.match(errors[0]?.message ?? '', /not a gws-notify capture/);
    assert.throws(() => assertReplayable(bad), /not a gws-notify capture/);
    assert.doesNotThrow(() => assertReplayable(FILE));
  });
});

describe('applyReplayState', () => {
  test('covered calls not listed end, listed ones replace, failed collections are left alone', () => {
    const world = new World();
    world.apply('agent1', { messageType: 'CallStateChangeMessage', call: { id: 'C1', state: 'Established' } });
    world.apply('agent1', { messageType: 'ChatStateChangeMessage', chat: { id: 'CH1', state: 'Chatting' } });
    const step = [...replaySteps(FILE)][2];
    applyReplayState(world, 'agent1', step);
    assert.deepEqual(world.list('agent1', 'calls'), [{ id: 'C2', state: 'Held' }]);
    assert.deepEqual(world.list('agent1', 'chats'), [{ id: 'CH1', state: 'Chatting' }], 'chats failed: not covered');
    assert.deepEqual(world.list('agent1', 'devices'), [{ id: 'D1', userState: { state: 'Ready' } }]);
    assert.deepEqual(world.list('agent2', 'calls'), [], 'per user');
  });
});

describe('replaySteps through the simulator ScenarioRunner', () => {
  function run(speed: number): Promise<Array<{ t: number; m: OutgoingMessage }>> {
    const got: Array<{ t: number; m: OutgoingMessage }> = [];
    const start = performance.now();
    return new Promise((resolve) => {
      const runner = new ScenarioRunner({ speed, loop: false, holdWithoutSubscriber: false }, () => replaySteps(FILE), {
        deliver: (messages) => {
          for (const m of messages) got.push({ t: performance.now() - start, m });
          if (got.length === 4) setImmediate(() => resolve(got));
        },
        pending: () => 0,
        hasSubscriber: () => true,
        onChange: () => () => undefined,
        closing: () => [],
      });
      runner.start();
    });
  }

  test('max speed delivers everything in order at once', async () => {
    const got = await run(0);
    assert.deepEqual(got.map((g) => (g.m.data as { call?: { state: string } } | undefined)?.call?.state ?? 'device'), ['Ringing', 'Established', 'device', 'Released']);
    assert.ok(got[3].t < 200);
  });

  test('speed 10 keeps the inter-message timing, scaled', async () => {
    const got = await run(10);
    // Measured from the runner's start, not from the first delivery: a busy machine can only make
    // the first message late, which would shrink the gap between them without the runner being wrong.
    assert.ok(got[2].t >= 480, `5 s at speed 10 is ~500 ms after the start, got ${got[2].t.toFixed(0)}`);
    assert.ok(got[2].t - got[0].t < 1500);
  });
});
