import * as vscode from 'vscode';
import type { CaptureSession, SessionChange } from '../session/captureSession';
import type { LiveSession } from '../session/liveSession';
import type { OfflineSession } from '../session/offlineSession';
import { Disposable } from './dispose';
import { baseLabel, isActiveState, uniqueLabel } from './sessionRules';

/** A session and what it changed. */
export interface SessionEvent {
  session: CaptureSession;
  change: SessionChange;
}

/**
 * The sessions the UI shows: any number of live connections (each its own process and journal)
 * and any number of offline captures. Keeps the when-clause context keys true for all of them.
 */
export class SessionManager extends Disposable {
  private readonly liveList: LiveSession[] = [];
  private readonly offlineList: OfflineSession[] = [];
  private readonly subscriptions = new Map<string, vscode.Disposable>();
  private readonly onDidChangeSessionsEmitter = this._register(new vscode.EventEmitter<void>());
  private readonly onDidChangeSessionEmitter = this._register(new vscode.EventEmitter<SessionEvent>());
  /** A session was added or removed. */
  readonly onDidChangeSessions = this.onDidChangeSessionsEmitter.event;
  /** Something changed inside a session. */
  readonly onDidChangeSession = this.onDidChangeSessionEmitter.event;

  constructor() {
    super();
    this.updateContext();
  }

  /** Every live session, in the order they were connected (failed and disconnected ones too). */
  get live(): readonly LiveSession[] {
    return this.liveList;
  }

  /** The live sessions whose connection may still deliver (connecting, connected, reconnecting). */
  get active(): LiveSession[] {
    return this.liveList.filter((s) => isActiveState(s.state));
  }

  get offline(): readonly OfflineSession[] {
    return this.offlineList;
  }

  get all(): CaptureSession[] {
    return [...this.liveList, ...this.offlineList];
  }

  find(id: string): CaptureSession | undefined {
    return this.all.find((s) => s.id === id);
  }

  /** The label a new live session of `user` on `url` gets: `user@host:port`, `#2` for a second one. */
  labelFor(url: string, user: string | undefined, replacing?: LiveSession): string {
    const base = baseLabel(url, user);
    if (replacing && (replacing.label === base || replacing.label.startsWith(`${base} #`))) return replacing.label;
    return uniqueLabel(base, this.liveList.filter((s) => s !== replacing).map((s) => s.label));
  }

  /** Adds a live session, or puts it in the place of `replacing` (a stopped one), which is disposed. */
  addLive(session: LiveSession, replacing?: LiveSession): void {
    const at = replacing ? this.liveList.indexOf(replacing) : -1;
    if (replacing && at >= 0) {
      this.detach(replacing);
      replacing.dispose();
      this.liveList.splice(at, 1, session);
    } else {
      this.liveList.push(session);
    }
    this.attach(session);
    this.changed();
  }

  addOffline(session: OfflineSession): void {
    this.offlineList.push(session);
    this.attach(session);
    this.changed();
  }

  /** Closes one session (its process stops, its journal stays on disk); the others are untouched. */
  close(session: CaptureSession): void {
    const list: CaptureSession[] = session.kind === 'live' ? this.liveList : this.offlineList;
    const i = list.indexOf(session);
    if (i < 0) return;
    list.splice(i, 1);
    this.detach(session);
    session.dispose();
    this.changed();
  }

  closeOffline(session: OfflineSession): void {
    this.close(session);
  }

  override dispose(): void {
    for (const s of this.all) {
      this.detach(s);
      s.dispose();
    }
    super.dispose();
  }

  private attach(session: CaptureSession): void {
    const d = session.onDidChange((change) => {
      if (change.state && session.kind === 'live') this.updateContext();
      this.onDidChangeSessionEmitter.fire({ session, change });
    });
    this.subscriptions.set(session.id, d);
  }

  private detach(session: CaptureSession): void {
    this.subscriptions.get(session.id)?.dispose();
    this.subscriptions.delete(session.id);
  }

  private changed(): void {
    this.updateContext();
    this.onDidChangeSessionsEmitter.fire();
  }

  private lastContext = '';

  private updateContext(): void {
    const active = this.active.length;
    const key = `${active}|${this.all.length}|${this.liveList.length}`;
    // State changes arrive per session; the context keys change far less often.
    if (key === this.lastContext) return;
    this.lastContext = key;
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.connected', active > 0);
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.manyConnected', active > 1);
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.hasLive', this.liveList.length > 0);
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.hasSession', this.all.length > 0);
  }
}
