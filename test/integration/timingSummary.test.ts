import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { readJournal } from '../../src/capture/journalReader';
import type { CaptureLine } from '../../src/capture/records';
import { SERVER_CLOCK_SKEW_MS } from '../../src/simulator/serverMetrics';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, simStatus, startSim, tempDir, waitFor } from '../support/harness';
import { runCli } from './cliSupport';

/**
 * `gws-notify summary --json` over real recordings of the simulator, which stamps GWS's
 * metrics.eventProcessing on every notification: `delivery` and each resource's `timeInState`
 * checked against figures computed here from the journal's payloads, not by the code under test.
 */
type Any = Record<string, any>;
type Line = Exclude<CaptureLine, { kind: 'header' }>;

const timeOf = (r: Line): number => Date.parse(r.kind === 'message' ? r.receivedAt : 'at' in r ? r.at : r.kind === 'gap' ? r.from : '');
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.ceil(0.95 * v.length) - 1];

describe('summary --json: delivery timing and time in state', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  let n = 0;
  async function recordScenario(scenario: 'demo' | 'anomalies'): Promise<{ path: string; lines: Line[] }> {
    const sim = await startSim({ scenario, speed: 0 });
    sims.push(sim);
    const path = join(tmp.dir, `${scenario}-${++n}.ndjson`);
    const rec = record(sim.url, path, { maxBackoffMs: 1000 });
    try {
      await rec.host.ready;
      await waitFor(`the ${scenario} scenario to end`, async () => (await simStatus(sim.url)).scenarios.find((s) => s.user === 'agent1')?.done === true);
    } finally {
      await rec.host.stop();
    }
    const lines: Line[] = [];
    for await (const { record: r } of readJournal(path)) if (r.kind !== 'header') lines.push(r);
    return { path, lines };
  }

  test('one capture: the offset, jitter, server p95 and failures the payloads give; an ended call\'s time in state spans its first to its last state', async () => {
    const { path, lines } = await recordScenario('demo');
    const r = await runCli(['summary', path, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Any;

    const timed = lines.flatMap((l) => {
      const ep = l.kind === 'message' ? ((l.data as Any)?.metrics?.eventProcessing as Any | undefined) : undefined;
      return ep ? [{ at: timeOf(l), ep }] : [];
    });
    assert.ok(timed.length >= 20, 'the demo has its 20 samples');
    const transits = timed.map((x) => x.at - x.ep.serverGenerationTimestamp);
    const offset = median(transits);
    const processing = timed.map((x) => x.ep.serverProcessingTimeTotalMs as number);
    assert.deepEqual(s.delivery, {
      samples: timed.length,
      offsetMs: offset,
      jitterP95Ms: p95(transits.map((t) => Math.abs(t - offset))),
      serverProcessingP95Ms: p95(processing.filter((p) => p !== -1)),
      serverFailures: processing.filter((p) => p === -1).length,
      clock: 'capture',
    });
    // The simulated server's clock runs 1.25 s behind: the offset is that, plus the delivery time.
    assert.ok(offset >= -SERVER_CLOCK_SKEW_MS && offset < -SERVER_CLOCK_SKEW_MS + 1000, `offset ${offset}`);
    assert.ok(s.delivery.serverFailures > 0, 'the demo shows a server-side failure');

    const ended = s.resources.filter((x: Any) => x.kind === 'call' && x.ended);
    assert.ok(ended.length > 0);
    for (const call of ended) {
      const times = lines.filter((l) => l.kind === 'message' && (l.data as Any)?.call?.id === call.id).map(timeOf);
      const released = lines.find((l) => l.kind === 'message' && (l.data as Any)?.call?.id === call.id && (l.data as Any).call.state === 'Released')!;
      const total = Object.values(call.timeInState as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.equal(total, timeOf(released) - times[0], `call ${call.id}: every state until Released, Released left out`);
      assert.ok(!Object.hasOwn(call.timeInState, 'Released'));
      assert.deepEqual(Object.keys(call.timeInState), [...new Set(call.states.slice(0, -1))]);
    }
    const last = Math.max(...lines.map(timeOf));
    for (const open of s.resources.filter((x: Any) => !x.ended && x.states.length > 0)) {
      const first = lines.find((l) => l.kind === 'message' && JSON.stringify(l.data).includes(open.id))!;
      const total = Object.values(open.timeInState as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.ok(total <= last - timeOf(first) && total > 0, `${open.kind} ${open.id}: the current state counts until the last record`);
    }
    assert.match((await runCli(['summary', path])).stdout, /^Delivery: \d+ samples, offset \d+ ms, jitter p95 \d+ ms, server processing p95 \d+ ms, \d+ server-side failures?$/m);
  });

  test('several captures: each its own delivery, the set\'s pooled with no one offset; the late message of anomalies is linted', async () => {
    const demo = await recordScenario('demo');
    const anomalies = await recordScenario('anomalies');
    const one = (p: string): Promise<Any> => runCli(['summary', p, '--json']).then((r) => JSON.parse(r.stdout) as Any);
    const [a, b] = [await one(demo.path), await one(anomalies.path)];
    const r = await runCli(['summary', demo.path, anomalies.path, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const set = JSON.parse(r.stdout) as Any;
    assert.deepEqual(set.captures.map((c: Any) => c.delivery), [a.delivery, b.delivery]);
    assert.equal(set.delivery.samples, a.delivery.samples + b.delivery.samples);
    assert.equal(set.delivery.serverFailures, a.delivery.serverFailures + b.delivery.serverFailures);
    assert.equal(set.delivery.offsetMs, null);
    assert.ok(set.resources.every((x: Any) => typeof x.timeInState === 'object'));
    const lint = await runCli(['lint', anomalies.path, '--json', '--rule', 'late']);
    const findings = (JSON.parse(lint.stdout) as Any).findings as Any[];
    assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.resource?.kind]), [['late', 'info', 'device']]);
    assert.match(findings[0].message, /DeviceStateChangeMessage about device .* delivered 5\.\d s later than usual/);
    const lastMessage = anomalies.lines.map((l) => l.kind).lastIndexOf('message');
    assert.equal(findings[0].line, lastMessage + 2, 'the last message (line 1 is the header)');
  });
});
