import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { RowFindingsView } from '../../findings/rowFindings';
import type { CaptureSession } from '../../session/captureSession';
import { linkedTwins } from '../../timeline/sessionSources';
import { TimelineService } from '../../timeline/timelineService';
import { checkWebviewMessage } from '../../timeline/webviewMessageCheck';
import { makeNonce, timelineHtml } from '../../timeline/webviewHtml';
import { isWebviewEvent, TIMELINE_VIEW_TYPE, type Envelope, type HostMessage, type TimelineFilter, type TimelineScope, type WebviewMessage } from '../../timelineProtocol';
import { MessageHandler, RequestFailedError } from '../../timelineRequests';
import { Disposable } from '../dispose';
import type { SessionManager } from '../sessionManager';
import { openStateDiff } from '../stateDocuments';

/**
 * The "GWS Timeline" WebviewPanel: one panel, re-scoped by createOrShow. The page is rebuilt
 * whenever it is shown (no retainContextWhenHidden); it pulls a snapshot with `webview/ready` and
 * the TimelineService answers from the session's tracker and journal.
 */

/** The webview bundle's folder (scripts/build.mjs): with media/, all the page may load. */
export const WEBVIEW_BUNDLE_DIR = ['dist', 'webview'] as const;

/** The `gwsNotifications.timeline.textCacheMB` setting in bytes (the search worker's cache budget). */
function textCacheBytes(): number {
  const mb = vscode.workspace.getConfiguration('gwsNotifications').get<number>('timeline.textCacheMB', 64);
  return Math.max(0, Number.isFinite(mb) ? mb : 64) * 1024 * 1024;
}

/** What the panel needs from the extension. */
export interface TimelineContext {
  extensionUri: vscode.Uri;
  sessions: SessionManager;
  log: { warn(text: string): void };
  /** Told which session the panel shows and whether it is the active editor (commands default to it). */
  choice?: { setTimelineSession(session: CaptureSession | undefined, active: boolean): void };
  /** A session's findings (row markers, `is:finding`, the text beside the diff). */
  findingsOf?: (session: CaptureSession) => RowFindingsView | undefined;
}

const NO_CAPTURE = 'no capture is open. Connect, start the demo or open a capture file.';

/** UI state the webview saves; only the fields the host reads on restore. */
interface SavedState {
  sessionId?: unknown;
  scope?: unknown;
}

/** The timeline panel; see the module comment. */
export class TimelinePanel extends Disposable {
  private static current: TimelinePanel | undefined;
  private service: TimelineService | undefined;
  /** The record the panel was last asked to select (a finding's), for describeCurrent. */
  private askedSeq: number | undefined;

