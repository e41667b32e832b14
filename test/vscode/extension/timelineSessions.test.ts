// The timeline across sessions (issue 15 part 2) in the real VS Code: Open Timeline: All Sessions
// with two live sessions. Runs after sessions.test.ts; closes every session it opens.
import assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LiveSession } from '../../../src/session/liveSession';
import type { SimulatorProcess } from '../../../src/simulator/spawnSimulator';
import type { GwsTestApi } from '../../../src/extension/testApi';
import { extensionApi, groupRows, simStatus, startSimulator, waitFor } from './support';

/** A call of `session` the tree shows as linked to `user`'s (other open sessions may hold twins too). */
async function waitForLinked(api: GwsTestApi, session: LiveSession, user: string): Promise<ReturnType<typeof groupRows>[number]> {
  const find = () => groupRows(api, 'call', session).find((r) => r.description.includes(`also seen by ${user}`) && /\.linked/.test(String(api.tree.getTreeItem(r.node).contextValue)));
  await waitFor(`a linked call in ${session.label}`, () => find() !== undefined, 10_000);
  return find()!;
}

const USERS = ['agent1', 'agent2'];
const TOPICS = ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'];

suite('Timeline across sessions', function () {
  this.timeout(90_000);
  let sim: SimulatorProcess;
  let pair: LiveSession[] = [];

  suiteSetup(async () => {
    const { ext } = await extensionApi();
    sim = await startSimulator(ext, { scenario: 'team', speed: 0, users: USERS.map((user) => ({ user, password: 'secret' })) });
    const config = vscode.workspace.getConfiguration('gwsNotifications');
    const saved = (config.inspect<unknown[]>('servers')?.globalValue ?? []) as unknown[];
    await config.update('servers', [...saved, ...USERS.map((u) => ({ name: `Timeline ${u}`, url: sim.url, username: u, topics: TOPICS, auth: 'basic' }))], vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const { api } = await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    for (const s of pair) {
      const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === s);
      if (root) await vscode.commands.executeCommand('gwsNotifications.closeSession', root);
    }
    await sim?.stop();
  });

  test('Open Timeline: All Sessions shows every session merged, and is no one session for the commands', async () => {
    const { api } = await extensionApi();
    for (const u of USERS) {
      const asked = api.prompts.asked;
      api.prompts.answer('secret');
      assert.equal(await vscode.commands.executeCommand('gwsNotifications.connect', `Timeline ${u}`), true);
      assert.equal(api.prompts.asked, asked + 1, `the password of ${u} asked once (a new server entry stores none yet)`);
    }
    pair = USERS.map((u) => api.sessions.live.find((s) => s.serverName === `Timeline ${u}`)!);
    assert.ok(pair.every((s) => s?.state === 'connected'));
    await waitFor('the team scenario to finish', async () => (await simStatus(sim.url)).scenarios.filter((s) => USERS.includes(s.user)).every((s) => s.done), 30_000);
    await vscode.commands.executeCommand('gwsNotifications.openTimelineAllSessions');
    const shows = async (s: LiveSession) => {
      const rows = await api.timelineRows(s);
      return rows !== undefined && rows.scope.allSessions === true && rows.seqs.length === s.tracker.recordCount && rows.seqs.length > 0;
    };
    await waitFor('the panel to show every record of both sessions', async () => (await shows(pair[0])) && (await shows(pair[1])), 10_000);
    for (const s of api.sessions.all) assert.ok(await api.timelineRows(s), `the panel reads ${s.label} too`);
    assert.equal(api.choice.timeline, undefined, 'All sessions is no one session: commands go by the tree or ask');
    // A linked call's timeline with its twins: agent1's call and agent2's side of it, nothing else.
    const linked = await waitForLinked(api, pair[0], 'agent2');
    await vscode.commands.executeCommand('gwsNotifications.openTimelineWithTwins', linked.node);
    const id = linked.node.type === 'resource' ? linked.node.resourceId : '';
    await waitFor('the call with its twin', async () => (await api.timelineRows(pair[0]))?.scope.kind === 'resource' && (await api.timelineRows(pair[1])) !== undefined, 10_000);
    const own = (await api.timelineRows(pair[0]))!;
    assert.deepEqual(own.scope, { kind: 'resource', resourceKind: 'call', id, session: pair[0].id, allSessions: true });
    assert.equal(own.seqs.length, pair[0].tracker.seqsOf('call', id).length);
    const twinRows = (await api.timelineRows(pair[1]))!.seqs;
    assert.ok(twinRows.length > 0 && twinRows.length < pair[1].tracker.recordCount, `${twinRows.length} rows of agent2's side`);
    // Open Timeline on one session's root narrows the panel to it, and commands default to it again.
    const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === pair[1])!;
    await vscode.commands.executeCommand('gwsNotifications.openTimeline', root);
    await waitFor("the panel on agent2's traffic only", async () => (await api.timelineRows(pair[0])) === undefined && (await api.timelineRows(pair[1]))?.scope.allSessions !== true, 10_000);
    await waitFor('commands to default to the timeline again', () => api.choice.timeline === pair[1], 10_000);
  });
});
