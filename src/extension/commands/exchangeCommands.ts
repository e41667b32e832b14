import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { CaptureDirectory } from '../../capture/captureDirectory';
import { NotACaptureError } from '../../capture/journalReader';
import type { ExportFormat } from '../../exchange/exportCapture';
import type { ExportScope } from '../../exchange/exportScope';
import { exportInWorker } from '../../exchange/exportThread';
import { importHarToFile } from '../../exchange/harImport';
import { DEFAULT_REDACT_KEYS, RedactOptions } from '../../exchange/redaction';
import type { ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession } from '../../session/captureSession';
import { OfflineSession } from '../../session/offlineSession';
import { spawnSimulator, SimulatorProcess } from '../../simulator/spawnSimulator';
import type { GwsLog } from '../log';
import type { SessionChoice } from '../sessionChoice';
import type { SessionManager } from '../sessionManager';
import type { TreeNode } from '../tree/treeNodes';

/** The rows the open timeline shows of a session, described ("filter 'Held' in call …000B3"), if it shows that session. */
/** showQuickPick, or in test mode the queue of answers (testApi.ts). */
export type QuickPick = <T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions) => Thenable<T | undefined>;

export type TimelineRows = { seqs: number[]; what: string } | undefined;

/** What Export Capture… was invoked on: a tree node, the timeline's filtered rows, or nothing. */
export type ExportArg = TreeNode | { sessionId: string; seqs: number[] } | undefined;

/** The redaction setting, validated: `{ enabled, keys }`. */
export function redactSetting(): RedactOptions {
  const raw = vscode.workspace.getConfiguration('gwsNotifications').get<{ enabled?: unknown; keys?: unknown }>('export.redact');
  const keys = Array.isArray(raw?.keys) && raw.keys.every((k) => typeof k === 'string') ? (raw.keys as string[]) : [...DEFAULT_REDACT_KEYS];
  return { enabled: raw?.enabled === true, keys };
}

async function pickScope(session: CaptureSession, arg: ExportArg, timelineRows: TimelineRows, pick: QuickPick): Promise<{ scope: ExportScope; resource?: { kind: ResourceKind; id: string } } | undefined> {
  const items: Array<vscode.QuickPickItem & { make: () => Promise<ExportScope | undefined>; resource?: { kind: ResourceKind; id: string } }> = [
    { label: 'Everything', description: `${session.tracker.recordCount.toLocaleString('en')} records`, make: async () => ({ kind: 'all' }) },
  ];
  if (arg && 'seqs' in arg) items.unshift({ label: "The timeline's current filter", description: `${arg.seqs.length.toLocaleString('en')} rows`, make: async () => ({ kind: 'seqs', seqs: arg.seqs }) });
  else if (timelineRows) items.unshift({ label: "The timeline's current filter", description: `${timelineRows.seqs.length.toLocaleString('en')} rows · ${timelineRows.what}`, make: async () => ({ kind: 'seqs', seqs: timelineRows.seqs }) });
  if (arg && 'type' in arg && arg.type === 'resource') {
    const resource = { kind: arg.kind, id: arg.resourceId };
    items.unshift({ label: `This ${arg.kind}`, description: arg.resourceId, resource, make: async () => ({ kind: 'resource', resource }) });
  }
  items.push({
    label: 'A time range…',
    make: async () => {
      const validate = (v: string): string | undefined => (!v || Number.isFinite(Date.parse(v)) ? undefined : 'An ISO time, e.g. 2026-11-21T10:00:00Z (empty: open end)');
      const from = await vscode.window.showInputBox({ title: 'Export from (inclusive)', placeHolder: 'ISO time; empty for the beginning', validateInput: validate });
      if (from === undefined) return undefined;
      const to = await vscode.window.showInputBox({ title: 'Export to (inclusive)', placeHolder: 'ISO time; empty for the end', validateInput: validate });
      if (to === undefined) return undefined;
      return { kind: 'timeRange', from: from || undefined, to: to || undefined };
    },
  });
  const picked = await pick(items, { title: `Export ${session.label}: what` });
  if (!picked) return undefined;
  const scope = await picked.make();
  return scope ? { scope, resource: picked.resource } : undefined;
}