  /** Shows the panel for `session` and `scope`, creating it or re-scoping the open one. */
  static createOrShow(ctx: TimelineContext, session: CaptureSession | undefined, scope: TimelineScope, selectedSeq?: number): TimelinePanel {
    const open = TimelinePanel.current;
    if (open) {
      open.attach(session, scope, selectedSeq);
      open.panel.reveal(undefined, false);
      return open;
    }
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, 'GWS Timeline', vscode.ViewColumn.Active, TimelinePanel.options(ctx.extensionUri));
    return new TimelinePanel(panel, ctx, session, scope, selectedSeq);
  }

  /** Restores a panel VS Code kept across a reload, on the session its saved state names if still open. */
  static revive(panel: vscode.WebviewPanel, ctx: TimelineContext, state: unknown): TimelinePanel {
    const saved = (typeof state === 'object' && state !== null ? state : {}) as SavedState;
    const session = (typeof saved.sessionId === 'string' ? ctx.sessions.find(saved.sessionId) : undefined) ?? ctx.sessions.all[0];
    panel.webview.options = TimelinePanel.options(ctx.extensionUri);
    // The webview sends its saved scope with `webview/ready`; the service validates it there.
    return new TimelinePanel(panel, ctx, session, { kind: 'all' });
  }

  /** Closes the open panel, if any (extension deactivation). */
  static disposeCurrent(): void {
    TimelinePanel.current?.dispose();
  }

  /** The rows the open panel shows of `session` (its scope and filter), if it shows that session. */
  static async currentRows(session: CaptureSession): Promise<{ seqs: number[]; scope: TimelineScope; filter: TimelineFilter } | undefined> {
    return TimelinePanel.current?.service?.rowsOf(session);
  }

  /** What the open panel's page is allowed to load and what it was given (test mode only reads this). */
  static describeCurrent(): { localResourceRoots: string[]; html: string; sessionId?: string; scope?: TimelineScope; selectedSeq?: number } | undefined {
    const webview = TimelinePanel.current?.panel.webview;
    const service = TimelinePanel.current?.service;
    const selectedSeq = TimelinePanel.current?.askedSeq;
    return webview && { localResourceRoots: (webview.options.localResourceRoots ?? []).map((u) => u.toString()), html: webview.html, sessionId: service?.session.id, scope: service?.scope, selectedSeq };
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      // Not dist/ as a whole: the page has no business reading extension.js, connection.js or maps.
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_BUNDLE_DIR), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly ctx: TimelineContext, session: CaptureSession | undefined, scope: TimelineScope, selectedSeq?: number) {
    super();
    TimelinePanel.current = this;
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(panel.onDidChangeViewState(({ webviewPanel }) => {
      // A hidden webview loses its page; it reports ready again when shown.
      if (!webviewPanel.visible) this.service?.suspend();
      this.tellChoice();
    }));
    this._register(ctx.sessions.onDidChangeSessions(() => this.onSessionsChanged()));
    this.attach(session, scope, selectedSeq);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.service?.dispose();
    this.service = undefined;
    this.ctx.choice?.setTimelineSession(undefined, false);
    this.panel.dispose();
    super.dispose();
  }

  /** Points the panel at `session` and `scope` (and selects record `selectedSeq`); a different session reloads the page. */
  private attach(session: CaptureSession | undefined, scope: TimelineScope, selectedSeq?: number): void {
    this.askedSeq = selectedSeq;
    // All sessions reads every session whichever one it was opened from: no reload.
    if (session && (this.service?.session === session || (this.service && scope.allSessions && scope.kind !== 'resource'))) {
      this.service.setScope(scope, selectedSeq);
      return;
    }
    this.service?.dispose();
    this.service = session ? this.makeService(session, scope) : undefined;
    if (selectedSeq !== undefined) this.service?.setScope(scope, selectedSeq);
    this.panel.webview.html = this.html();
    this.tellChoice();
  }

  /** Tells SessionChoice the session the timeline is about; none while it shows All sessions. */
  private tellChoice(): void {
    const service = this.service;
    this.ctx.choice?.setTimelineSession(service && !(service.scope.allSessions && service.scope.kind !== 'resource') ? service.shown : undefined, this.panel.active);
  }

  private makeService(session: CaptureSession, scope: TimelineScope): TimelineService {
    const sessions = this.ctx.sessions;
    return new TimelineService(session, {
      post: (message: Envelope<HostMessage>) => void this.panel.webview.postMessage(message),
      openDiff: (seq, kind, id, of) => void openStateDiff(sessions, of.id, kind, id, seq),
      exportSeqs: (seqs, of) => void vscode.commands.executeCommand('gwsNotifications.exportCapture', { sessionId: of.id, seqs }),
      shownSession: () => this.tellChoice(),
      log: (text) => this.ctx.log.warn(text),
    }, { scope, textBudget: textCacheBytes(), sessions: { all: () => sessions.all, onDidChange: sessions.onDidChangeSessions, twinsOf: (s, kind, id) => linkedTwins(sessions.all, s, kind, id), findingsOf: this.ctx.findingsOf } });
  }

  private onMessage(raw: unknown): void {
    if (this.service) {
      void this.service.receive(raw);
      return;
    }
    // No session to show: the page's ready is told so, any other request is refused.
    void this.idle.receive(raw);
  }

  /** Answers the page while no session is attached (every request still gets its one reply). */
  private readonly idle = new MessageHandler<HostMessage, WebviewMessage>(
    (m) => void this.panel.webview.postMessage(m),
    (m) => {
      if (m.type === 'webview/ready') return { type: 'timeline/closed', reason: NO_CAPTURE };
      if (!isWebviewEvent(m.type)) throw new RequestFailedError('refused', NO_CAPTURE);
      return undefined;
    },
    { check: checkWebviewMessage, isEvent: (m) => isWebviewEvent(m.type) },
  );

  private onSessionsChanged(): void {
    const sessions = this.ctx.sessions;
    const scope = this.service?.scope;
    if (this.service && !sessions.all.includes(this.service.session)) {
      this.service.close('the session was closed');
      this.service.dispose();
      this.service = undefined;
    }
    if (!this.service) {
      const next = sessions.all[0];
      // All sessions outlives the session it was opened from.
      if (next) this.attach(next, scope?.allSessions && scope.kind !== 'resource' ? scope : { kind: 'all' });
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, ...path)).toString();
    return timelineHtml({ cspSource: webview.cspSource, nonce: makeNonce((n) => randomBytes(n)), scriptUri: asset(...WEBVIEW_BUNDLE_DIR, 'webview.js'), styleUris: [asset('media', 'timeline.css')] });
  }
}
