// Runs inside the real VS Code extension host against the GWS simulator in its own process.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { SimulatorProcess } from '../../../src/simulator/spawnSimulator';
import type { ResourceNode } from '../../../src/extension/tree/treeNodes';
import { readServers } from '../../../src/extension/servers/serverSettings';
import { findSecretReach, describeFindings } from '../exportsWalk';
import { connectTo, countChildren, current, emit, extensionApi, gc, groupRows, saveServer, simStatus, startSimulator, topicRows, waitFor } from './support';

const DEVICE = 'fbf6e25b-e549-436d-affc-312dd4a17d56';
const C1 = '013V08JRL498H10I04000VTAESEMRLEA';
const C4 = '013V08JRL498H10I04000VTAESA1CRVR';
const H1 = '0000t7PRTDZt8n8';
const H2 = '0000rJtCs2Z5xog';
/** agent2 only logs in (the demo plays for agent1); its password changes in the wrong-password test. */
const users = (agent2: string) => [{ user: 'agent1', password: 'secret' }, { user: 'agent2', password: agent2 }];
/** Classes that hold or reach a stored secret: the test API must reach none of them. */
const SECRET_HOLDERS = ['CredentialStore', 'ConnectionController', 'GwsLog', 'CertificatePins'];

suite('GWS Notification Debugger in VS Code', function () {
  this.timeout(60_000);
  let sim: SimulatorProcess;
  let quiet: SimulatorProcess;

  suiteSetup(async () => {
    const { ext } = await extensionApi();
    // Speed 10 (8.8 s): the scenario starts at the first subscribe, and chats, subscribed by command
    // a moment after connecting, must not miss their first messages (5.3 s in).
    sim = await startSimulator(ext, { scenario: 'demo', speed: 10, users: users('agent2-old') });
    // Connecting twice to the demo would start its scenario before the session that records it.
    quiet = await startSimulator(ext, { scenario: 'none' });
    await saveServer(sim.url, 'Test GWS', undefined, [{ name: 'Quiet GWS', url: quiet.url, username: 'agent1' }, { name: 'Second user', url: sim.url, username: 'agent2' }]);
  });

  suiteTeardown(() => {
    // The last test leaves a connection up for the Playwright UI checks; the simulator process ends
    // with the extension host.
  });

  test('connects with the password stored in SecretStorage, without asking', async () => {
    const { api } = await extensionApi();
    assert.equal(readServers().find((s) => s.name === 'Quiet GWS')?.url, quiet.url);
    const asked = api.prompts.asked;
    api.prompts.answer('secret');
    assert.equal(await connectTo('Quiet GWS'), true);
    assert.equal(api.prompts.asked, asked + 1, 'the first connect asks for the password');
    assert.equal(api.prompts.pending, 0);
    await vscode.commands.executeCommand('gwsNotifications.disconnect');
    assert.equal(current(api)?.state, 'disconnected');
    assert.equal(await connectTo('Quiet GWS'), true, 'the stored password connects');
    assert.equal(api.prompts.asked, asked + 1, 'the second connect does not ask');
    assert.equal(current(api)?.state, 'connected');
    assert.equal(current(api)?.user, 'agent1');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('gwsNotifications').get('servers')).includes('secret'), 'the password is not in settings');
    await vscode.commands.executeCommand('gwsNotifications.disconnect');
    await quiet.stop();
    // The demo server for the rest of the suite: asked once, then stored.
    api.prompts.answer('secret');
    assert.equal(await connectTo('Test GWS'), true);
    assert.equal(api.prompts.pending, 0);
  });

  test('the test API reaches no secret store, credential store, connection controller, log or context', async () => {
    const { api } = await extensionApi();
    assert.ok(current(api), 'walked with a live connection in it');
    const found = findSecretReach(api, { names: false, forbiddenClasses: SECRET_HOLDERS });
    assert.equal(found.length, 0, describeFindings(found));
  });

  test('the connection runs in its own process: no window global in the extension host', async () => {
    const { api } = await extensionApi();
    assert.equal((globalThis as { window?: unknown }).window, undefined);
    assert.notEqual(current(api)!.connection.pid, process.pid);
  });

  test('Subscribe to Topic fills the tree with the demo chats, calls and devices in their final states', async () => {
    const { api } = await extensionApi();
    await vscode.commands.executeCommand('gwsNotifications.subscribe', '/v2/me/chats');
    await waitFor('the demo to finish', async () => (await simStatus(sim.url)).scenarios[0]?.done === true, 30_000);
    await waitFor('all demo messages tracked', () => current(api)!.tracker.messageCount >= 42);
    assert.deepEqual(topicRows(api), ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats']);
    const calls = groupRows(api, 'call');
    const call = (id: string) => calls.find((r) => (r.node as ResourceNode).resourceId === id);
    assert.equal(call(C4)?.description, 'Established');
    assert.equal(call(C1)?.description, 'Released');
    assert.equal((calls.at(-1)!.node as ResourceNode).ended, true, 'ended calls are sorted last');
    assert.equal((calls[0].node as ResourceNode).resourceId, C4, 'the live call comes first');
    const devices = groupRows(api, 'device');
    assert.equal(devices.length, 1);
    assert.match(devices[0].label, /5005/);
    assert.equal(devices[0].description, 'Ready (Active)');
    assert.equal((devices[0].node as ResourceNode).resourceId, DEVICE);
    const chats = groupRows(api, 'chat');
    const chat = (id: string) => chats.find((r) => (r.node as ResourceNode).resourceId === id);
    assert.equal(chat(H1)?.description, 'Completed');
    assert.equal(chat(H2)?.description, 'Chatting');
    assert.equal(groupRows(api, 'error').length, 1);
  });

  test('Unsubscribe stops a topic; the others keep flowing', async () => {
    const { api } = await extensionApi();
    const live = current(api)!;
    await vscode.commands.executeCommand('gwsNotifications.unsubscribe', '/v2/me/chats');
    assert.deepEqual(topicRows(api), ['/v2/me/calls', '/v2/me/devices']);
    await new Promise((r) => setTimeout(r, 300));
    const before = live.tracker.messageCount;
    await emit(sim.url, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', chat: { id: 'after-unsubscribe', state: 'Chatting' } });
    await emit(sim.url, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'marker-call', state: 'Ringing' } });
    await waitFor('the calls marker', () => live.tracker.get('call', 'marker-call') !== undefined);
    assert.equal(live.tracker.messageCount, before + 1);
    assert.equal(live.tracker.get('chat', 'after-unsubscribe'), undefined);
  });

  test('Pause View freezes the tree and counts what arrives; Resume View shows it', async () => {
    const { api } = await extensionApi();
    const live = current(api)!;
    let refreshes = 0;
    const sub = api.tree.onDidChangeTreeData(() => refreshes++);
    try {
      await vscode.commands.executeCommand('gwsNotifications.pauseView');
      assert.equal(api.tree.paused, true);
      await new Promise((r) => setTimeout(r, 400));
      refreshes = 0;
      for (let i = 0; i < 3; i++) await emit(sim.url, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: `paused-${i}`, state: 'Ringing' } });
      await waitFor('capture to go on while paused', () => live.tracker.get('call', 'paused-2') !== undefined);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(refreshes, 0, 'no tree refresh while paused');
      assert.ok(api.tree.unseenCount >= 3, `unseen ${api.tree.unseenCount}`);
      await vscode.commands.executeCommand('gwsNotifications.resumeView');
      await waitFor('a refresh after resume', () => refreshes > 0, 3000);
      assert.ok(groupRows(api, 'call').some((r) => (r.node as ResourceNode).resourceId === 'paused-2'));
    } finally {
      sub.dispose();
    }
  });

  test('Diff with Previous State opens a diff editor with both sides', async () => {
    const { api } = await extensionApi();
    const node = groupRows(api, 'call').find((r) => (r.node as ResourceNode).resourceId === C1)!.node;
    await vscode.commands.executeCommand('gwsNotifications.showDiff', node);
    await waitFor('a diff tab', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 5000);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab!.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'gws-state');
    // Both sides start with one comment line saying how they are normalized (firstHour.test.ts).
    const left = JSON.parse((await vscode.workspace.openTextDocument(input.original)).getText().replace(/^\/\/.*\n/, ''));
    const right = JSON.parse((await vscode.workspace.openTextDocument(input.modified)).getText().replace(/^\/\/.*\n/, ''));
    assert.equal(left.id, C1);
    assert.equal(left.state, 'Established');
    assert.equal(right.state, 'Released');
    assert.ok(left.capabilities.includes('Hangup') && !right.capabilities.includes('Hangup'), 'capabilities follow the state');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the timeline webview may load only its bundle folder and media/, and what it loads is there', async () => {
    const { ext, api } = await extensionApi();
    await vscode.commands.executeCommand('gwsNotifications.openTimeline');
    await waitFor('the timeline panel', () => api.timelineWebview() !== undefined, 5000);
    const view = api.timelineWebview()!;
    const roots = [vscode.Uri.joinPath(ext.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(ext.extensionUri, 'media')];
    assert.deepEqual(view.localResourceRoots, roots.map((u) => u.toString()), 'not dist/ as a whole: extension.js and connection.js stay out of reach');
    const loaded = [...view.html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => decodeURIComponent(new URL(m[1]).pathname));
    assert.ok(loaded.some((p) => p.endsWith('/dist/webview/webview.js')) && loaded.some((p) => p.endsWith('/media/timeline.css')), loaded.join(' '));
    for (const path of loaded) {
      assert.ok(roots.some((r) => path.startsWith(`${r.fsPath}/`)), `${path} lies outside the resource roots`);
      assert.ok(existsSync(path), `${path} is missing`);
    }
    // The tab model follows the workbench a moment later; the tab API prefixes the view type.
    const timelineTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gwsNotifications.timeline'));
    await waitFor('the panel as a tab', () => timelineTab() !== undefined, 5000);
    const tab = timelineTab()!;
    await vscode.window.tabGroups.close(tab);
  });

  test('a simulator restart gives a reconnect with a gap, and the tree is right again', async () => {
    const { ext, api } = await extensionApi();
    const live = current(api)!;
    const port = Number(new URL(sim.url).port);
    sim.child.kill('SIGKILL');
    await waitFor('the outage to show', () => live.state === 'reconnecting', 20_000);
    sim = await startSimulator(ext, { scenario: 'demo', speed: 0, port, users: users('agent2-old') });
    await waitFor('a gap record', () => live.tracker.recordCount > 0 && [...Array(live.tracker.recordCount).keys()].some((i) => live.tracker.recordAt(i)?.rec === 'gap'), 30_000);
    await waitFor('connected again', () => live.state === 'connected', 20_000);
    await waitFor('the replayed demo to finish', async () => (await simStatus(sim.url)).scenarios[0]?.done === true, 30_000);
    await waitFor('the tree to settle', () => groupRows(api, 'call').find((r) => (r.node as ResourceNode).resourceId === C4)?.description === 'Established');
    // Resources the restarted server no longer lists were ended by the REST snapshot.
    const gone = groupRows(api, 'call').filter((r) => r.description.includes('gone after reconnect'));
    assert.ok(gone.length >= 1, JSON.stringify(groupRows(api, 'call').map((r) => r.description)));
  });

  test('Open Capture… shows a capture file as an offline session with the same resources', async () => {
    const { api } = await extensionApi();
    const live = current(api)!;
    await live.connection.flush();
    const opened = (await vscode.commands.executeCommand('gwsNotifications.openCapture', live.journalPath)) as { label: string; tracker: { resourceCount: number; messageCount: number } } | undefined;
    assert.ok(opened, 'the capture opened');
    assert.equal(api.sessions.offline.length, 1);
    assert.match(opened.label, /^offline: .*\.ndjson$/);
    assert.equal(opened.tracker.messageCount, live.tracker.messageCount);
    assert.equal(opened.tracker.resourceCount, live.tracker.resourceCount);
    const roots = api.tree.getChildren().map((n) => String(api.tree.getTreeItem(n).label));
    assert.ok(roots.includes(opened.label), roots.join(' | '));
    assert.match(String(api.tree.getTreeItem(api.tree.getChildren().find((n) => n.type === 'session' && n.session.kind === 'offline')!).description), /^offline · agent1$/);
  });

  test('Import HAR… opens the GWS traffic of a browser HAR as an offline session', async () => {
    const { ext, api } = await extensionApi();
    const har = `${ext.extensionPath}/test/fixtures/har/wwe-session.har`;
    const session = (await vscode.commands.executeCommand('gwsNotifications.importHar', har)) as { label: string; tracker: { messageCount: number } } | undefined;
    assert.ok(session);
    assert.equal(session.tracker.messageCount, 11);
    assert.equal(api.sessions.offline.length, 2);
    const journal = readFileSync((session as unknown as { journalPath: string }).journalPath, 'utf8');
    for (const secret of ['FAKE-SESSION-0001', 'FAKE-CSRF-TOKEN-0002', 'FAKE-BAYEUX-BROWSER-0003', 'YWdlbnQxOkZBS0UtUEFTU1dPUkQtOTk5']) {
      assert.ok(!journal.includes(secret), `${secret} from the HAR must not reach the capture`);
    }
    for (const offline of [...api.sessions.offline]) api.sessions.closeOffline(offline);
    assert.equal(api.sessions.offline.length, 0);
  });

  test('a wrong password gives the specific error, and the wrong secret is not kept', async () => {
    const { ext, api } = await extensionApi();
    await vscode.commands.executeCommand('gwsNotifications.disconnect');
    const asked = api.prompts.asked;
    api.prompts.answer('agent2-old');
    assert.equal(await connectTo('Second user'), true);
    await vscode.commands.executeCommand('gwsNotifications.disconnect');
    // The password changes on the server: the stored one is now wrong.
    const port = Number(new URL(sim.url).port);
    await sim.stop();
    sim = await startSimulator(ext, { scenario: 'demo', speed: 0, port, users: users('agent2-new') });
    assert.equal(await connectTo('Second user'), false);
    assert.equal(api.prompts.asked, asked + 1, 'the stored password was tried, not asked for');
    const live = current(api)!;
    assert.equal(live.failure?.code, 'auth-failed');
    assert.match(live.failure!.message, /HTTP 401/);
    assert.ok(!readFileSync(live.journalPath, 'utf8').includes('agent2-old'));
    api.prompts.answer('agent2-new');
    assert.equal(await connectTo('Second user'), true);
    assert.equal(api.prompts.asked, asked + 2, 'asked again: the refused password was not kept');
    await vscode.commands.executeCommand('gwsNotifications.disconnect');
  });

  test('connect and disconnect 100 times leaks no process, handle, listener or memory', async function () {
    this.timeout(300_000);
    const { api } = await extensionApi();
    const asked = api.prompts.asked;
    // A disconnected connection process takes a moment to exit: count once the number holds still for 1 s.
    const children = async (): Promise<number> => {
      let last = countChildren();
      for (let stable = 0, waited = 0; stable < 10 && waited < 150; waited++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = countChildren();
        stable = now === last ? stable + 1 : 0;
        last = now;
      }
      return last;
    };
    const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const heap = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const cycle = async (): Promise<void> => {
      assert.equal(await connectTo('Test GWS'), true);
      await vscode.commands.executeCommand('gwsNotifications.disconnect');
      api.sessions.close(current(api)!);
    };
    for (let i = 0; i < 5; i++) await cycle(); // warm up caches and lazy modules
    await new Promise((r) => setTimeout(r, 500));
    const before = { children: await children(), handles: handles(), heap: heap() };
    for (let i = 0; i < 100; i++) await cycle();
    await new Promise((r) => setTimeout(r, 1000));
    const after = { children: await children(), handles: handles(), heap: heap() };
    console.log(`leak check: ${JSON.stringify({ before, after })}`);
    // A leak is growth; a child of an earlier test that ended meanwhile is not one.
    assert.ok(after.children <= before.children, `connection processes ${before.children} -> ${after.children}`);
    assert.ok(after.handles <= before.handles + 3, `active resources ${before.handles} -> ${after.handles}`);
    assert.ok(after.heap - before.heap < 8 * 1024 * 1024, `heap grew ${(after.heap - before.heap) / 1024} KB`);
    assert.equal(api.prompts.asked, asked, 'the stored password served all 105 connects');
  });
});

suite('state left for the UI checks', function () {
  this.timeout(60_000);
  test('connects to a finished demo so the UI pass can read the tree', async () => {
    const { ext, api } = await extensionApi();
    // The UI pass reads one session's tree: the stopped roots of the tests above go.
    for (const s of [...api.sessions.all]) api.sessions.close(s);
    const sim = await startSimulator(ext, { scenario: 'demo', speed: 0 });
    await saveServer(sim.url, 'UI demo', ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats']);
    api.prompts.answer('secret');
    assert.equal(await connectTo('UI demo'), true);
    await waitFor('the demo to finish', async () => (await simStatus(sim.url)).scenarios[0]?.done === true, 30_000);
    await waitFor('42 messages', () => current(api)!.tracker.messageCount >= 42);
  });
});
