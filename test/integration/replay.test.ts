import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CaptureLine } from '../../src/capture/records';
import { importHar } from '../../src/exchange/harImport';
import { prepareReplayFile } from '../../src/replay/replaySource';
import { startSimulator } from '../../src/simulator/server';
import type { SimulatorHandle } from '../../src/simulator/simulatorTypes';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { summarizeFile, type CaptureSummary } from '../../src/tracker/summary';
import { record, simStatus, startSim, tempDir, waitFor, type Recording } from '../support/harness';
import { login } from './simulatorSupport';

const TOPICS = ['/v2/me/**'];

/** Records from `url` until its agent1 scenario is done and every delivered message is tracked. */
async function recordAll(url: string, journal: string): Promise<Recording> {
  const rec = record(url, journal, { topics: TOPICS });
  await rec.host.ready;
  let delivered = -1;
  await waitFor('the scenario to finish', async () => {
    const s = (await simStatus(url)).scenarios.find((x) => x.user === 'agent1');
    delivered = s?.done ? s.delivered : -1;
    return delivered >= 0;
  }, 60_000);
  await waitFor(`${delivered} messages tracked`, () => rec.tracker.messageCount >= delivered);
  await rec.host.stop();
  return rec;
}

/** What a replay must reproduce. */
function essence(s: CaptureSummary): unknown {
  return { messages: s.messages, malformed: s.malformed, byChannel: s.byChannel, resources: s.resources.map((r) => [r.kind, r.id, r.states, r.state, r.ended]) };
}

