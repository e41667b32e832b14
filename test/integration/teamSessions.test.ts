import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/capture/journalReader';
import { findLinks } from '../../src/links/resourceLinks';
import { teamSteps } from '../../src/simulator/scenarios/team';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, simStatus, startSim, tempDir, waitFor, type Recording } from '../support/harness';
import { runCli } from './cliSupport';

const TEAM = ['agent1', 'agent2', 'supervisor1'];
type AnyData = Record<string, any>;

/** The payloads `user`'s part of the team scenario sends, as the simulator at `url` makes them. */
const partOf = (url: string, user: string): AnyData[] => teamSteps({ user, userIndex: TEAM.indexOf(user), baseUrl: url, seed: 1, iteration: 0, users: TEAM }).map((s) => s.data as AnyData);

function withoutMetrics({ metrics, ...rest }: AnyData): AnyData {
  assert.equal(typeof metrics?.eventProcessing?.serverGenerationTimestamp, 'number');
  return rest;
}

/** The message payloads of a capture, in journal order. */
async function payloads(path: string): Promise<AnyData[]> {
  const out: AnyData[] = [];
  // Less the `metrics` the simulator stamps on as it sends (src/simulator/serverMetrics.ts), which the scripted steps lack.
  for await (const { record: r } of readJournal(path)) if (r.kind === 'message') out.push(withoutMetrics(r.data as AnyData));
  return out;
}

/** One session per user on a fresh team simulator, recorded until every part is in. */
async function recordTeam(sims: SimulatorProcess[], dir: string, users: readonly string[]): Promise<{ sim: SimulatorProcess; recs: Recording[] }> {
  const sim = await startSim({ scenario: 'team', speed: 0 });
  sims.push(sim);
  const recs = users.map((user) => record(sim.url, join(dir, `${user}.ndjson`), { credentials: { type: 'basic', user, password: 'secret' }, userLabel: user }));
  await Promise.all(recs.map((r) => r.host.ready));
  for (const [i, user] of users.entries()) {
    let delivered = -1;
    await waitFor(`${user}'s part to finish`, async () => {
      const s = (await simStatus(sim.url)).scenarios.find((x) => x.user === user);
      delivered = s?.done ? s.delivered : -1;
      return delivered >= 0;
    });
    await waitFor(`${user}'s ${delivered} messages`, () => recs[i].tracker.messageCount >= delivered);
  }
  await Promise.all(recs.map((r) => r.host.stop()));
  return { sim, recs };
}

/** Call legs of `user`'s part by first appearance: [main, consult, conference] for the agents. */
const callIds = (url: string, user: string): string[] => [...new Set(partOf(url, user).map((d) => d.call?.id).filter(Boolean))];

describe('several sessions on the team scenario', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  test('three sessions: each capture holds exactly its own user\'s messages; the links are exactly the shared calls and chat', async () => {
    const { sim, recs } = await recordTeam(sims, tmp.dir, TEAM);
    for (const [i, user] of TEAM.entries()) assert.deepEqual(await payloads(recs[i].journalPath), partOf(sim.url, user), `${user}'s capture`);
    const links = findLinks(TEAM.map((user, i) => ({ session: user, label: user, tracker: recs[i].tracker })));
    const [a1, a2, sup] = TEAM.map((u) => callIds(sim.url, u));
    const chatId = partOf(sim.url, 'agent1').find((d) => d.chat)!.chat.id as string;
    assert.deepEqual(links.map((l) => l.resources.map((r) => `${r.session}/${r.id}`)), [
      [`agent1/${a1[0]}`, `supervisor1/${sup[0]}`],
      [`agent1/${a1[1]}`, `agent2/${a2[0]}`],
      [`agent1/${a1[2]}`, `agent2/${a2[1]}`],
      [`agent1/${chatId}`, `agent2/${chatId}`],
    ]);

    const r = await runCli(['summary', ...recs.map((x) => x.journalPath), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const set = JSON.parse(r.stdout) as AnyData;
    const sizes = TEAM.map((u) => partOf(sim.url, u).length);
    assert.deepEqual(set.captures.map((c: AnyData) => ({ file: c.file, messages: c.messages })), recs.map((x, i) => ({ file: x.journalPath, messages: sizes[i] })));
    // Each capture its own delivery; the set's pooled, with no one offset across captures.
    assert.deepEqual(set.captures.map((c: AnyData) => c.delivery.samples), sizes);
    assert.equal(set.delivery.samples, sizes[0] + sizes[1] + sizes[2]);
    assert.equal(set.delivery.offsetMs, null);
    assert.equal(set.delivery.serverFailures, set.captures.reduce((n: number, c: AnyData) => n + c.delivery.serverFailures, 0));
    assert.equal(set.messages, sizes[0] + sizes[1] + sizes[2]);
    assert.equal(set.resources.length, recs.reduce((n, x) => n + x.tracker.resourceCount, 0));
    assert.ok(set.resources.every((res: AnyData) => recs.some((x) => x.journalPath === res.capture)));
    const [f1, f2, f3] = recs.map((x) => x.journalPath);
    assert.deepEqual(set.links, [
      { callUuid: links[0].callUuid, connId: links[0].connId, resources: [{ capture: f1, kind: 'call', id: a1[0], state: 'Released' }, { capture: f3, kind: 'call', id: sup[0], state: 'Released' }] },
      { callUuid: links[1].callUuid, connId: links[1].connId, resources: [{ capture: f1, kind: 'call', id: a1[1], state: 'Released' }, { capture: f2, kind: 'call', id: a2[0], state: 'Released' }] },
      { callUuid: links[2].callUuid, connId: links[2].connId, resources: [{ capture: f1, kind: 'call', id: a1[2], state: 'Released' }, { capture: f2, kind: 'call', id: a2[1], state: 'Released' }] },
      { callUuid: null, chatId, resources: [{ capture: f1, kind: 'chat', id: chatId, state: 'Completed' }, { capture: f2, kind: 'chat', id: chatId, state: 'Completed' }] },
    ]);
    assert.ok(set.links.slice(0, 3).every((l: AnyData) => typeof l.callUuid === 'string'));
  });

  test('two sessions (the agents): only their shared calls and chat are linked, nothing of the supervisor', async () => {
    const dir = join(tmp.dir, 'two');
    mkdirSync(dir);
    const { sim, recs } = await recordTeam(sims, dir, ['agent1', 'agent2']);
    for (const [i, user] of ['agent1', 'agent2'].entries()) assert.deepEqual(await payloads(recs[i].journalPath), partOf(sim.url, user));
    const r = await runCli(['summary', recs[0].journalPath, recs[1].journalPath, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const set = JSON.parse(r.stdout) as AnyData;
    const [a1, a2] = ['agent1', 'agent2'].map((u) => callIds(sim.url, u));
    assert.deepEqual(set.links.map((l: AnyData) => l.resources.map((x: AnyData) => x.id)), [[a1[1], a2[0]], [a1[2], a2[1]], [set.links[2].chatId, set.links[2].chatId]]);
    assert.equal(set.links[2].callUuid, null);
    const text = await runCli(['summary', recs[0].journalPath, recs[1].journalPath]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^== ${recs[0].journalPath.replace(/[.\\/]/g, '\\$&')}\nMessages: ${partOf(sim.url, 'agent1').length} `, 'm'));
    assert.match(text.stdout, new RegExp(`Links:\n  call \\S+\n    ${recs[0].journalPath.replace(/[.\\/]/g, '\\$&')}: call ${a1[1]} Released`));
    assert.match(text.stdout, new RegExp(`  chat ${set.links[2].chatId}\n`));
  });
});
