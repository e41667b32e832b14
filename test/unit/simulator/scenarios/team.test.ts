import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toIndexEntry } from '../../../../src/indexing/indexer';
import { findLinks, findRelated, LinkLookup, type LinkSource } from '../../../../src/links/resourceLinks';
import { teamSteps } from '../../../../src/simulator/scenarios/team';
import type { ScriptStep } from '../../../../src/simulator/scenarios/script';
import { ResourceTracker } from '../../../../src/tracker/resourceTracker';

const USERS = ['agent1', 'agent2', 'supervisor1'];
type AnyData = Record<string, any>;

function steps(user: string, seed = 1, iteration = 0): ScriptStep[] {
  return teamSteps({ user, userIndex: USERS.indexOf(user), baseUrl: 'http://127.0.0.1:9', seed, iteration, users: USERS });
}

/** What one user's session would have tracked from its part of the script. */
function sourceOf(user: string, seed = 1): LinkSource {
  const tracker = new ResourceTracker();
  tracker.ingestBatch(steps(user, seed).map((s, seq) => toIndexEntry({ kind: 'message', seq, receivedAt: new Date(1e12 + s.at).toISOString(), channel: s.channel, data: s.data }, seq * 100, 99)));
  return { session: user, label: user, tracker };
}

const calls = (user: string): AnyData[] => steps(user).map((s) => (s.data as AnyData).call).filter((c) => c !== undefined);

test('each party gets its own documented part (docs/SIMULATOR.md, "team"); a fourth account gets nothing', () => {
  const perChannel = (user: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const s of steps(user)) out[s.channel] = (out[s.channel] ?? 0) + 1;
    return out;
  };
  assert.deepEqual(perChannel('agent1'), { '/v2/me/devices': 2, '/v2/me/calls': 13, '/v2/me/chats': 5 });
  assert.deepEqual(perChannel('agent2'), { '/v2/me/devices': 2, '/v2/me/calls': 8, '/v2/me/chats': 7 });
  assert.deepEqual(perChannel('supervisor1'), { '/v2/me/devices': 2, '/v2/me/calls': 5 });
  assert.deepEqual(teamSteps({ user: 'agent9', userIndex: 3, baseUrl: 'http://x', seed: 1, iteration: 0, users: [...USERS, 'agent9'] }), []);
  const devices = (user: string): string[] => steps(user).flatMap((s) => ((s.data as AnyData).devices ?? []).map((d: AnyData) => d.phoneNumber));
  assert.deepEqual(USERS.map((u) => [...new Set(devices(u))]), [['5005'], ['5006'], ['5007']], 'each party its own device only');
});

test('the script is deterministic from the seed, and another seed gives other ids', () => {
  for (const user of USERS) assert.deepEqual(steps(user, 7), steps(user, 7));
  const ids = (seed: number): string[] => steps('agent1', seed).map((s) => (s.data as AnyData).call?.id).filter(Boolean);
  assert.notDeepEqual(ids(1), ids(2));
  assert.notDeepEqual(steps('agent2', 1, 0), steps('agent2', 1, 1), 'a loop iteration gets fresh ids');
});

test('the transfer: Consult legs share a callUuid, each side has its own id, and the consult leg takes the main call connId', () => {
  const consultA = calls('agent1').filter((c) => c.callType === 'Consult');
  const consultB = calls('agent2').filter((c) => c.callType === 'Consult');
  assert.ok(consultA.length > 0 && consultB.length > 0);
  assert.equal(new Set([...consultA, ...consultB].map((c) => c.callUuid)).size, 1);
  assert.notEqual(consultA[0].id, consultB[0].id);
  const main = calls('agent1')[0];
  assert.equal(consultB.at(-1)!.connId, main.connId);
  assert.notEqual(consultB[0].connId, main.connId);
});

test('supervisor1 monitors agent1: supervisorListeningIn on the agent call, MonitoredUserMutedStateChange on the supervisor call', () => {
  const listening = calls('agent1').map((c) => c.supervisorListeningIn);
  assert.deepEqual(listening.slice(0, 4), [false, false, true, false]);
  const sup = steps('supervisor1').map((s) => s.data as AnyData).filter((d) => d.call);
  const muted = sup.filter((d) => d.notificationType === 'MonitoredUserMutedStateChange').map((d) => d.call.monitoredUserMuted);
  assert.deepEqual(muted, [true, false]);
  assert.equal(sup[0].call.callUuid, calls('agent1')[0].callUuid);
});

test('the links are exactly the shared calls and the transferred chat; the main call is related to the consult leg', () => {
  const sources = USERS.map((u) => sourceOf(u));
  const links = findLinks(sources);
  const shape = links.map((l) => [l.chatId === null ? 'call' : 'chat', l.resources.map((r) => r.session).join('+')]);
  assert.deepEqual(shape, [['call', 'agent1+supervisor1'], ['call', 'agent1+agent2'], ['call', 'agent1+agent2'], ['chat', 'agent1+agent2']]);
  const [mainA, consultA] = calls('agent1').filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
  assert.equal(links[0].callUuid, mainA.callUuid);
  assert.equal(links[1].callUuid, consultA.callUuid);
  assert.equal(links[3].callUuid, null);
  assert.deepEqual(links[3].resources.map((r) => r.state), ['Completed', 'Completed']);
  const lookup = new LinkLookup(links, findRelated(sources));
  const consultB = calls('agent2')[0];
  assert.deepEqual(lookup.twinsOf('agent2', 'call', consultB.id).map((r) => `${r.session}/${r.id}`), [`agent1/${consultA.id}`]);
  assert.deepEqual(lookup.relatedOf('agent1', mainA.id).map((r) => `${r.session}/${r.id}`), [`agent2/${consultB.id}`]);
  assert.equal(lookup.linkOf('agent2', 'call', consultB.id)?.resources.some((r) => r.id === mainA.id), false, 'related, not linked');
});