describe('replay as a live GWS endpoint', () => {
  const tmp = tempDir('gws-replay-');
  const sims: SimulatorProcess[] = [];
  const handles: SimulatorHandle[] = [];
  after(async () => {
    await Promise.all([...sims.map((s) => s.stop()), ...handles.map((h) => h.close())]);
    tmp.cleanup();
  });

  test('each client session gets its own replay from its own first subscription', async () => {
    const sim = await startSim({ scenario: 'demo', speed: 0 });
    sims.push(sim);
    const original = join(tmp.dir, 'two-clients-original.ndjson');
    await recordAll(sim.url, original);
    const replay = await startSimulator({ port: 0, replay: { file: original }, speed: 0 });
    handles.push(replay);
    // The first client takes the whole replay; a second one joining after it ended still gets all of it.
    const first = await recordAll(replay.url, join(tmp.dir, 'client-1.ndjson'));
    const second = await recordAll(replay.url, join(tmp.dir, 'client-2.ndjson'));
    const expected = (await summarizeFile(original)).messages;
    assert.equal(first.tracker.messageCount, expected);
    assert.equal(second.tracker.messageCount, expected, 'the late client saw the replay from the start');
    assert.deepEqual(essence(await summarizeFile(join(tmp.dir, 'client-2.ndjson'))), essence(await summarizeFile(original)));
  });

  test('a demo recording replayed at max speed into the recorder gives the same summary', async () => {
    const sim = await startSim({ scenario: 'demo', speed: 0 });
    sims.push(sim);
    const original = join(tmp.dir, 'original.ndjson');
    await recordAll(sim.url, original);
    const replay = await startSimulator({ port: 0, replay: { file: original }, speed: 0 });
    handles.push(replay);
    assert.equal(replay.status().scenarios[0].scenario, 'replay');
    const copy = join(tmp.dir, 'replayed.ndjson');
    await recordAll(replay.url, copy);
    const a = await summarizeFile(original);
    const b = await summarizeFile(copy);
    assert.ok(a.messages > 30);
    assert.deepEqual(essence(b), essence(a));
    // The replayed user's REST view is the state at the end of the capture.
    const session = await login(replay.url);
    const res = await fetch(`${replay.url}/api/v2/me/calls`, { headers: { Cookie: session.cookie } });
    const calls = ((await res.json()) as { calls: Array<{ id: string }> }).calls.map((c) => c.id).sort();
    assert.deepEqual(calls, a.resources.filter((r) => r.kind === 'call' && !r.ended).map((r) => r.id).sort());
  });

  test('a HAR import replays its messages in order', async () => {
    const har = 'test/fixtures/har/wwe-session.har';
    const prepared = await prepareReplayFile(har, { tempDir: tmp.dir });
    assert.equal(prepared.from, 'har');
    const replay = await startSimulator({ port: 0, scenario: 'replay', replay: { file: prepared.file }, speed: 0 });
    handles.push(replay);
    const copy = join(tmp.dir, 'har-replayed.ndjson');
    const rec = await recordAll(replay.url, copy);
    const imported = (await importHar(har)).records.filter((r) => r.kind === 'message');
    const got = rec.entries.filter((e) => e.rec === 'message');
    assert.equal(got.length, imported.length);
    assert.deepEqual(got.map((e) => e.messageType), imported.map((r) => (r.kind === 'message' ? (r.data as { messageType: string }).messageType : '')));
  });

  test('REST answers with the state at the replay cursor, snapshots included; timing is kept at speed 1', async () => {
    const at = (ms: number): string => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + ms).toISOString();
    const call = (seq: number, ms: number, id: string, state: string): CaptureLine => ({
      kind: 'message', seq, receivedAt: at(ms), channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state } },
    });
    const file = join(tmp.dir, 'cursor.ndjson');
    const lines: CaptureLine[] = [
      { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: at(0), server: null, user: 'agent1', topics: TOPICS, source: 'live', tool: { name: 'gws-notify', version: 'test' } },
      call(1, 0, 'C1', 'Ringing'),
      call(2, 0, 'C2', 'Ringing'),
      call(3, 1200, 'C1', 'Released'),
      { kind: 'gap', seq: 4, from: at(1250), to: at(1300), reason: 'lost' },
      { kind: 'snapshot', seq: 5, at: at(1350), calls: [{ id: 'C2', state: 'Held' }, { id: 'C3', state: 'Established' }] },
      { kind: 'message', seq: 6, receivedAt: at(1400), channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'D1', userState: { state: 'Ready' } }] } },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const replay = await startSimulator({ port: 0, replay: { file }, speed: 1 });
    handles.push(replay);
    const rec = record(replay.url, join(tmp.dir, 'cursor-rec.ndjson'), { topics: TOPICS });
    await rec.host.ready;
    const session = await login(replay.url);
    const rest = async (kind: string): Promise<unknown[]> => ((await (await fetch(`${replay.url}/api/v2/me/${kind}`, { headers: { Cookie: session.cookie } })).json()) as Record<string, unknown[]>)[kind];
    await waitFor('the first two messages', () => rec.tracker.messageCount >= 2);
    const firstAt = Date.now();
    assert.deepEqual(await rest('calls'), [{ id: 'C1', state: 'Ringing' }, { id: 'C2', state: 'Ringing' }]);
    await waitFor('the last message', () => rec.tracker.messageCount >= 4, 10_000);
    assert.ok(Date.now() - firstAt >= 1100, `the 1.4 s of the capture took ${Date.now() - firstAt} ms`);
    assert.deepEqual(await rest('calls'), [{ id: 'C2', state: 'Held' }, { id: 'C3', state: 'Established' }]);
    assert.deepEqual(await rest('devices'), [{ id: 'D1', userState: { state: 'Ready' } }]);
    await rec.host.stop();
  });

  test('a file that is not a capture is refused at start', async () => {
    const bad = join(tmp.dir, 'bad.ndjson');
    writeFileSync(bad, 'not a capture\n');
    await assert.rejects(startSimulator({ port: 0, replay: { file: bad } }), /not a gws-notify capture/);
    await assert.rejects(startSimulator({ port: 0, scenario: 'replay' }), /needs options\.replay\.file/);
  });
});
