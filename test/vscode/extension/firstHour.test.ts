// Issue 18 (the first hour), in the real VS Code: what a newcomer sees in the tree and the diff
// editor after opening a capture. Runs after extension.test.ts (file order) and leaves its live
// demo connection as it found it, for the UI pass: offline sessions and editors opened here are closed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { CaptureDirectory } from '../../../src/capture/captureDirectory';
import type { CaptureSession } from '../../../src/session/captureSession';
import type { OfflineSession } from '../../../src/session/offlineSession';
import { GwsTreeProvider } from '../../../src/extension/tree/gwsTreeProvider';
import type { SessionManager } from '../../../src/extension/sessionManager';
import type { GwsTestApi } from '../../../src/extension/testApi';
import type { ResourceNode, TreeNode } from '../../../src/extension/tree/treeNodes';
import { readServers } from '../../../src/extension/servers/serverSettings';
import { emit, extensionApi, waitFor } from './support';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const KNOWN = 'efelab32-53f9-43ce-b65e-5768c61f7d4a';
const UNKNOWN = '5f0c1d2e-0000-4000-8000-0000000893d9';
const at = (ms: number): string => new Date(T0 + ms).toISOString();

/** A 0.6 s capture, written long ago: a device, two ErrorMessages (one naming a device never seen), a call still ringing. */
function shortCapture(dir: string): string {
  const header = { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: at(0), server: 'http://127.0.0.1:8080', user: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices'], source: 'live', tool: { name: 'gws-notify', version: '0.1.0' } };
  const msg = (seq: number, ms: number, channel: string, data: unknown) => ({ kind: 'message', seq, receivedAt: at(ms), channel, data });
  const lines = [
    header,
    msg(1, 0, '/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: [{ id: KNOWN, deviceState: 'Active', userState: { state: 'Ready' }, phoneNumber: '5005' }] }),
    msg(2, 100, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: `http://127.0.0.1:8080/api/v2/devices/${UNKNOWN}` }),
    msg(3, 200, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: `http://127.0.0.1:8080/api/v2/devices/${KNOWN}`, errorMessage: 'Invalid Called Dn' }),
    msg(4, 600, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'RINGING-CALL', state: 'Ringing', participants: [], capabilities: ['Answer'] } }),
  ];
  const path = join(dir, 'short.ndjson');
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}

function item(api: GwsTestApi, node: TreeNode): vscode.TreeItem {
  return api.tree.getTreeItem(node);
}

function labelOf(i: vscode.TreeItem): string {
  return String(typeof i.label === 'string' ? i.label : i.label?.label);
}

function rows(api: GwsTestApi, session: CaptureSession, kind: string): Array<{ label: string; description: string; tooltip: string; node: TreeNode }> {
  const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === session)!;
  const group = api.tree.getChildren(root).find((n) => (n.type === 'group' && n.kind === kind) || (kind === 'topics' && n.type === 'topics'))!;
  return api.tree.getChildren(group).map((node) => {
    const i = item(api, node);
    return { label: labelOf(i), description: String(i.description ?? ''), tooltip: String(i.tooltip ?? ''), node };
  });
}

