// Several sessions at once (issue 15) and Export from the palette (issue 18.9), in the real VS Code.
// Runs after extension.test.ts, whose last suite leaves the "UI demo" session up for the UI checks:
// this file closes every session it opens and must leave that one untouched.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { GwsTestApi } from '../../../src/extension/testApi';
import type { LinkedResource } from '../../../src/links/resourceLinks';
import type { CaptureSession } from '../../../src/session/captureSession';
import type { LiveSession } from '../../../src/session/liveSession';
import type { SimulatorProcess } from '../../../src/simulator/spawnSimulator';
import type { TreeNode } from '../../../src/extension/tree/treeNodes';
import { extensionApi, groupRows, itemLabel, simStatus, startSimulator, waitFor } from './support';

const TEAM = ['agent1', 'agent2', 'supervisor1'];
const TOPICS = ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'];

/** The tree's root for `session`. */
function rootOf(api: GwsTestApi, session: CaptureSession): TreeNode {
  const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === session);
  assert.ok(root, `no root for ${session.label}`);
  return root;
}

/** The id of `session`'s call whose latest state has `callType`. */
async function callOfType(session: LiveSession, callType: string): Promise<string | undefined> {
  for (const r of session.tracker.resources('call')) {
    const seq = session.latestStateSeq('call', r.id);
    const state = seq === undefined ? undefined : ((await session.stateAt('call', r.id, seq)) as { callType?: string } | undefined);
    if (state?.callType === callType) return r.id;
  }
  return undefined;
}

