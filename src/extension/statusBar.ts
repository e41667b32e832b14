import * as vscode from 'vscode';
import { plural } from '../util/wording';
import { Disposable } from './dispose';
import type { SessionManager } from './sessionManager';
import type { GwsTreeProvider } from './tree/gwsTreeProvider';

const ICONS: Record<string, string> = { connected: '$(plug)', connecting: '$(sync~spin)', reconnecting: '$(sync~spin)', disconnected: '$(debug-disconnect)', error: '$(error)' };

/** Connection state, message count and rate; a click opens the connection actions. */
export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('gwsNotifications.status', vscode.StatusBarAlignment.Left, 50));
  private lastCount = 0;
  private lastTime = Date.now();
  private rate = 0;

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
    const live = this.sessions.live;
    const count = live?.tracker.messageCount ?? 0;
    const now = Date.now();
    this.rate = count >= this.lastCount ? ((count - this.lastCount) * 1000) / Math.max(1, now - this.lastTime) : 0;
    this.lastCount = count;
    this.lastTime = now;
    this.render();
  }

  private render(): void {
    const live = this.sessions.live;
    if (!live) {
      this.item.text = '$(debug-disconnect) GWS';
      this.item.tooltip = 'GWS Notifications: not connected';
      this.item.show();
      return;
    }
    const state = live.state;
    const count = live.tracker.messageCount;
    const paused = this.tree.paused ? ` · paused (${this.tree.unseenCount} new)` : '';
    const traffic = state === 'connected' ? ` ${plural(count, 'msg')} · ${this.rate.toFixed(1)}/s` : ` ${state}`;
    this.item.text = `${ICONS[state] ?? ''} GWS${traffic}${paused}`;
    this.item.tooltip = `${live.label}: ${state}${live.stateDetail ? ` — ${live.stateDetail}` : ''}\n${plural(count, 'message')}, ${plural(live.tracker.resourceCount, 'resource')}\nClick for connection actions`;
    this.item.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : state === 'reconnecting' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}

/** The QuickPick behind the status bar item. */
export async function statusBarActions(sessions: SessionManager, paused: boolean): Promise<void> {
  const live = sessions.live;
  const active = live && (live.state === 'connected' || live.state === 'reconnecting' || live.state === 'connecting');
  const items: Array<vscode.QuickPickItem & { command: string }> = active
    ? [
        { label: '$(add) Subscribe to Topic…', command: 'gwsNotifications.subscribe' },
        { label: '$(remove) Unsubscribe…', command: 'gwsNotifications.unsubscribe' },
        { label: '$(list-flat) Open Timeline', command: 'gwsNotifications.openTimeline' },
        paused ? { label: '$(play) Resume View', command: 'gwsNotifications.resumeView' } : { label: '$(debug-pause) Pause View', command: 'gwsNotifications.pauseView' },
        { label: '$(clear-all) Clear', command: 'gwsNotifications.clear' },
        { label: '$(output) Show Connection Log', command: 'gwsNotifications.showLog' },
        { label: '$(debug-disconnect) Disconnect', command: 'gwsNotifications.disconnect' },
      ]
    : [
        { label: '$(plug) Connect…', command: 'gwsNotifications.connect' },
        { label: '$(play) Start Demo Simulator', command: 'gwsNotifications.startDemo' },
        { label: '$(output) Show Connection Log', command: 'gwsNotifications.showLog' },
      ];
  const picked = await vscode.window.showQuickPick(items, { title: live ? `GWS: ${live.label} (${live.state})` : 'GWS Notifications' });
  if (picked) await vscode.commands.executeCommand(picked.command);
}