suite('issue 18: the first hour', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'gws-first-hour-'));

  test('Open Capture reveals and selects the new root above the live tree and opens its timeline on all traffic', async () => {
    const { api } = await extensionApi();
    const opened = (await vscode.commands.executeCommand('gwsNotifications.openCapture', shortCapture(dir))) as OfflineSession | undefined;
    assert.ok(opened, 'the capture opened');
    try {
      const roots = api.tree.getChildren();
      assert.equal(roots[0].type === 'session' && roots[0].session, opened, 'the opened capture is the first root, above the live tree');
      await waitFor('the new root selected', () => api.treeView().selection.some((n) => n.type === 'session' && n.session === opened), 10_000);
      await waitFor('its timeline', () => api.timelineWebview()?.sessionId === opened.id, 10_000);
      assert.deepEqual(api.timelineWebview()?.scope, { kind: 'all' });

      // Issue 18.5: an offline capture's "now" is its last record, not the wall clock (this file is from 2024).
      const call = rows(api, opened, 'call').find((r) => (r.node as ResourceNode).resourceId === 'RINGING-CALL')!;
      assert.match(call.tooltip, /Ringing {2}\(0 ms \(open at capture end\)\)/);
      const device = rows(api, opened, 'device');
      assert.equal(device.length, 1);
      assert.match(device[0].tooltip, /Ready {2}\(600 ms \(open at capture end\)\)/);

      // Issue 18.6: errors named by their text or their device; no stateless device for the unknown one.
      assert.deepEqual(device.map((d) => (d.node as ResourceNode).resourceId), [KNOWN], 'the unknown device is not in Devices');
      assert.deepEqual(rows(api, opened, 'error').map((r) => [r.label, r.description]), [
        ['ErrorMessage (no text) → device …00000893d9', 'record #2'],
        ['Invalid Called Dn', 'record #3'],
      ]);
      assert.match(device[0].tooltip, /1 linked error$/, 'the error naming the known device is linked to it');

      // Issue 18.14: plural forms.
      assert.deepEqual(rows(api, opened, 'topics').map((r) => [r.label, r.description]), [['/v2/me/calls', '1 message'], ['/v2/me/devices', '3 messages']]);
    } finally {
      api.sessions.closeOffline(opened);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('a group the user works in is not re-sorted: an ended call stays in place until the hold ends', async () => {
    const { api } = await extensionApi();
    const live = api.sessions.live[0];
    const url = readServers().find((s) => s.name === 'UI demo')!.url;
    const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === live)!;
    const group = api.tree.getChildren(root).find((n) => n.type === 'group' && n.kind === 'call')!;
    const order = () => api.tree.getChildren(group).map((n) => (n as ResourceNode).resourceId);
    await emit(url, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'HOLD-ORDER', state: 'Ringing' } });
    await waitFor('the new call', () => order().includes('HOLD-ORDER'));
    assert.ok(order().indexOf('HOLD-ORDER') < order().length - 1, 'a live call sorts above the ended ones');
    // What the view's selection and expansion events call (VS Code reports no hover over tree items).
    api.tree.noteInteraction([group]);
    const held = order();
    const refreshed: unknown[] = [];
    const sub = api.tree.onDidChangeTreeData((e) => refreshed.push(...(Array.isArray(e) ? e : [e])));
    try {
      await emit(url, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'HOLD-ORDER', state: 'Released' } });
      await waitFor('the call to end', () => live.tracker.get('call', 'HOLD-ORDER')?.ended === true);
      assert.deepEqual(order(), held, 'no row moves while the group is held');
      await waitFor('the queued re-sort', () => order().at(-1) === 'HOLD-ORDER', 10_000);
      assert.ok(refreshed.includes(group) || refreshed.includes(undefined), 'the group was refreshed when the hold ended');
    } finally {
      sub.dispose();
    }
  });

  test('Recent Captures with none says "No captures yet"', async () => {
    const sessions = { all: [], onDidChangeSessions: () => ({ dispose() {} }), onDidChangeSession: () => ({ dispose() {} }) } as unknown as SessionManager;
    const tree = new GwsTreeProvider(sessions, new CaptureDirectory(mkdtempSync(join(tmpdir(), 'gws-no-captures-'))));
    try {
      const recent: TreeNode = { type: 'recent', id: 'recent' };
      const changed = new Promise<void>((resolve) => tree.onDidChangeTreeData(() => resolve()));
      tree.getChildren(recent);
      await changed;
      assert.deepEqual(tree.getChildren(recent).map((n) => labelOf(tree.getTreeItem(n))), ['No captures yet']);
    } finally {
      tree.dispose();
    }
  });

  test('Diff with Previous State shows both sides normalized as the keyed diff, and says so in the first line', async () => {
    const { api } = await extensionApi();
    const live = api.sessions.live[0];
    const capture = join(dir, 'reordered.ndjson');
    const header = { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: at(0), server: 'http://127.0.0.1:8080', user: 'agent1', topics: ['/v2/me/calls'], source: 'live', tool: { name: 'gws-notify', version: '0.1.0' } };
    const call = (seq: number, capabilities: string[], participants: unknown[]) => ({ kind: 'message', seq, receivedAt: at(seq), channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'C', state: 'Established', capabilities, participants } } });
    const p1 = { participantId: 'P1', nickname: 'Ann' };
    const p2 = { participantId: 'P2', nickname: 'Bob' };
    writeFileSync(capture, [header, call(1, ['Hold', 'Hangup', 'Transfer', 'Mute'], [p2, p1]), call(2, ['Mute', 'Transfer', 'Hangup', 'Hold', 'Conference'], [p1, p2])].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const opened = (await vscode.commands.executeCommand('gwsNotifications.openCapture', capture)) as OfflineSession;
    try {
      const node = rows(api, opened, 'call')[0].node;
      await vscode.commands.executeCommand('gwsNotifications.showDiff', node);
      await waitFor('a diff tab', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 5000);
      const input = vscode.window.tabGroups.activeTabGroup.activeTab!.input as vscode.TabInputTextDiff;
      const left = (await vscode.workspace.openTextDocument(input.original)).getText().split('\n');
      const right = (await vscode.workspace.openTextDocument(input.modified)).getText().split('\n');
      for (const side of [left, right]) assert.match(side[0], /^\/\/ Normalized like the timeline's diff: capabilities sorted; participants .* ordered by key/);
      const body = (lines: string[]) => JSON.parse(lines.slice(1).join('\n')) as { capabilities: string[]; participants: Array<{ participantId: string }> };
      assert.deepEqual(body(left).capabilities, ['Hangup', 'Hold', 'Mute', 'Transfer']);
      assert.deepEqual(body(right).capabilities, ['Conference', 'Hangup', 'Hold', 'Mute', 'Transfer']);
      assert.deepEqual(body(left).participants.map((p) => p.participantId), ['P1', 'P2']);
      // One capability gained: the two documents differ by exactly that line.
      const removed = left.filter((l) => !right.includes(l));
      const added = right.filter((l) => !left.includes(l));
      assert.deepEqual([removed, added.map((l) => l.trim())], [[], ['"Conference",']]);
    } finally {
      api.sessions.closeOffline(opened);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.ok(api.sessions.live.length === 1 && live === api.sessions.live[0], 'the live session is left as it was');
    }
  });
});
