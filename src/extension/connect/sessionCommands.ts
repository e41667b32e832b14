import * as vscode from 'vscode';
import type { CaptureDirectory } from '../../capture/captureDirectory';
import type { LiveSession } from '../../session/liveSession';
import type { GwsLog } from '../log';
import type { SessionChoice } from '../sessionChoice';
import type { SessionManager } from '../sessionManager';
import { plural } from '../sessionRules';
import { pickTopic } from './topicPicker';

/**
 * The commands that act on one live session: Disconnect, Clear, Subscribe, Unsubscribe, Start
 * Contact Center Session, Close Session. Each acts on the session it was invoked on or the one
 * SessionChoice finds, and touches no other session.
 */
export class SessionCommands {
  constructor(
    private readonly sessions: SessionManager,
    private readonly choice: SessionChoice,
    private readonly captures: CaptureDirectory,
    private readonly log: GwsLog,
    private readonly onCaptureCreated: () => void,
  ) {}

  async disconnect(arg?: unknown): Promise<void> {
    const live = await this.choice.chooseActive('Disconnect', arg);
    if (!live) return;
    await live.stop();
    this.log.info(`[${live.label}] disconnected`);
    this.onCaptureCreated();
  }

  /** Disconnects every live session (the status bar's action with several). */
  async disconnectAll(): Promise<void> {
    await Promise.all(this.sessions.active.map((s) => this.disconnect(s.id)));
  }

  /** Clear: the session's journal so far is closed (it stays in Recent Captures), a new one starts. */
  async clear(arg?: unknown): Promise<void> {
    const live = await this.choice.chooseActive('Clear', arg);
    if (!live) return;
    const path = await this.captures.newJournalPath(live.label);
    await live.clear(path);
    this.log.info(`[${live.label}] cleared: recording into ${path}`);
    this.onCaptureCreated();
  }

  async subscribe(channel?: string, arg?: unknown): Promise<void> {
    const live = await this.choice.chooseActive('Subscribe to Topic', arg);
    if (!live) return;
    const topic = channel ?? (await pickTopic(new Set(live.topics.map((t) => t.channel)), live.label));
    if (!topic) return;
    live.subscribe(topic);
    this.log.info(`[${live.label}] subscribe ${topic}`);
  }

  async unsubscribe(channel?: string, arg?: unknown): Promise<void> {
    const live = await this.choice.chooseActive('Unsubscribe', arg);
    if (!live) return;
    const topic = channel ?? (await vscode.window.showQuickPick(live.topics.map((t) => ({ label: t.channel, description: plural(t.count, 'message') })), { title: `Unsubscribe ${live.label} from` }))?.label;
    if (!topic) return;
    live.unsubscribe(topic);
    this.log.info(`[${live.label}] unsubscribe ${topic}`);
  }

  /** The only action that changes the agent's state: explicit and confirmed. */
  async startContactCenterSession(arg?: unknown): Promise<void> {
    const live = await this.choice.chooseActive('Start Contact Center Session', arg);
    if (!live || live.state !== 'connected') return;
    const channels = await vscode.window.showQuickPick(['voice', 'chat', 'email', 'workitem'].map((c) => ({ label: c, picked: c === 'voice' })), { canPickMany: true, title: `Start Contact Center Session for ${live.label}: channels` });
    if (!channels?.length) return;
    const names = channels.map((c) => c.label);
    const ok = await vscode.window.showWarningMessage(
      `Start a contact center session for ${live.user ?? 'this user'} on ${live.label} (${names.join(', ')})? This changes the agent's state on the server.`,
      { modal: true },
      'Start Session',
    );
    if (ok !== 'Start Session') return;
    try {
      const result = (await live.connection.startContactCenterSession(names)) as { statusCode: number };
      const text = result.statusCode === 0 ? 'started' : result.statusCode === 7 ? 'partially started (some channels are unknown)' : `answered statusCode ${result.statusCode}`;
      this.log.info(`[${live.label}] StartContactCenterSession ${names.join(',')}: ${text}`);
      void vscode.window.showInformationMessage(`Contact center session ${text}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Start Contact Center Session failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Close Session: a capture's root goes; a live session is disconnected first. Its journal stays. */
  async close(arg?: unknown): Promise<void> {
    const session = await this.choice.choose('Close Session', arg);
    if (!session) return;
    if (session.kind === 'live') {
      const live = session as LiveSession;
      await live.stop();
      this.log.info(`[${live.label}] closed; journal kept at ${live.journalPath}`);
      this.onCaptureCreated();
    }
    this.sessions.close(session);
  }
}
