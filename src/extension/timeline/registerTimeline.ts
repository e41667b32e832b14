import * as vscode from 'vscode';
import type { CaptureSession } from '../../session/captureSession';
import { TIMELINE_VIEW_TYPE, type TimelineScope } from '../../timelineProtocol';
import type { SessionManager } from '../sessionManager';
import { TimelineContext, TimelinePanel } from './timelinePanel';

/** The extension's one entry into the timeline webview: the panel serializer and openTimeline(). */

/** What openTimeline() shows: a session (or its id; default the live one) and a scope (default all traffic). */
export interface TimelineTarget {
  session?: CaptureSession;
  sessionId?: string;
  scope?: TimelineScope;
  /** The record to select (a finding's): the list scrolls to it and the detail shows it. */
  selectedSeq?: number;
}

/** The API registerTimeline() returns. */
export interface TimelineApi {
  /** Disposables to push into context.subscriptions. */
  disposables: vscode.Disposable[];
  /** Opens (or re-scopes and reveals) the GWS Timeline panel. */
  openTimeline(target?: TimelineTarget): void;
}

/** Registers the panel serializer (so the panel survives a reload) and returns openTimeline(). */
export function registerTimeline(context: vscode.ExtensionContext, sessions: SessionManager, log: { warn(text: string): void }, choice?: TimelineContext['choice'], findingsOf?: TimelineContext['findingsOf']): TimelineApi {
  const ctx: TimelineContext = { extensionUri: context.extensionUri, sessions, log, choice, findingsOf };
  const serializer = vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => {
      TimelinePanel.revive(panel, ctx, state);
    },
  });
  return {
    disposables: [serializer, { dispose: () => TimelinePanel.disposeCurrent() }],
    openTimeline: (target = {}) => {
      const session = target.session ?? (target.sessionId !== undefined ? sessions.find(target.sessionId) : undefined) ?? sessions.all[0];
      if (!session) {
        void vscode.window.showInformationMessage('Connect, start the demo simulator or open a capture first.');
        return;
      }
      TimelinePanel.createOrShow(ctx, session, target.scope ?? { kind: 'all' }, target.selectedSeq);
    },
  };
}
