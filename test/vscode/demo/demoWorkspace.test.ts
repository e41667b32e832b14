// Runs in a real VS Code opened on a folder with a `.gws-demo` marker, as `npm run demo` does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
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
});
