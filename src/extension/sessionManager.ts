import * as vscode from 'vscode';
import type { CaptureSession, SessionChange } from '../session/captureSession';
import type { LiveSession } from '../session/liveSession';
import type { OfflineSession } from '../session/offlineSession';
import { Disposable } from './dispose';

/** A session and what it changed. */
export interface SessionEvent {
  session: CaptureSession;
  change: SessionChange;
}

/**
 * The sessions the UI shows: at most one live connection, any number of offline captures. Keeps
 * the when-clause context keys true.
 */
export class SessionManager extends Disposable {
  private liveNow: LiveSession | undefined;
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

  get live(): LiveSession | undefined {
    return this.liveNow;
  }

  get offline(): readonly OfflineSession[] {
    return this.offlineList;
  }

  get all(): CaptureSession[] {
    return [...(this.liveNow ? [this.liveNow] : []), ...this.offlineList];
  }

  find(id: string): CaptureSession | undefined {
    return this.all.find((s) => s.id === id);
  }

  /** Replaces the live session, disposing the old one (the caller has asked the user first). */
  setLive(session: LiveSession | undefined): void {
    const old = this.liveNow;
    if (old && old !== session) {
      this.detach(old);
      old.dispose();
    }
    this.liveNow = session;
    if (session) this.attach(session);
    this.updateContext();
    this.onDidChangeSessionsEmitter.fire();
  }

  addOffline(session: OfflineSession): void {
    this.offlineList.push(session);
    this.attach(session);
    this.updateContext();
    this.onDidChangeSessionsEmitter.fire();
  }

  closeOffline(session: OfflineSession): void {
    const i = this.offlineList.indexOf(session);
    if (i < 0) return;
    this.offlineList.splice(i, 1);
    this.detach(session);
    session.dispose();
    this.updateContext();
    this.onDidChangeSessionsEmitter.fire();
  }

  override dispose(): void {
    for (const s of this.all) this.detach(s);
    this.liveNow?.dispose();
    for (const s of this.offlineList) s.dispose();
    super.dispose();
  }

  private attach(session: CaptureSession): void {
    const d = session.onDidChange((change) => {
      if (change.state && session === this.liveNow) this.updateContext();
      this.onDidChangeSessionEmitter.fire({ session, change });
    });
    this.subscriptions.set(session.id, d);
  }

  private detach(session: CaptureSession): void {
    this.subscriptions.get(session.id)?.dispose();
    this.subscriptions.delete(session.id);
  }

  private updateContext(): void {
    const state = this.liveNow?.state;
    const active = state === 'connected' || state === 'connecting' || state === 'reconnecting';
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.connected', active);
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.hasSession', this.all.length > 0);
  }
}
