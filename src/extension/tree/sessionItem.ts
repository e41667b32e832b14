import * as vscode from 'vscode';
import type { CaptureSession } from '../../session/captureSession';
import type { LiveSession } from '../../session/liveSession';
import { failureShort, isActiveState } from '../sessionRules';
import { sessionNodeId } from './treeNodes';

/** A session's root: its label, state and, for a failed one, why; each session has its own. */
export function sessionTreeItem(session: CaptureSession, paused = false): vscode.TreeItem {
  const item = new vscode.TreeItem(session.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = sessionNodeId(session);
  const state = session.state;
  // A failed session says why on its own root; the others keep running.
  const failure = session.kind === 'live' && state === 'error' ? (session as LiveSession).failure : undefined;
  // A live root's label names the user and server (agent2@host:port); its description the saved server entry.
  const origin = session.kind === 'live' ? (session as LiveSession).serverName : session.user;
  item.description = [state, failure ? failureShort(failure.code) : origin, paused && 'view paused'].filter(Boolean).join(' · ');
  item.tooltip = [session.label, failure?.message, session.stateDetail, `journal: ${session.journalPath}`].filter(Boolean).join('\n');
  item.iconPath = new vscode.ThemeIcon(
    state === 'connected' ? 'plug' : state === 'offline' ? 'archive' : state === 'error' ? 'error' : state === 'disconnected' ? 'debug-disconnect' : 'sync~spin',
  );
  item.contextValue = `${session.kind === 'live' ? `session.live.${isActiveState(state) ? 'active' : 'stopped'}` : 'session.offline'}${paused ? '.paused' : ''}`;
  return item;
}
