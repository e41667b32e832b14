// Findings in the Problems panel, inside the real VS Code extension host.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { writeJournal } from '../../../src/capture/writeJournal';
import type { OfflineSession } from '../../../src/session/offlineSession';
import { CaptureBuilder, header } from '../../unit/findings/captureBuilder';
import { extensionApi, waitFor } from './support';

suite('Findings in the Problems panel', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'gws-findings-vscode-'));
  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('an opened capture: one diagnostic per finding at its record line, code = rule, errors first, at most 1,000 per file', async () => {
    const { api } = await extensionApi();
    const small = join(dir, 'small.ndjson');
    await writeJournal(small, header(), new CaptureBuilder().call(0, 'c1', 'Released').call(1000, 'c1', 'Held').transcript(2000, 'ch', [1]).transcript(3000, 'ch', [3]).records);
    const session = (await vscode.commands.executeCommand('gwsNotifications.openCapture', small)) as OfflineSession;
    const uri = vscode.Uri.file(small);
    await waitFor('the diagnostics', () => vscode.languages.getDiagnostics(uri).length === 2);
    const diags = vscode.languages.getDiagnostics(uri);
    assert.deepEqual(diags.map((d) => [d.code, d.severity, d.range.start.line, d.source]), [
      ['transcript-gap', vscode.DiagnosticSeverity.Error, 4, 'gws-notify'],
      ['after-end', vscode.DiagnosticSeverity.Warning, 2, 'gws-notify'],
    ]);
    assert.match(diags[0].message, /^chat ch: transcript index skips from 1 to 3/);
    api.sessions.closeOffline(session);
    await waitFor('the diagnostics to go with the session', () => vscode.languages.getDiagnostics(uri).length === 0);

    const big = join(dir, 'big.ndjson');
    const b = new CaptureBuilder();
    for (let i = 0; i < 600; i++) b.call(i, `late${i}`, 'Released').call(i, `late${i}`, 'Held');
    for (let i = 0; i < 700; i++) b.transcript(1000 + i, 'ch', [i * 2]);
    await writeJournal(big, header(), b.records);
    const bigSession = (await vscode.commands.executeCommand('gwsNotifications.openCapture', big)) as OfflineSession;
    const bigUri = vscode.Uri.file(big);
    await waitFor('the capped diagnostics', () => vscode.languages.getDiagnostics(bigUri).length === 1001);
    const capped = vscode.languages.getDiagnostics(bigUri);
    assert.ok(capped.slice(0, 699).every((d) => d.code === 'transcript-gap'), 'the 699 errors come first');
    assert.equal(capped.filter((d) => d.code === 'after-end').length, 301);
    assert.match(capped[1000].message, /^299 more finding\(s\) not shown here/);
    api.sessions.closeOffline(bigSession);
  });
});
