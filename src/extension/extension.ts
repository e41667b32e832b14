import * as vscode from 'vscode';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { CaptureDirectory } from '../capture/captureDirectory';
import { ExportArg, QuickPick, ReplayServers, TimelineRows, exportCommand, importHarCommand, importWweCommand, openCaptureFile } from './commands/exchangeCommands';
import { revealLinked } from './commands/linkCommands';
import { showOpenedCapture, showSession } from './commands/showSession';
import { copyLatestJson, diffWithPrevious, openLatestJson, resourceArg } from './commands/resourceCommands';
import type { TimelineScope } from '../timelineProtocol';
import { plural } from '../util/wording';
import { ConnectCommands } from './connect/connectCommands';
import { OperationCommands } from './operations/operationCommands';
import { watchOperations } from './operations/operationSettings';
import { ConnectionController } from './connect/connectionController';
import { SessionCommands } from './connect/sessionCommands';
import { GwsLog } from './log';
import { CertificatePins } from './servers/certificatePins';
import { CredentialStore } from './servers/credentialStore';
import { SessionChoice } from './sessionChoice';
import { SessionManager } from './sessionManager';
import { STATE_SCHEME, StateDocumentProvider } from './stateDocuments';
import { StatusBar, statusBarActions } from './statusBar';
import { FindingsDiagnostics } from './findings/findingsDiagnostics';
import { FindingsStatus } from './findings/findingsStatus';
import { FindingsDecorations } from './findings/findingsDecorations';
import { registerTimeline } from './timeline/registerTimeline';
import { TimelinePanel } from './timeline/timelinePanel';
import { shortId } from './tree/presentation';
import type { CaptureSession } from '../session/captureSession';
import { GwsTestApi, TestPrompts, testApi } from './testApi';
import { GwsTreeProvider } from './tree/gwsTreeProvider';
import type { CaptureFileNode, TreeNode } from './tree/treeNodes';

/**
 * Returns nothing in normal use: every installed extension can read `getExtension(...).exports`, and
 * this one's internals reach SecretStorage. Only VS Code's test mode gets the test API (testApi.ts).
 */