suite('Several sessions at once', function () {
  this.timeout(90_000);
  let sim: SimulatorProcess;
  let team: LiveSession[] = [];
  const opened: CaptureSession[] = [];
  let uiDemo: LiveSession | undefined;

  /** A ringing call `id` delivered to `user`'s sessions only. */
  async function emitTo(user: string, id: string): Promise<void> {
    const res = await fetch(`${sim.url}/sim/emit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state: 'Ringing' } } }) });
    assert.equal(res.status, 200);
  }

  suiteSetup(async () => {
    const { ext, api } = await extensionApi();
    uiDemo = api.sessions.active.at(-1);
    // As fast as possible: every user's part ends in the same final states whatever the speed.
    sim = await startSimulator(ext, { scenario: 'team', speed: 0, users: TEAM.map((user) => ({ user, password: 'secret' })) });
    const config = vscode.workspace.getConfiguration('gwsNotifications');
    const saved = (config.inspect<unknown[]>('servers')?.globalValue ?? []) as unknown[];
    const entry = (name: string, username: string) => ({ name, url: sim.url, username, topics: TOPICS, auth: 'basic' });
    await config.update('servers', [...saved, entry('Team agent1', 'agent1'), entry('Team agent2', 'agent2'), entry('Team agent2, second tab', 'agent2'), entry('Nobody', 'agent9')], vscode.ConfigurationTarget.Global);
    // Names of saved servers and an entry of its own, as the setting allows.
    await config.update('connectionSets', [{ name: 'Transfer test', connections: ['Team agent1', 'Team agent2', { name: 'Team supervisor1', url: sim.url, username: 'supervisor1', topics: TOPICS }] }], vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const { api } = await extensionApi();
    for (const s of opened) if (api.sessions.all.includes(s)) await vscode.commands.executeCommand('gwsNotifications.closeSession', rootOf(api, s));
    await sim?.stop();
    // Reveal showed the GWS view; the UI pass opens it by a click, which would hide it again.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  test('Connect Connection Set connects the team: three roots, and the transferred call linked on both agents', async () => {
    const { api } = await extensionApi();
    const asked = api.prompts.asked;
    for (let i = 0; i < 3; i++) api.prompts.answer('secret');
    assert.equal(await vscode.commands.executeCommand('gwsNotifications.connectSet', 'Transfer test'), 3);
    assert.equal(api.prompts.asked, asked + 3, 'each password asked once (none stored yet)');
    const port = new URL(sim.url).port;
    team = TEAM.map((user) => api.sessions.live.find((s) => s.label === `${user}@127.0.0.1:${port}`)!);
    assert.ok(team.every(Boolean), api.sessions.live.map((s) => s.label).join(', '));
    opened.push(...team);
    assert.deepEqual(team.map((s) => s.state), ['connected', 'connected', 'connected']);
    const roots = api.tree.getChildren().filter((n) => n.type === 'session').map((n) => itemLabel(api, n));
    for (const s of team) assert.ok(roots.includes(s.label), roots.join(' | '));
    if (uiDemo) assert.equal(uiDemo.state, 'connected', 'the session already up is untouched');
    await waitFor('every part of the team scenario to finish', async () => (await simStatus(sim.url)).scenarios.filter((s) => TEAM.includes(s.user)).every((s) => s.done), 30_000);
    const [agent1, agent2] = team;
    // Agent1 consulted agent2: the consult call has the same callUuid on both sides, each its own id.
    await waitFor('both consult legs', async () => (await callOfType(agent1, 'Consult')) !== undefined && (await callOfType(agent2, 'Consult')) !== undefined);
    const a = (await callOfType(agent1, 'Consult'))!;
    const b = (await callOfType(agent2, 'Consult'))!;
    assert.notEqual(a, b);
    const row = (session: LiveSession, id: string) => groupRows(api, 'call', session).find((r) => r.node.type === 'resource' && r.node.resourceId === id);
    await waitFor('the link on both sides of the tree', () => /also seen by agent2: Released/.test(row(agent1, a)?.description ?? '') && /also seen by agent1: Released/.test(row(agent2, b)?.description ?? ''));
    assert.match(String(api.tree.getTreeItem(row(agent1, a)!.node).contextValue), /^resource\.call\.linked\.live$/);
    // Agent1's customer call is seen by supervisor1 (monitoring), and agent2's leg took its connId: related, not linked.
    const mainCall = () => groupRows(api, 'call', agent1).some((r) => /also seen by supervisor1: Released/.test(r.description) && /related: agent2's call/.test(r.description));
    await waitFor("agent1's customer call linked to supervisor1 and related to agent2's leg", mainCall);
    const twin = (await vscode.commands.executeCommand('gwsNotifications.revealLinked', row(agent1, a)!.node)) as LinkedResource | undefined;
    assert.deepEqual(twin && { session: twin.session, id: twin.id }, { session: agent2.id, id: b });
  });

  test('a session that fails (wrong password) fails alone and says why on its root; a second session of one user is #2', async () => {
    const { api } = await extensionApi();
    const before = team.map((s) => s.tracker.messageCount);
    api.prompts.answer('not-the-password');
    assert.equal(await vscode.commands.executeCommand('gwsNotifications.connect', 'Nobody'), false);
    const failed = api.sessions.live.find((s) => s.serverName === 'Nobody')!;
    opened.push(failed);
    await waitFor('the failure on its root', () => failed.state === 'error');
    const item = api.tree.getTreeItem(rootOf(api, failed));
    assert.equal(item.description, 'error · wrong user name or password');
    assert.match(String(item.tooltip), /HTTP 401/);
    assert.deepEqual(team.map((s) => s.state), ['connected', 'connected', 'connected'], 'the others keep running');
    // Same user, another saved entry: the stored password, a session of its own beside the first.
    const asked = api.prompts.asked;
    assert.equal(await vscode.commands.executeCommand('gwsNotifications.connect', 'Team agent2, second tab'), true);
    assert.equal(api.prompts.asked, asked, 'the stored password of agent2 served');
    const second = api.sessions.live.find((s) => s.serverName === 'Team agent2, second tab')!;
    opened.push(second);
    assert.equal(second.label, `${team[1].label} #2`);
    assert.deepEqual(team.map((s, i) => s.tracker.messageCount - before[i]), [0, 0, 0]);
    // Closing sessions leaves the others' journals alone: same bytes, and they still record.
    await Promise.all(team.map((s) => s.connection.flush()));
    const sizes = team.map((s) => statSync(s.journalPath).size);
    for (const s of [failed, second]) await vscode.commands.executeCommand('gwsNotifications.closeSession', rootOf(api, s));
    assert.ok(!api.sessions.all.includes(failed) && !api.sessions.all.includes(second));
    await Promise.all(team.map((s) => s.connection.flush()));
    assert.deepEqual(team.map((s) => statSync(s.journalPath).size), sizes);
    await emitTo('agent2', 'after-close');
    await waitFor("agent2's session still recording", () => team[1].tracker.get('call', 'after-close') !== undefined);
    assert.equal(team[0].tracker.get('call', 'after-close'), undefined, "agent2's message reaches agent2's session only");
  });

  test('Pause View pauses the chosen session only: its tree freezes and counts, the others keep refreshing', async () => {
    const { api } = await extensionApi();
    const [agent1, agent2] = team;
    const fired: Array<TreeNode | 'all'> = [];
    const sub = api.tree.onDidChangeTreeData((e) => fired.push(...(e === undefined ? ['all' as const] : Array.isArray(e) ? e : [e])));
    const seen = () => JSON.stringify(fired.map((n) => (n === 'all' ? n : `${'session' in n ? n.session.label : ''} ${n.id}`)));
    try {
      await vscode.commands.executeCommand('gwsNotifications.pauseView', rootOf(api, agent1));
      assert.deepEqual(api.tree.pause.ids, [agent1.id]);
      // Pausing refreshes the root once, to say so (or the whole tree, when the closings above are
      // still pending in the same coalesced refresh); counting starts after that.
      await waitFor("agent1's root to say it is paused", () => fired.includes(rootOf(api, agent1)) || fired.includes('all'));
      assert.match(String(api.tree.getTreeItem(rootOf(api, agent1)).description), /view paused/);
      fired.length = 0;
      const unseen = api.tree.unseenCount;
      await emitTo('agent1', 'paused-a1');
      await waitFor("agent1's capture to go on", () => agent1.tracker.get('call', 'paused-a1') !== undefined);
      // Any refresh of agent1 would come in the flush that carries agent2's later message, or before it.
      await emitTo('agent2', 'live-a2');
      await waitFor("agent2's tree to refresh", () => fired.some((n) => n !== 'all' && 'session' in n && n.session === agent2)).catch((err: Error) => assert.fail(`${err.message}; refreshed: ${seen()}; agent2 has live-a2: ${agent2.tracker.get('call', 'live-a2') !== undefined}`));
      assert.ok(!fired.some((n) => n === 'all' || ('session' in n && n.session === agent1)), `no refresh of the paused session: ${seen()}`);
      assert.equal(api.tree.unseenCount, unseen + 1);
    } finally {
      sub.dispose();
    }
    await vscode.commands.executeCommand('gwsNotifications.resumeView', rootOf(api, agent1));
    assert.deepEqual(api.tree.pause.ids, []);
    assert.ok(groupRows(api, 'call', agent1).some((r) => r.node.type === 'resource' && r.node.resourceId === 'paused-a1'));
  });

  test('Start Demo Simulator plays the team: agent1, agent2 and supervisor1 connected at once', async () => {
    const { api } = await extensionApi();
    const asked = api.prompts.asked;
    assert.equal(await vscode.commands.executeCommand('gwsNotifications.startDemo', 'team'), true);
    const demo = api.sessions.live.filter((s) => s.serverName.startsWith('Team demo: '));
    opened.push(...demo);
    assert.deepEqual(demo.map((s) => [s.user, s.state]), TEAM.map((user) => [user, 'connected']));
    assert.equal(api.prompts.asked, asked, 'the demo users need no password');
    for (const s of demo) rootOf(api, s);
  });

  test("Export from the palette defaults to the active timeline's session, names it, and offers the timeline's current filter", async () => {
    const { api } = await extensionApi();
    const supervisor = team[2];
    // The tree's selection is agent2's call (revealed above); the timeline panel shows supervisor1's traffic.
    await vscode.commands.executeCommand('gwsNotifications.openTimeline', rootOf(api, supervisor));
    await waitFor('the timeline panel to be the active editor on supervisor1', () => api.choice.peek(api.sessions.all) === supervisor, 10_000);
    const picks = api.prompts.picks.length;
    // No answer queued: the first QuickPick is recorded, then cancelled.
    await vscode.commands.executeCommand('gwsNotifications.exportCapture');
    const shown = api.prompts.picks.slice(picks);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0].title, `Export ${supervisor.label}: what`);
    assert.ok(shown[0].items.includes("The timeline's current filter"), shown[0].items.join(' | '));
    assert.ok(shown[0].items.includes('Everything'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
