// Runs in a real VS Code opened on a folder with a `.gws-demo` marker, as `npm run demo` does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { SimulatorStatus } from '../../../src/simulator/simulatorTypes';
import { extensionApi, waitFor } from '../extension/support';

suite('npm run demo workspace', function () {
  this.timeout(60_000);

  test('the .gws-demo marker activates the extension, which starts the demo simulator, connects and subscribes', async () => {
    const ext = vscode.extensions.getExtension('gws-tools.gws-notification-debugger');
    assert.ok(ext);
    await waitFor('activation by workspaceContains:.gws-demo', () => ext.isActive, 20_000);
    const { api } = await extensionApi();
    await waitFor('a connected demo session', () => api.sessions.live[0]?.state === 'connected', 30_000);
    assert.match(api.sessions.live[0].label, /^agent1@127\.0\.0\.1:\d+$/);
    assert.equal(api.sessions.live[0].serverName, 'Demo simulator');
    assert.deepEqual(api.sessions.live[0].topics.map((t) => t.channel), ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats']);
    // The journal's header names the server it recorded: the demo simulator on loopback.
    await api.sessions.live[0].connection.flush();
    const header = JSON.parse(readFileSync(api.sessions.live[0].journalPath, 'utf8').split('\n')[0]) as { server?: unknown };
    assert.match(String(header.server), /^http:\/\/127\.0\.0\.1:\d+$/);
    await waitFor('the first demo message (device login, 0.5 s into the script)', () => api.sessions.live[0].tracker.resourceCount > 0, 20_000);
    assert.equal(api.sessions.live[0].tracker.resources('device').length, 1);
  });

  test('it opens on the product: the GWS view shown, the connected root selected, the timeline on all traffic (issue 18.13)', async () => {
    const { api } = await extensionApi();
    const live = api.sessions.live[0];
    await waitFor('the GWS view shown with the live root selected', () => api.treeView().visible && api.treeView().selection.some((n) => n.type === 'session' && n.session === live), 20_000);
    await waitFor('the timeline', () => api.timelineWebview()?.sessionId === live.id, 20_000);
    assert.deepEqual(api.timelineWebview()?.scope, { kind: 'all' });
  });

  test('the script plays once, then the session stays connected and idle (looping is the gwsNotifications.demo.loop setting)', async () => {
    const { api } = await extensionApi();
    const live = api.sessions.live[0];
    const server = String((JSON.parse(readFileSync(live.journalPath, 'utf8').split('\n')[0]) as { server?: unknown }).server);
    const status = async () => ((await (await fetch(`${server}/sim/status`)).json()) as SimulatorStatus).scenarios.find((s) => s.user === 'agent1');
    // The workspace marker plays it at speed 20 (under 5 s); a looping demo is never done.
    await waitFor('the demo script to end', async () => (await status())?.done === true, 40_000);
    // The script on the demo's three topics is 42 messages (the extension suite's demo).
    await waitFor('its 42 messages tracked', () => live.tracker.messageCount >= 42, 10_000);
    await live.connection.flush();
    const count = live.tracker.messageCount;
    assert.equal(count, 42);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(live.tracker.messageCount, count, 'no message after the script ended');
    assert.equal(live.state, 'connected');
    assert.equal(vscode.workspace.getConfiguration('gwsNotifications').get('demo.loop'), false);
  });
});
