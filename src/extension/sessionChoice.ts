import * as vscode from 'vscode';
import type { CaptureSession } from '../session/captureSession';
import type { LiveSession } from '../session/liveSession';
import type { QuickPick } from './commands/exchangeCommands';
import type { SessionManager } from './sessionManager';
import { defaultSession, isActiveState } from './sessionRules';

/** What the tree's selection and command arguments may be: anything with a `session`, or a `sessionId`. */
type SessionCarrier = { session?: unknown; sessionId?: unknown } | undefined;

/**
 * The one way a command that acts on one session finds it: the node it was invoked on, the
 * active timeline's session, the tree's selected item's session, the only session, or a QuickPick
 * whose title names the action. Every such command (Subscribe, Pause, Disconnect, Export, and
 * what later issues add) goes through here. Rules: sessionRules.defaultSession.
 */
export class SessionChoice {
  private timelineSession: CaptureSession | undefined;
  private timelineActive = false;

  constructor(
    private readonly sessions: SessionManager,
    private readonly selection: () => readonly unknown[],
    /** showQuickPick, or in test mode the queue of answers (testApi.ts). */
    private readonly pickOne: QuickPick = (items, options) => vscode.window.showQuickPick(items, options),
  ) {}

  /**
   * The timeline panel reports which session it shows (undefined when it shows none, or All
   * sessions) and whether it is the active editor.
   */
  setTimelineSession(session: CaptureSession | undefined, active: boolean): void {
    this.timelineSession = session;
    this.timelineActive = active && session !== undefined;
  }

  /** The session the timeline panel shows, if one. */
  get timeline(): CaptureSession | undefined {
    return this.timelineSession && this.sessions.all.includes(this.timelineSession) ? this.timelineSession : undefined;
  }

  /** The session `arg` (a tree node, `{ sessionId }`, a session id) names, if any. */
  sessionOf(arg: unknown): CaptureSession | undefined {
    if (typeof arg === 'string') return this.sessions.find(arg);
    const carrier = arg as SessionCarrier;
    if (carrier && typeof carrier === 'object') {
      if (typeof carrier.sessionId === 'string') return this.sessions.find(carrier.sessionId);
      const s = carrier.session as CaptureSession | undefined;
      if (s && typeof s === 'object' && typeof s.id === 'string') return this.sessions.find(s.id);
    }
    return undefined;
  }

  /** The default without asking (undefined: none, or several and nothing to go by). */
  peek(candidates: readonly CaptureSession[], arg?: unknown, preferActive = false): CaptureSession | undefined {
    return defaultSession(candidates, {
      invokedOn: this.sessionOf(arg),
      selected: this.sessionOf(this.selection()[0]),
      timeline: this.timeline,
      timelineActive: this.timelineActive,
    }, preferActive ? (s) => isActiveState(s.state) : undefined);
  }

  /**
   * Any session (live or offline) for `action`; asks when the default is not clear. A command that
   * only shows a session (`view`: Open Timeline, Export) defaults to the one running session.
   */
  choose(action: string, arg?: unknown, view = false): Promise<CaptureSession | undefined> {
    return this.chooseFrom(action, this.sessions.all, arg, view);
  }

  /** A live session whose connection is up or coming up, for `action`. */
  async chooseActive(action: string, arg?: unknown): Promise<LiveSession | undefined> {
    return (await this.chooseFrom(action, this.sessions.active, arg)) as LiveSession | undefined;
  }

  /** Any live session (a failed one too), for `action`. */
  async chooseLive(action: string, arg?: unknown): Promise<LiveSession | undefined> {
    return (await this.chooseFrom(action, this.sessions.live, arg)) as LiveSession | undefined;
  }

  /** One of `candidates` for `action`, by the same rules. */
  async chooseFrom(action: string, candidates: readonly CaptureSession[], arg?: unknown, preferActive = false): Promise<CaptureSession | undefined> {
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`${action}: no session to act on. Connect, start the demo simulator or open a capture first.`);
      return undefined;
    }
    const chosen = this.peek(candidates, arg, preferActive);
    if (chosen) return chosen;
    const items = candidates.map((s) => ({
      label: s.label,
      description: [s.kind === 'offline' ? 'offline' : s.state, s.user].filter(Boolean).join(' · '),
      detail: `${s.tracker.messageCount.toLocaleString('en')} message(s)${isActiveState(s.state) ? '' : ` · ${s.journalPath}`}`,
      session: s,
    }));
    const picked = await this.pickOne(items, { title: `${action}: which session?`, placeHolder: 'Select a session (or select one in the GWS Notifications view first)' });
    return picked?.session;
  }
}
