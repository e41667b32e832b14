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
import type { TreeNode } from '../../../src/extension/tree/treeNodes';
import { connectTo, extensionApi, groupRows, itemLabel, startSimulator, waitFor } from './support';

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

suite('Findings in the tree and the timeline', function () {
  this.timeout(90_000);

  test('the anomalies scenario: a Findings group with each rule, a finding opens the timeline at its record, the resource is decorated, a severity setting turns a rule off', async () => {
    const { ext, api } = await extensionApi();
    const sim = await startSimulator(ext, { scenario: 'anomalies', speed: 20, users: [{ user: 'agent1', password: 'secret' }] });
    const config = vscode.workspace.getConfiguration('gwsNotifications');
    const servers = config.get<unknown[]>('servers') ?? [];
    await config.update('servers', [...servers, { name: 'Anomalies GWS', url: sim.url, username: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], auth: 'basic' }], vscode.ConfigurationTarget.Global);
    let root: TreeNode | undefined;
    try {
      api.prompts.answer('secret');
      assert.equal(await connectTo('Anomalies GWS'), true);
      const session = api.sessions.live.find((s) => s.serverName === 'Anomalies GWS');
      assert.ok(session);
      root = api.tree.sessionNode(session);
      const group = (): TreeNode | undefined => api.tree.getChildren(root).find((n) => n.type === 'findings');
      const rules = (): string[] => {
        const g = group();
        return g ? api.tree.getChildren(g).map((n) => itemLabel(api, n)) : [];
      };
      // Errors first, then warnings, then info; within a severity, the catalogue's order.
      const expected = ['transcript-gap (1)', 'error-message (1)', 'malformed (1)', 'after-end (1)', 'capability-mismatch (1)', 'duplicate (1)', 'unknown-value (1)', 'late (1)'];
      await waitFor('each message-borne rule once', () => rules().join() === expected.join(), 40_000);
      assert.equal(itemLabel(api, group()!), 'Findings (8)');

      const afterEnd = api.tree.getChildren(group()).find((n) => n.type === 'findingRule' && n.rule === 'after-end')!;
      const [finding] = api.tree.getChildren(afterEnd);
      assert.ok(finding?.type === 'finding');
      const item = api.tree.getTreeItem(finding);
      assert.match(itemLabel(api, finding), /after it ended \(Released at seq \d+\)/);
      assert.equal(api.tree.getParent(finding), afterEnd);
      const seq = session.tracker.columns.seqAt(finding.finding.row);
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      await waitFor('the timeline at the late message', () => api.timelineWebview()?.sessionId === session.id && api.timelineWebview()?.selectedSeq === seq);
      assert.deepEqual(api.timelineWebview()?.scope, { kind: 'all' });

      const callId = finding.finding.resource!.id;
      const resource = groupRows(api, 'call', session).find((r) => r.node.type === 'resource' && r.node.resourceId === callId);
      assert.ok(resource, 'the call is in the tree');
      assert.equal(api.tree.getTreeItem(resource.node).resourceUri?.scheme, 'gws-resource');
      const callShows = (): string => {
        const d = api.decorationOf(session.id, 'call', callId);
        return JSON.stringify([d?.badge ?? null, (d?.color as vscode.ThemeColor | undefined)?.id ?? null]);
      };
      await waitFor('the call decorated: one warning', () => callShows() === JSON.stringify(['1', 'list.warningForeground']));
      const device = api.tree.getChildren(api.tree.getChildren(group()).find((n) => n.type === 'findingRule' && n.rule === 'unknown-value'))[0];
      assert.ok(device?.type === 'finding' && device.finding.resource?.kind === 'device');
      // The device's decoration counts its findings and takes the worst; info alone never decorates.
      const deviceId = device.finding.resource.id;
      const onDevice = api.tree.getChildren(group()).flatMap((r) => api.tree.getChildren(r)).filter((n) => n.type === 'finding' && n.finding.resource?.kind === 'device' && n.finding.resource.id === deviceId);
      const severities = onDevice.map((n) => (n.type === 'finding' ? n.finding.severity : 'info'));
      const worst = severities.includes('error') ? 'list.errorForeground' : severities.includes('warning') ? 'list.warningForeground' : undefined;
      // The decorations follow the findings on the next refresh: wait for it.
      const deviceShows = (): string => {
        const d = api.decorationOf(session.id, 'device', deviceId);
        return JSON.stringify([d?.badge ?? null, (d?.color as vscode.ThemeColor | undefined)?.id ?? null]);
      };
      await waitFor(`the device decorated ${worst === undefined ? 'not at all' : `${onDevice.length}, ${worst}`} (shows ${deviceShows()})`, () => deviceShows() === JSON.stringify(worst === undefined ? [null, null] : [String(onDevice.length), worst]));

      await config.update('findings.severity', { duplicate: 'off', 'after-end': 'error' }, vscode.ConfigurationTarget.Global);
      await waitFor('duplicate off, after-end an error', () => !rules().includes('duplicate (1)') && rules().indexOf('after-end (1)') < rules().indexOf('capability-mismatch (1)'));
      await waitFor('the decoration in the error color', () => (api.decorationOf(session.id, 'call', callId)?.color as vscode.ThemeColor | undefined)?.id === 'list.errorForeground');
      // With every finding on the device judged info, the device is no longer decorated.
      const allInfo = Object.fromEntries([...new Set(onDevice.map((n) => (n.type === 'finding' ? n.finding.rule : '')))].map((rule) => [rule, 'info']));
      await config.update('findings.severity', allInfo, vscode.ConfigurationTarget.Global);
      await waitFor('info findings do not decorate', () => api.decorationOf(session.id, 'device', deviceId) === undefined);
    } finally {
      await config.update('findings.severity', undefined, vscode.ConfigurationTarget.Global);
      await config.update('servers', servers, vscode.ConfigurationTarget.Global);
      if (root) await vscode.commands.executeCommand('gwsNotifications.closeSession', root);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await sim.stop();
    }
  });
});
