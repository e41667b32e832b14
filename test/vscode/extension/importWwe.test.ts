// Import Workspace Web Edition Log… and Open Capture… on a WWE console log, in the real VS Code.
// Closes every session it opens.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { OfflineSession } from '../../../src/session/offlineSession';
import { WWE_SECRETS } from '../../support/wweSecrets';
import { extensionApi } from './support';

suite('WWE console log import', function () {
  this.timeout(60_000);

  test('Import Workspace Web Edition Log… opens the log as an offline session whose operations correlate; no secret of the log reaches its journal', async () => {
    const { ext, api } = await extensionApi();
    const before = api.sessions.offline.length;
    const log = `${ext.extensionPath}/test/fixtures/wwe/firefox-session.log`;
    const session = (await vscode.commands.executeCommand('gwsNotifications.importWwe', log)) as OfflineSession | undefined;
    assert.ok(session);
    assert.equal(session.tracker.messageCount, 4);
    assert.equal(session.logLocalTimes, true);
    assert.match(session.stateDetail ?? '', /from wwe/);
    assert.equal(api.sessions.offline.length, before + 1);
    const journal = readFileSync(session.journalPath, 'utf8');
    for (const secret of WWE_SECRETS) assert.ok(!journal.includes(secret), `${secret} from the log must not reach the capture`);
    const { outcomes } = await session.operations.fresh();
    assert.deepEqual(outcomes.map((o) => [o.operation, o.outcome]), [['Answer', 'effect'], ['Hold', 'error'], ['GET', 'effect'], ['POST', 'effect'], ['NotReady', 'effect'], ['GET', 'effect']]);
    api.sessions.closeOffline(session);
  });

  test('Open Capture… recognizes a WWE log by its content', async () => {
    const { ext, api } = await extensionApi();
    const log = `${ext.extensionPath}/test/fixtures/wwe/chrome-answer-no-effect.log`;
    const session = (await vscode.commands.executeCommand('gwsNotifications.openCapture', log)) as OfflineSession | undefined;
    assert.ok(session);
    assert.equal(session.tracker.messageCount, 3);
    assert.equal(session.logLocalTimes, true);
    api.sessions.closeOffline(session);
  });
});
