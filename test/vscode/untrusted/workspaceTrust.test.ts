// Runs in a real VS Code launched WITHOUT --disable-workspace-trust, on a folder whose
// .vscode/settings.json names a GWS server (a trap that records every request it gets).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { readConnectionSets } from '../../../src/extension/servers/connectionSets';
import { readServers } from '../../../src/extension/servers/serverSettings';
import { connectTo, extensionApi, saveServer, startSimulator } from '../extension/support';

suite('untrusted workspace', function () {
  this.timeout(30_000);

  test('server settings and connection sets from the workspace are ignored and a stored password never reaches their URL', async () => {
    const port = Number(process.env.GWS_TRAP_PORT);
    assert.ok(port > 0, 'GWS_TRAP_PORT is set by the launcher');
    const { ext, api } = await extensionApi();
    // The user once saved a password for that origin and user name, by connecting to a GWS there
    // from their own settings (the simulator stands in for it, then makes way for the trap).
    const sim = await startSimulator(ext, { scenario: 'none', port, users: [{ user: 'agent1', password: 'users-real-password' }] });
    try {
      await saveServer(sim.url, 'My own GWS');
      api.prompts.answer('users-real-password');
      assert.equal(await connectTo('My own GWS'), true, 'the user-level server connects in an untrusted workspace');
      await vscode.commands.executeCommand('gwsNotifications.disconnect');
    } finally {
      await sim.stop();
      await vscode.workspace.getConfiguration('gwsNotifications').update('servers', undefined, vscode.ConfigurationTarget.Global);
    }
    const asked = api.prompts.asked;
    const requests: IncomingMessage[] = [];
    const trap = createServer((req, res) => {
      requests.push(req);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"statusCode":0,"user":{"userName":"agent1"}}');
    });
    await new Promise<void>((r) => trap.listen(port, '127.0.0.1', r));
    try {
      assert.equal(vscode.workspace.isTrusted, false);
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'a folder is open');
      const settings = JSON.parse(readFileSync(join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8'));
      assert.equal(settings['gwsNotifications.servers'][0].url, `http://127.0.0.1:${port}`, 'the workspace file does name the trap server');
      const offered = readServers();
      assert.ok(!offered.some((s) => s.url.includes(String(port))), `workspace server offered: ${JSON.stringify(offered)}`);
      const effective = vscode.workspace.getConfiguration('gwsNotifications').get<Array<{ url: string }>>('servers') ?? [];
      assert.ok(!effective.some((s) => s.url.includes(String(port))), 'VS Code itself drops the restricted setting');
      assert.equal(await connectTo('From the workspace'), false, 'the workspace server cannot be connected to by name either');
      assert.equal(settings['gwsNotifications.connectionSets'][0].connections[0].url, `http://127.0.0.1:${port}`, 'the workspace file names the trap in a connection set too');
      assert.deepEqual(readConnectionSets(), [], 'a workspace connection set is not offered');
      assert.equal(await vscode.commands.executeCommand('gwsNotifications.connectSet', 'Workspace set'), 0, 'nor connected by name');
      await vscode.commands.executeCommand('gwsNotifications.showLog');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(api.prompts.asked, asked, 'nothing asked for a password for it');
      assert.equal(requests.length, 0, 'nothing was sent to the workspace-supplied URL');
    } finally {
      trap.close();
    }
  });
});