export function activate(context: vscode.ExtensionContext): GwsTestApi | undefined {
  const started = Date.now();
  const log = new GwsLog();
  const sessions = new SessionManager();
  const captures = new CaptureDirectory(join(context.globalStorageUri.fsPath, 'captures'));
  const tree = new GwsTreeProvider(sessions, captures);
  const view = vscode.window.createTreeView('gwsNotifications.sessions', { treeDataProvider: tree, showCollapseAll: true });
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const maxBytes = (): number => Math.max(1, vscode.workspace.getConfiguration('gwsNotifications').get<number>('captures.maxTotalMB', 2048)) * 1024 * 1024;
  const credentials = new CredentialStore(context.secrets, context.globalState);
  const prompts = context.extensionMode === vscode.ExtensionMode.Test ? new TestPrompts() : undefined;
  const ask = prompts && ((options: vscode.InputBoxOptions) => prompts.ask(options));
  const connection = new ConnectionController(context.extensionPath, version, sessions, log, credentials, new CertificatePins(context.globalState), captures, maxBytes, () => tree.refreshRecent(), ask);
  const connect = new ConnectCommands(context.extensionPath, connection, credentials, log);
  const pick: QuickPick | undefined = prompts && ((items, options) => prompts.pick(items, options));
  const choice = new SessionChoice(sessions, () => view.selection, pick);
  const sessionCommands = new SessionCommands(sessions, choice, captures, log, () => tree.refreshRecent());
  const statusBar = new StatusBar(sessions, tree);
  const stateDocs = new StateDocumentProvider(sessions);
  const findings = new FindingsDiagnostics(sessions, (text) => log.warn(text));
  tree.setFindings(findings);
  const decorations = new FindingsDecorations({ find: (id) => sessions.find(id), findingsOf: (s) => findings.findingsOf(s), onDidChange: findings.onDidChange });

  const badge = (n: number): void => {
    view.badge = n > 0 ? { value: n, tooltip: `${plural(n, 'new message')}` } : undefined;
  };
  context.subscriptions.push(
    log,
    sessions,
    tree,
    view,
    connection,
    connect,
    statusBar,
    findings,
    decorations,
    new FindingsStatus(findings),
    tree.onDidChangeUnseen(badge),
    view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    // Where the user works, rows must not move (tree/orderHolds.ts).
    view.onDidChangeSelection((e) => tree.noteInteraction(e.selection)),
    view.onDidExpandElement((e) => tree.noteInteraction([e.element])),
    vscode.workspace.registerTextDocumentContentProvider(STATE_SCHEME, stateDocs),
  );
  const timeline = registerTimeline(context, sessions, log, choice, (session) => findings.of(session.id)?.rows);
  context.subscriptions.push(...timeline.disposables);
  tree.setVisible(view.visible);

  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };
  register('gwsNotifications.connect', (arg) => connect.connect(typeof arg === 'string' ? arg : undefined));
  register('gwsNotifications.connectSet', (arg) => connect.connectSet(typeof arg === 'string' ? arg : undefined));
  register('gwsNotifications.disconnect', (arg) => sessionCommands.disconnect(arg));
  register('gwsNotifications.disconnectAll', () => sessionCommands.disconnectAll());
  register('gwsNotifications.subscribe', (arg) => sessionCommands.subscribe(typeof arg === 'string' ? arg : undefined, typeof arg === 'string' ? undefined : arg));
  register('gwsNotifications.unsubscribe', (arg) => sessionCommands.unsubscribe(topicArg(arg), arg));
  register('gwsNotifications.pauseView', async (arg) => {
    const session = await choice.choose('Pause View', arg, true);
    if (session) tree.setPaused(true, [session.id]);
  });
  register('gwsNotifications.resumeView', async (arg) => {
    const paused = sessions.all.filter((s) => tree.pause.ids.includes(s.id));
    const session = await choice.chooseFrom('Resume View', paused, arg);
    if (session) tree.setPaused(false, [session.id]);
  });
  register('gwsNotifications.clear', (arg) => sessionCommands.clear(arg));
  register('gwsNotifications.startDemo', (arg) => connect.startDemo(arg === 'team' || arg === 'agent' ? arg : undefined));
  const operations = new OperationCommands(choice, log, () => view.selection, (url) => connect.isEmbedded(url),
    pick ?? ((items, options) => vscode.window.showQuickPick(items, options)),
    ask ?? ((options) => vscode.window.showInputBox(options)),
    prompts ? (m, d, ...b) => prompts.confirm(m, d, ...b) : (m, detail, ...b) => vscode.window.showWarningMessage(m, { modal: true, detail }, ...b));
  context.subscriptions.push(watchOperations(sessions, (s, keys) => tree.refreshKeys(s, keys)));
  register('gwsNotifications.sendOperation', (arg) => operations.send(arg));
  register('gwsNotifications.startContactCenterSession', (arg) => sessionCommands.startContactCenterSession(arg));
  register('gwsNotifications.showLog', () => log.show());
  register('gwsNotifications.forgetPassword', () => connect.forgetPassword());
  register('gwsNotifications.statusBarActions', () => statusBarActions(sessions, tree.paused));
  register('gwsNotifications.openResource', async (arg) => {
    const node = resourceArg(arg, view.selection);
    if (node) await openLatestJson(sessions, node);
  });
  register('gwsNotifications.openTimeline', async (arg) => {
    const { session, scope } = await timelineTarget(arg, choice);
    if (session) timeline.openTimeline({ session, scope });
  });
  // Every session merged by time; any open session can host it, so nobody is asked which.
  register('gwsNotifications.openTimelineWithTwins', (arg) => {
    const node = arg as TreeNode | undefined;
    if (node?.type === 'resource') timeline.openTimeline({ session: node.session, scope: { kind: 'resource', resourceKind: node.kind, id: node.resourceId, session: node.session.id, allSessions: true } });
  });
  register('gwsNotifications.openTimelineAllSessions', (arg) => timeline.openTimeline({ session: choice.peek(sessions.all, arg) ?? sessions.all[0], scope: { kind: 'all', allSessions: true } }));
  register('gwsNotifications.openFinding', (arg) => {
    const node = arg as TreeNode | undefined;
    if (node?.type === 'finding') timeline.openTimeline({ session: node.session, scope: { kind: 'all' }, selectedSeq: node.session.tracker.columns.seqAt(node.finding.row) });
  });
  register('gwsNotifications.revealLinked', (arg) => revealLinked(tree, view, resourceArg(arg, view.selection)));
  register('gwsNotifications.copyId', async (arg) => {
    const node = resourceArg(arg, view.selection);
    if (node) await vscode.env.clipboard.writeText(node.resourceId);
  });
  register('gwsNotifications.copyJson', async (arg) => {
    const node = resourceArg(arg, view.selection);
    if (node) await copyLatestJson(sessions, node);
  });
  register('gwsNotifications.showDiff', async (arg, seq) => {
    const node = resourceArg(arg, view.selection);
    if (node) await diffWithPrevious(sessions, node, typeof seq === 'number' ? seq : undefined);
    else void vscode.window.showInformationMessage('Select a call, chat or device in the GWS Notifications view first.');
  });
  const opened = async <T extends CaptureSession | undefined>(session: T, from: string): Promise<T> => {
    if (session) await showOpenedCapture(session, { view, tree, log, openTimeline: timeline.openTimeline }, from);
    return session;
  };
  register('gwsNotifications.openRecentCapture', async (arg) => {
    const path = (arg as CaptureFileNode).file.path;
    return opened(await openCaptureFile(sessions, captures, path), path);
  });
  register('gwsNotifications.openCapture', async (arg) => {
    const path = typeof arg === 'string' ? arg : (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: vscode.Uri.file(captures.dir), filters: { 'GWS captures': ['ndjson', 'jsonl', 'json'], 'WWE console logs': ['log', 'txt'], 'All files': ['*'] }, title: 'Open Capture (recent captures are in this folder)' }))?.[0]?.fsPath;
    if (path) return opened(await openCaptureFile(sessions, captures, path, log), path);
    return undefined;
  });
  register('gwsNotifications.importWwe', async (arg) => {
    const session = await importWweCommand(sessions, captures, log, typeof arg === 'string' ? arg : undefined);
    return opened(session, 'an imported WWE log');
  });
  register('gwsNotifications.exportCapture', (arg) => exportCommand(choice, log, arg as ExportArg, timelineRows, pick));
  register('gwsNotifications.importHar', async (arg) => {
    const session = await importHarCommand(sessions, captures, log, typeof arg === 'string' ? arg : undefined);
    tree.refreshRecent();
    return opened(session, 'an imported HAR');
  });
  const replays = new ReplayServers(join(context.extensionPath, 'dist', 'simulator.js'), log);
  context.subscriptions.push(replays);
  register('gwsNotifications.replayCapture', (arg) => replays.command(typeof arg === 'string' ? arg : undefined));
  register('gwsNotifications.revealCapture', (arg) => vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file((arg as CaptureFileNode).file.path)));
  register('gwsNotifications.deleteCapture', async (arg) => {
    const file = (arg as CaptureFileNode).file;
    const ok = await vscode.window.showWarningMessage(`Delete the capture ${file.name}?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    await rm(file.path, { force: true });
    tree.refreshRecent();
  });
  register('gwsNotifications.closeSession', (arg) => sessionCommands.close(arg));

  // Capture never fails silently: warn while connected when the disk fills up.
  const diskTimer = setInterval(async () => {
    if (!sessions.live.some((s) => s.state === 'connected')) return;
    const free = await captures.freeBytes();
    if (free !== undefined && free < 256 * 1024 * 1024) void vscode.window.showWarningMessage(`Disk nearly full: ${(free / 1024 / 1024).toFixed(0)} MB left for GWS captures in ${captures.dir}.`);
  }, 60_000);
  context.subscriptions.push({ dispose: () => clearInterval(diskTimer) });

  void autoStartDemo(connect, log).then((started) => {
    // `npm run demo` opens on the product: the view, the connected tree expanded, all traffic.
    const first = sessions.live[0];
    if (started && first) return showSession(first, { view, tree, log, openTimeline: timeline.openTimeline });
    return undefined;
  });
  log.info(`activated in ${Date.now() - started} ms`);
  return prompts && testApi(sessions, tree, prompts, choice, view, decorations);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the connection processes stop with their sessions.
}

/**
 * `npm run demo` opens a folder holding a `.gws-demo` marker (also the activation event): in a
 * trusted workspace, start the demo simulator and connect, so the demo needs no clicks.
 */
async function autoStartDemo(connect: ConnectCommands, log: GwsLog): Promise<boolean> {
  if (!vscode.workspace.isTrusted) return false;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const marker = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gws-demo'))).toString('utf8')) as { autoStart?: unknown; team?: unknown; speed?: unknown };
      if (marker.autoStart === true) {
        log.info(`${folder.name} asks for the demo: starting the demo simulator`);
        // `speed` (default 1, real time) lets the demo workspace's test play the script quickly.
        return await connect.startDemo(marker.team === true ? 'team' : 'agent', typeof marker.speed === 'number' && marker.speed >= 0 ? marker.speed : 1);
      }
    } catch {
      // no marker in this folder
    }
  }
  return false;
}

function topicArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as TreeNode | undefined;
  return node?.type === 'topic' ? node.channel : undefined;
}

/** Open Timeline: a tree item's scope when invoked on one; otherwise all traffic of the session SessionChoice finds. */
async function timelineTarget(arg: unknown, choice: SessionChoice): Promise<{ session: ReturnType<SessionManager['find']>; scope: TimelineScope }> {
  const node = arg as TreeNode | undefined;
  if (node?.type === 'resource') return { session: node.session, scope: { kind: 'resource', resourceKind: node.kind, id: node.resourceId } };
  if (node?.type === 'topic') return { session: node.session, scope: { kind: 'topic', channel: node.channel } };
  return { session: await choice.choose('Open Timeline', arg, true), scope: { kind: 'all' } };
}

/** The open timeline's rows of `session`, described for Export's "the timeline's current filter". */
async function timelineRows(session: CaptureSession): Promise<TimelineRows> {
  const rows = await TimelinePanel.currentRows(session);
  if (!rows) return undefined;
  const { scope, filter } = rows;
  const where = scope.kind === 'all' ? 'all traffic' : scope.kind === 'topic' ? scope.channel : `${scope.resourceKind} ${shortId(scope.id)}`;
  const terms = [filter.text && `"${filter.text}"`, filter.channel, filter.messageType, filter.notificationType].filter(Boolean).join(', ');
  return { seqs: rows.seqs, what: terms ? `${where}, filter ${terms}` : where };
}
