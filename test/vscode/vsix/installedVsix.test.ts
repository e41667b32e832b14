// Runs with the packaged .vsix installed into the VS Code server and NO development path for it.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';

suite('installed .vsix', () => {
  test('the extension comes from the installed package, not from the source tree', async () => {
    const ext = vscode.extensions.getExtension('gws-tools.gws-notification-debugger');
    assert.ok(ext, 'the extension is installed');
    assert.ok(!ext.extensionPath.startsWith(process.env.GWS_SOURCE_ROOT ?? '/nonexistent'), `loaded from ${ext.extensionPath}`);
    assert.match(ext.extensionPath, /gws-tools\.gws-notification-debugger-\d+\.\d+\.\d+/);
    const commands = await vscode.commands.getCommands(true);
    // Contributed commands are known before activation; activation happens through the UI pass.
    assert.ok(commands.includes('gwsNotifications.startDemo') || ext.packageJSON.contributes.commands.some((c: { command: string }) => c.command === 'gwsNotifications.startDemo'));
  });
});
