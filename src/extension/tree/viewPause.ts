import * as vscode from 'vscode';

/**
 * Pause View, per session: a paused session's part of the tree stops following its messages while
 * capture goes on; the others keep refreshing. Also counts what arrived unseen (paused, or the
 * view hidden) for the view's badge.
 */
export class ViewPause implements vscode.Disposable {
  private readonly pausedIds = new Set<string>();
  private readonly unseen = new Map<string, number>();
  private visible = true;
  private total = 0;
  private readonly onDidChangeUnseenEmitter = new vscode.EventEmitter<number>();
  /** Records that arrived while their session was paused or the view hidden. */
  readonly onDidChangeUnseen = this.onDidChangeUnseenEmitter.event;

  /** True while any session is paused. */
  get any(): boolean {
    return this.pausedIds.size > 0;
  }

  get unseenCount(): number {
    return this.total;
  }

  has(sessionId: string): boolean {
    return this.pausedIds.has(sessionId);
  }

  /** The ids of the paused sessions. */
  get ids(): string[] {
    return [...this.pausedIds];
  }

  /** Pauses or resumes these sessions; what a resumed one missed is no longer unseen if the view is shown. */
  set(paused: boolean, sessionIds: readonly string[]): void {
    for (const id of sessionIds) {
      if (paused) this.pausedIds.add(id);
      else {
        this.pausedIds.delete(id);
        if (this.visible) this.unseen.delete(id);
      }
    }
    void vscode.commands.executeCommand('setContext', 'gwsNotifications.paused', this.pausedIds.size > 0);
    this.recount();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) for (const id of [...this.unseen.keys()]) if (!this.pausedIds.has(id)) this.unseen.delete(id);
    this.recount();
  }

  /** Counts `records` of `sessionId` if nobody sees them; true when the session's tree is frozen. */
  arrived(sessionId: string, records: number): boolean {
    const paused = this.pausedIds.has(sessionId);
    if (records > 0 && (paused || !this.visible)) {
      this.unseen.set(sessionId, (this.unseen.get(sessionId) ?? 0) + records);
      this.recount();
    }
    return paused;
  }

  /** Forgets a closed session. */
  forget(sessionId: string): void {
    this.unseen.delete(sessionId);
    if (this.pausedIds.has(sessionId)) this.set(false, [sessionId]);
    else this.recount();
  }

  dispose(): void {
    this.onDidChangeUnseenEmitter.dispose();
  }

  private recount(): void {
    let n = 0;
    for (const v of this.unseen.values()) n += v;
    if (n === this.total) return;
    this.total = n;
    this.onDidChangeUnseenEmitter.fire(n);
  }
}
