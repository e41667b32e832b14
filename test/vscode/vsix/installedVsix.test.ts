// Runs with the packaged .vsix installed into the VS Code server and NO development path for it: the
// extension runs in production mode, and this suite plays any other installed extension.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { describeFindings, findSecretReach } from '../exportsWalk';

const ID = 'gws-tools.gws-notification-debugger';

suite('installed .vsix', () => {
  test('the extension comes from the installed package, not from the source tree', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, 'the extension is installed');
    assert.ok(!ext.extensionPath.startsWith(process.env.GWS_SOURCE_ROOT ?? '/nonexistent'), `loaded from ${ext.extensionPath}`);
    assert.match(ext.extensionPath, /gws-tools\.gws-notification-debugger-\d+\.\d+\.\d+/);
    const commands = await vscode.commands.getCommands(true);
    // Contributed commands are known before activation.
    assert.ok(commands.includes('gwsNotifications.startDemo') || ext.packageJSON.contributes.commands.some((c: { command: string }) => c.command === 'gwsNotifications.startDemo'));
  });

  test('another extension that activates it reaches nothing that reads SecretStorage, and no name says secret', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext);
    const exports: unknown = await ext.activate();
    assert.equal(ext.isActive, true);
    const found = findSecretReach(exports, { names: true, forbiddenClasses: ['CredentialStore', 'ConnectionController', 'GwsLog', 'CertificatePins'] });
    assert.equal(found.length, 0, `reachable from the exports:\n${describeFindings(found)}`);
    // The documented contract today: nothing at all.
    assert.equal(exports, undefined, 'activate() returns nothing in production mode');
  });
});
