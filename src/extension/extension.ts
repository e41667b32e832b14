import * as vscode from 'vscode';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { CaptureDirectory } from '../capture/captureDirectory';
import type { CaptureSession } from '../session/captureSession';
import type { OfflineSession } from '../session/offlineSession';
import { ExportArg, ReplayServers, exportCommand, importHarCommand, openCaptureFile } from './commands/exchangeCommands';
import { showOpenedCapture, showSession } from './commands/showSession';
import { copyLatestJson, diffWithPrevious, openLatestJson, resourceArg } from './commands/resourceCommands';
import type { TimelineScope } from '../timelineProtocol';
import { plural } from '../util/wording';
import { ConnectionController } from './connect/connectionController';
import { GwsLog } from './log';
import { CertificatePins } from './servers/certificatePins';
import { CredentialStore } from './servers/credentialStore';
import { SessionManager } from './sessionManager';
import { STATE_SCHEME, StateDocumentProvider } from './stateDocuments';
import { StatusBar, statusBarActions } from './statusBar';
import { FindingsDiagnostics } from './findings/findingsDiagnostics';
import { FindingsStatus } from './findings/findingsStatus';
import { registerTimeline } from './timeline/registerTimeline';
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
  const statusBar = new StatusBar(sessions, tree);
  const stateDocs = new StateDocumentProvider(sessions);
  const findings = new FindingsDiagnostics(sessions);

  const badge = (n: number): void => {
    view.badge = n > 0 ? { value: n, tooltip: `${plural(n, 'new message')}` } : undefined;
  };
  context.subscriptions.push(
    log,
    sessions,
    tree,
    view,
    connection,
    statusBar,
    findings,
    new FindingsStatus(findings),
    tree.onDidChangeUnseen(badge),
    view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    // Where the user works, rows must not move (tree/orderHolds.ts).
    view.onDidChangeSelection((e) => tree.noteInteraction(e.selection)),
    view.onDidExpandElement((e) => tree.noteInteraction([e.element])),
    vscode.workspace.registerTextDocumentContentProvider(STATE_SCHEME, stateDocs),
  );
  const timeline = registerTimeline(context, sessions, log);
  context.subscriptions.push(...timeline.disposables);
  tree.setVisible(view.visible);

  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };
  register('gwsNotifications.connect', (arg) => connection.connectCommand(typeof arg === 'string' ? arg : undefined));
  register('gwsNotifications.disconnect', () => connection.disconnect());
  register('gwsNotifications.subscribe', (arg) => connection.subscribeCommand(typeof arg === 'string' ? arg : undefined));
  register('gwsNotifications.unsubscribe', (arg) => connection.unsubscribeCommand(topicArg(arg)));
  register('gwsNotifications.pauseView', () => tree.setPaused(true));
  register('gwsNotifications.resumeView', () => tree.setPaused(false));
  register('gwsNotifications.clear', () => connection.clear());
  register('gwsNotifications.startDemo', () => connection.startDemo());
  register('gwsNotifications.startContactCenterSession', () => connection.startContactCenterSession());
  register('gwsNotifications.showLog', () => log.show());
  register('gwsNotifications.forgetPassword', () => connection.forgetPassword());
  register('gwsNotifications.statusBarActions', () => statusBarActions(sessions, tree.paused));
  register('gwsNotifications.openResource', async (arg) => {
    const node = resourceArg(arg, view.selection);
    if (node) await openLatestJson(sessions, node);
  });
  register('gwsNotifications.openTimeline', (arg) => {
    const { session, scope } = timelineTarget(arg, view.selection, sessions);
    timeline.openTimeline({ session, scope });
  });
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
    const path = typeof arg === 'string' ? arg : (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: vscode.Uri.file(captures.dir), filters: { 'GWS captures': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] }, title: 'Open Capture (recent captures are in this folder)' }))?.[0]?.fsPath;
    if (path) return opened(await openCaptureFile(sessions, captures, path), path);
    return undefined;
  });
  register('gwsNotifications.exportCapture', (arg) => exportCommand(sessions, log, (arg ?? view.selection[0]) as ExportArg));
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
  register('gwsNotifications.closeSession', (arg) => {
    const node = arg as TreeNode | undefined;
    if (node?.type === 'session' && node.session.kind === 'offline') sessions.closeOffline(node.session as OfflineSession);
  });

  // Capture never fails silently: warn while connected when the disk fills up.
  const diskTimer = setInterval(async () => {
    if (!sessions.live || sessions.live.state !== 'connected') return;
    const free = await captures.freeBytes();
    if (free !== undefined && free < 256 * 1024 * 1024) void vscode.window.showWarningMessage(`Disk nearly full: ${(free / 1024 / 1024).toFixed(0)} MB left for GWS captures in ${captures.dir}.`);
  }, 60_000);
  context.subscriptions.push({ dispose: () => clearInterval(diskTimer) });

  void autoStartDemo(connection, log).then((started) => {
    // `npm run demo` opens on the product: the view, the connected tree expanded, all traffic.
    if (started && sessions.live) return showSession(sessions.live, { view, tree, log, openTimeline: timeline.openTimeline });
    return undefined;
  });
  log.info(`activated in ${Date.now() - started} ms`);
  return prompts && testApi(sessions, tree, prompts, view);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the connection processes stop with their sessions.
}

/**
 * `npm run demo` opens a folder holding a `.gws-demo` marker (also the activation event): in a
 * trusted workspace, start the demo simulator and connect, so the demo needs no clicks.
 */
async function autoStartDemo(connection: ConnectionController, log: GwsLog): Promise<boolean> {
  if (!vscode.workspace.isTrusted) return false;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const marker = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gws-demo'))).toString('utf8')) as { autoStart?: unknown; speed?: unknown };
      if (marker.autoStart === true) {
        log.info(`${folder.name} asks for the demo: starting the demo simulator`);
        // `speed` (default 1, real time) lets the demo workspace's test play the script quickly.
        return await connection.startDemo(typeof marker.speed === 'number' && marker.speed >= 0 ? marker.speed : 1);
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

function timelineTarget(arg: unknown, selection: readonly TreeNode[], sessions: SessionManager): { session: ReturnType<SessionManager['find']>; scope: TimelineScope } {
  const node = (arg ?? selection[0]) as TreeNode | undefined;
  if (node?.type === 'resource') return { session: node.session, scope: { kind: 'resource', resourceKind: node.kind, id: node.resourceId } };
  if (node?.type === 'topic') return { session: node.session, scope: { kind: 'topic', channel: node.channel } };
  if (node && 'session' in node) return { session: node.session, scope: { kind: 'all' } };
  return { session: sessions.live ?? sessions.offline[0], scope: { kind: 'all' } };
}
