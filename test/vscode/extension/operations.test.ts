// Send Operation… in the real VS Code (issue 13): on the simulator's `interactive` desk, a Ringing
// call answered from its tree item, the tree showing Established, and the timeline linking the
// request to the notification it caused. Closes the session it opens.
import assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { OperationReply } from '../../../src/connection/ipc';
import type { LiveSession } from '../../../src/session/liveSession';
import type { SimulatorProcess } from '../../../src/simulator/spawnSimulator';
import { extensionApi, startSimulator, waitFor } from './support';

const SERVER = 'Operations GWS';

suite('Send Operation…', function () {
  this.timeout(90_000);
  let sim: SimulatorProcess;
  let live: LiveSession | undefined;

  suiteSetup(async () => {
    const { ext } = await extensionApi();
    // Speed 1: a call rings at once and is abandoned only after 60 s; nothing else moves by itself.
    sim = await startSimulator(ext, { scenario: 'interactive', speed: 1, users: [{ user: 'agent1', password: 'secret' }] });
    const config = vscode.workspace.getConfiguration('gwsNotifications');
    const saved = (config.inspect<unknown[]>('servers')?.globalValue ?? []) as unknown[];
    await config.update('servers', [...saved, { name: SERVER, url: sim.url, username: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], auth: 'basic' }], vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const { api } = await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const root = live && api.tree.getChildren().find((n) => n.type === 'session' && n.session === live);
    if (root) await vscode.commands.executeCommand('gwsNotifications.closeSession', root);
    await sim?.stop();
  });

  test('Answer on a Ringing call: confirmed once (a real server), the call Established in the tree, the timeline links request and effect', async () => {
    const { api } = await extensionApi();
    api.prompts.answer('secret');
    assert.equal(await vscode.commands.executeCommand('gwsNotifications.connect', SERVER), true);
    live = api.sessions.live.find((s) => s.serverName === SERVER);
    assert.equal(live?.state, 'connected');
    const session = live!;
    let callId = '';
    await waitFor('a Ringing call', () => (callId = session.tracker.resources('call').find((r) => r.state === 'Ringing')?.id ?? '') !== '', 30_000);
    const node = api.tree.nodeFor(session.id, 'call', callId)!;
    assert.match(String(api.tree.getTreeItem(node).contextValue), /^resource\.call.*\.live$/, 'the tree item offers Send Operation…');

    const picks = api.prompts.picks.length;
    const confirms = api.prompts.confirms.length;
    api.prompts.answerPick('Answer');
    api.prompts.answerConfirm('Send');
    const reply = (await vscode.commands.executeCommand('gwsNotifications.sendOperation', node)) as OperationReply | undefined;
    assert.ok(reply, 'sent');
    assert.equal(reply.status, 200);
    assert.equal(reply.statusCode, 0);
    const offered = api.prompts.picks[picks];
    assert.match(offered.title, /^Send Operation: call /);
    assert.ok(offered.items.includes('Answer') && offered.items.at(-1) === 'Custom Request…', `offered ${offered.items.join(', ')}`);
    assert.ok(!offered.items.includes('Hold'), 'a Ringing call cannot be held: only its current capabilities are offered');
    assert.equal(api.prompts.confirms.length, confirms + 1, 'the first operation on a server that is not the embedded simulator asks');
    assert.match(api.prompts.confirms[confirms], /^Send Answer to call:/);

    const described = (): string => String(api.tree.getTreeItem(node).description ?? '');
    await waitFor('the tree to show the call Established', () => described().includes('Established'), 15_000);
    await waitFor('the tooltip to show the outcome', () => /Last operation: Answer call:\S+ → accepted \(statusCode 0\) in \d+ ms → Established \d+ ms later \(#\d+\)/.test(String(api.tree.getTreeItem(node).tooltip)), 15_000);

    await vscode.commands.executeCommand('gwsNotifications.openTimeline', api.tree.getChildren().find((n) => n.type === 'session' && n.session === session));
    await waitFor('the timeline to hold the request and the response', async () => {
      const rows = await api.timelineRows(session);
      return rows !== undefined && rows.seqs.includes(reply.requestSeq) && rows.seqs.includes(reply.responseSeq);
    }, 10_000);
    const ofRequest = await api.timelineOperation(session, reply.requestSeq);
    assert.equal(ofRequest.operation?.outcome, 'effect');
    assert.equal(ofRequest.operation?.effect?.state, 'Established');
    const effectSeq = ofRequest.operation!.effect!.seq;
    assert.ok((await api.timelineRows(session))!.seqs.includes(effectSeq), 'the effect is a row of the timeline');
    assert.equal(session.tracker.entryAt(effectSeq)?.rec, 'message');
    assert.deepEqual((await api.timelineOperation(session, effectSeq)).causedBy, { operation: 'Answer', target: `call:${callId}`, requestSeq: reply.requestSeq, outcome: 'effect' });
    assert.equal((await api.timelineOperation(session, reply.responseSeq)).operation?.requestSeq, reply.requestSeq);

    // The second operation in this session asks no more: Hold the call now Established.
    api.prompts.answerPick('Hold');
    const held = (await vscode.commands.executeCommand('gwsNotifications.sendOperation', node)) as OperationReply | undefined;
    assert.equal(held?.status, 200);
    assert.equal(api.prompts.confirms.length, confirms + 1, 'asked once per session');
    await waitFor('the call Held', () => described().includes('Held'), 15_000);
  });
});
