import * as vscode from 'vscode';
import type { LiveSession } from '../session/liveSession';
import { Disposable } from './dispose';
import type { SessionManager } from './sessionManager';
import { isActiveState, statusSummary } from './sessionRules';
import type { GwsTreeProvider } from './tree/gwsTreeProvider';

/** Every live session summed up: how many, messages, rate; each listed on hover. A click opens the actions. */
export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('gwsNotifications.status', vscode.StatusBarAlignment.Left, 50));
  private readonly last = new WeakMap<LiveSession, { count: number; time: number; rate: number }>();

  constructor(private readonly sessions: SessionManager, private readonly tree: GwsTreeProvider) {
    super();
    this.item.name = 'GWS Notifications';
    this.item.command = 'gwsNotifications.statusBarActions';
    const timer = setInterval(() => this.tick(), 1000);
    this._register({ dispose: () => clearInterval(timer) });
    this._register(sessions.onDidChangeSessions(() => this.render()));
    this._register(sessions.onDidChangeSession(({ change }) => change.state && this.render()));
    this._register(tree.onDidChangeUnseen(() => this.render()));
    this.render();
  }

  private tick(): void {
    const now = Date.now();
    for (const s of this.sessions.live) {
      const count = s.tracker.messageCount;
      const prev = this.last.get(s);
      const rate = prev && count >= prev.count ? ((count - prev.count) * 1000) / Math.max(1, now - prev.time) : 0;
      this.last.set(s, { count, time: now, rate });
    }
    this.render();
  }

  private render(): void {
    const list = this.sessions.live.map((s) => ({ label: s.label, state: s.state, messages: s.tracker.messageCount, rate: this.last.get(s)?.rate ?? 0, detail: s.stateDetail }));
    const summary = statusSummary(list);
    const paused = this.tree.paused ? ` · paused (${this.tree.unseenCount} new)` : '';
    const icon = list.length === 0 ? '$(debug-disconnect)' : summary.worst === 'error' ? '$(error)' : summary.worst === 'reconnecting' ? '$(sync~spin)' : list.some((s) => s.state === 'connected') ? '$(plug)' : '$(debug-disconnect)';
    this.item.text = `${icon} ${summary.text}${paused}`;
    this.item.tooltip = summary.tooltip;
    this.item.backgroundColor = summary.worst === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : summary.worst === 'reconnecting' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}

/** The QuickPick behind the status bar item. */
export async function statusBarActions(sessions: SessionManager, paused: boolean): Promise<void> {
  const active = sessions.live.filter((s) => isActiveState(s.state));
  const items: Array<vscode.QuickPickItem & { command: string }> = active.length
    ? [
        { label: '$(add) Subscribe to Topic…', command: 'gwsNotifications.subscribe' },
        { label: '$(remove) Unsubscribe…', command: 'gwsNotifications.unsubscribe' },
        { label: '$(list-flat) Open Timeline', command: 'gwsNotifications.openTimeline' },
        paused ? { label: '$(play) Resume View', command: 'gwsNotifications.resumeView' } : { label: '$(debug-pause) Pause View', command: 'gwsNotifications.pauseView' },
        { label: '$(clear-all) Clear', command: 'gwsNotifications.clear' },
        { label: '$(plug) Connect…', command: 'gwsNotifications.connect' },
        { label: '$(output) Show Connection Log', command: 'gwsNotifications.showLog' },
        { label: '$(debug-disconnect) Disconnect…', command: 'gwsNotifications.disconnect' },
      ]
    : [
        { label: '$(plug) Connect…', command: 'gwsNotifications.connect' },
        { label: '$(layers) Connect Connection Set…', command: 'gwsNotifications.connectSet' },
        { label: '$(play) Start Demo Simulator', command: 'gwsNotifications.startDemo' },
        { label: '$(output) Show Connection Log', command: 'gwsNotifications.showLog' },
      ];
  if (active.length > 1) items.push({ label: '$(debug-disconnect) Disconnect All', command: 'gwsNotifications.disconnectAll' });
  const title = active.length === 1 ? `GWS: ${active[0].label} (${active[0].state})` : active.length ? `GWS: ${active.length} sessions` : 'GWS Notifications';
  const picked = await vscode.window.showQuickPick(items, { title });
  if (picked) await vscode.commands.executeCommand(picked.command);
}