/** Export Capture…: scope, format, save dialog, progress with cancel; masking per the setting. */
export async function exportCommand(choice: SessionChoice, log: GwsLog, arg: ExportArg, currentRows: (session: CaptureSession) => Promise<TimelineRows>, pick: QuickPick = (i, o) => vscode.window.showQuickPick(i, o)): Promise<void> {
  // The session invoked on, else the active timeline's, the selected item's, the only one, or ask.
  const session = await choice.choose('Export Capture', arg, true);
  if (!session) return;
  const target = await pickScope(session, arg, await currentRows(session), pick);
  if (!target) return;
  const formats: Array<vscode.QuickPickItem & { format: ExportFormat; ext: string }> = [
    { label: 'NDJSON capture', description: 'lossless, re-importable', format: 'ndjson', ext: 'ndjson' },
    { label: 'JSON array', description: 'pretty and readable, just as lossless', format: 'json', ext: 'json' },
  ];
  if (target.scope.kind === 'resource') formats.push({ label: 'Markdown report', description: 'for a bug report: state path, changes, errors, first and last state', format: 'markdown', ext: 'md' });
  const format = await pick(formats, { title: `Export ${session.label}: format` });
  if (!format) return;
  const redact = redactSetting();
  const suggested = target.resource ? `${target.resource.kind}-${target.resource.id.replace(/[^\w.-]+/g, '_').slice(0, 40)}` : basename(session.journalPath, '.ndjson');
  const uri = await vscode.window.showSaveDialog({ title: `Export ${session.label}${redact.enabled ? ' (masked)' : ''}`, defaultUri: vscode.Uri.file(join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), `${suggested}.${format.ext}`)), filters: { [format.label]: [format.ext] } });
  if (!uri) return;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting to ${basename(uri.fsPath)}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      // Reading, masking and writing run in a worker thread: the host only takes the rows from the tracker.
      return exportInWorker({ journalPath: session.journalPath, tracker: session.tracker }, target.scope, format.format, uri.fsPath, {
        redact,
        signal: abort.signal,
        onProgress: (done, total) => {
          const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
          if (pct > last) progress.report({ increment: pct - last, message: `${pct}%` });
          last = pct;
        },
      });
    });
    log.info(`exported ${result.records} record(s) as ${result.format} to ${result.outPath}${redact.enabled ? ' (masked)' : ''}`);
    const open = await vscode.window.showInformationMessage(`Exported ${result.records.toLocaleString('en')} record(s) to ${basename(result.outPath)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(uri);
  } catch (err) {
    if (err instanceof Error && /abort|cancel/i.test(err.message)) {
      void vscode.window.showInformationMessage('Export cancelled; no file was written.');
      return;
    }
    void vscode.window.showErrorMessage(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Opens a capture file (NDJSON, JSON export or WWE console log, imported on the way) as an offline session, with progress and cancel. */
export async function openCaptureFile(sessions: SessionManager, captures: CaptureDirectory, path: string, log?: GwsLog): Promise<OfflineSession | undefined> {
  try {
    const session = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Opening ${basename(path)}`, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      const onProgress = (done: number, total: number): void => {
        const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
        if (pct > last) progress.report({ increment: pct - last, message: `${pct}%` });
        last = pct;
      };
      return OfflineSession.open(path, path, abort.signal, captures.dir, onProgress);
    });
    if (session.logLocalTimes) log?.info(`imported the WWE log ${path}: ${session.tracker.recordCount} record(s); times are the log's local clock`);
    sessions.addOffline(session);
    return session;
  } catch (err) {
    if (err instanceof Error && (err.name === 'AbortError' || /abort/i.test(err.message))) {
      void vscode.window.showInformationMessage(`Opening ${basename(path)} was cancelled.`);
      return undefined;
    }
    const message = err instanceof NotACaptureError ? err.message : `Cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`;
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

/** Import Workspace Web Edition Log…: a WWE console log (text, Chrome or Firefox) opened as an offline session. */
export async function importWweCommand(sessions: SessionManager, captures: CaptureDirectory, log: GwsLog, logPath?: string): Promise<OfflineSession | undefined> {
  const path = logPath ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Console logs': ['log', 'txt'], 'All files': ['*'] }, title: 'Import Workspace Web Edition Log' }))?.[0]?.fsPath;
  if (!path) return undefined;
  return openCaptureFile(sessions, captures, path, log);
}

/** Import HAR…: the GWS notification traffic of a browser HAR, saved as a capture and opened offline. */
export async function importHarCommand(sessions: SessionManager, captures: CaptureDirectory, log: GwsLog, harPath?: string): Promise<OfflineSession | undefined> {
  const path = harPath ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'HAR files': ['har', 'json'] }, title: 'Import HAR' }))?.[0]?.fsPath;
  if (!path) return undefined;
  let out: string;
  try {
    out = await captures.newJournalPath(`har-${basename(path, '.har')}`);
    const result = await importHarToFile(path, out);
    const messages = result.records.filter((r) => r.kind === 'message').length;
    log.info(`imported ${messages} message(s) from ${path} into ${out}${result.warnings.length ? `; ${result.warnings.length} warning(s)` : ''}`);
    for (const w of result.warnings) log.warn(`HAR: ${w}`);
    if (messages === 0) void vscode.window.showWarningMessage(`${basename(path)} holds no GWS notification traffic (no /api/v2/notifications requests).`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Cannot import ${basename(path)}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  return openCaptureFile(sessions, captures, out);
}

/** Replay as Live Server…: a capture served by the simulator as a live GWS endpoint. */
export class ReplayServers implements vscode.Disposable {
  private readonly running: SimulatorProcess[] = [];

  constructor(private readonly simulatorScript: string, private readonly log: GwsLog) {}

  async command(path?: string): Promise<SimulatorProcess | undefined> {
    const file = path ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Captures: ['ndjson', 'json', 'har'] }, title: 'Replay as Live Server' }))?.[0]?.fsPath;
    if (!file) return undefined;
    const speed = await vscode.window.showQuickPick(
      [
        { label: '1×', description: 'the recorded timing', speed: 1 },
        { label: '10×', description: 'ten times faster', speed: 10 },
        { label: 'max', description: 'as fast as possible, order kept', speed: 0 },
      ],
      { title: 'Replay speed' },
    );
    if (!speed) return undefined;
    try {
      const sim = await spawnSimulator(this.simulatorScript, { port: 0, replay: { file }, speed: speed.speed });
      this.running.push(sim);
      sim.child.once('exit', () => this.running.splice(this.running.indexOf(sim), 1));
      this.log.info(`replaying ${file} at ${speed.label} on ${sim.url} (user agent1, password secret)`);
      const action = await vscode.window.showInformationMessage(`Replaying ${basename(file)} on ${sim.url} (user agent1, password secret). The replay starts at the first subscription.`, 'Copy URL', 'Stop');
      if (action === 'Copy URL') await vscode.env.clipboard.writeText(sim.url);
      if (action === 'Stop') await sim.stop();
      return sim;
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot replay ${basename(file)}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const sim of this.running) void sim.stop();
  }
}
