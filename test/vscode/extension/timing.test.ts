// Issue 17's timing inside the real VS Code extension host: the tree tooltip's time in state and the
// late finding in the Problems panel, with gwsNotifications.timing.lateMs moving its threshold.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { writeJournal } from '../../../src/capture/writeJournal';
import type { OfflineSession } from '../../../src/session/offlineSession';
import { CaptureBuilder, header, T0 } from '../../unit/findings/captureBuilder';
import { extensionApi, groupRows, waitFor } from './support';

suite('Time in VS Code', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'gws-timing-vscode-'));
  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('an opened capture: the device tooltip adds up repeated states; a message 4 s late is a late finding until timing.lateMs is 10 s', async () => {
    const { api } = await extensionApi();
    const b = new CaptureBuilder();
    const metrics = (t: number, transit: number) => ({ metrics: { eventProcessing: { serverGenerationTimestamp: T0 + t - transit, serverProcessingTimeTotalMs: 2 } } });
    for (let i = 0; i < 24; i++) b.call(i * 100, `c${i}`, 'Ringing', {}, metrics(i * 100, 30));
    b.call(2500, 'slow', 'Ringing', {}, metrics(2500, 4030));
    // The device: NotReady 1 s, Ready 2 s, NotReady 2 s, Ready until the last record (0.5 s).
    for (const [t, state] of [[3000, 'NotReady'], [4000, 'Ready'], [6000, 'NotReady'], [8000, 'Ready']] as const) b.device(t, 'dev-1', state);
    b.call(8500, 'c0', 'Established', {}, metrics(8500, 30));
    const path = join(dir, 'timing.ndjson');
    await writeJournal(path, header(), b.records);
    const config = vscode.workspace.getConfiguration('gwsNotifications');
    const session = (await vscode.commands.executeCommand('gwsNotifications.openCapture', path)) as OfflineSession;
    try {
      const device = groupRows(api, 'device', session).find((r) => r.label.includes('dev-1') || String(api.tree.getTreeItem(r.node).tooltip).includes('dev-1'));
      assert.ok(device, 'the device is in the tree');
      assert.match(String(api.tree.getTreeItem(device.node).tooltip), /^time in state: NotReady 3\.0 s · Ready 2\.5 s \(open at capture end\)$/m);

      const uri = vscode.Uri.file(path);
      const late = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'late');
      await waitFor('the late finding', () => late().length === 1);
      assert.equal(late()[0].severity, vscode.DiagnosticSeverity.Information);
      assert.equal(late()[0].range.start.line, 25, 'line 26 of the file: the 25th message');
      assert.match(late()[0].message, /about call slow delivered 4\.0 s later than usual \(threshold 2\.0 s/);

      await config.update('timing.lateMs', 10_000, vscode.ConfigurationTarget.Global);
      await waitFor('no late finding at 10 s', () => late().length === 0);
      await config.update('timing.lateMs', 3000, vscode.ConfigurationTarget.Global);
      await waitFor('the late finding again at 3 s', () => late().length === 1 && /threshold 3\.0 s/.test(late()[0].message));
    } finally {
      await config.update('timing.lateMs', undefined, vscode.ConfigurationTarget.Global);
      api.sessions.closeOffline(session);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
