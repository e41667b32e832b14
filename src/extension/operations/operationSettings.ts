import * as vscode from 'vscode';
import { DEFAULT_WINDOW_MS } from '../../operations/correlate';
import type { CaptureSession } from '../../session/captureSession';
import type { SessionManager } from '../sessionManager';

/** The correlation window setting, validated (100 ms to 10 minutes). */
export function operationsWindowMs(): number {
  const v = vscode.workspace.getConfiguration('gwsNotifications').get<unknown>('operations.windowMs');
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(600_000, Math.max(100, Math.round(v))) : DEFAULT_WINDOW_MS;
}

/**
 * Keeps every session's correlation window on gwsNotifications.operations.windowMs (new sessions
 * included), and tells `refresh` which resources' last operation changed (`voice:` is every device).
 */
export function watchOperations(sessions: SessionManager, refresh: (session: CaptureSession, keys: Iterable<string>) => void): vscode.Disposable {
  const watched = new Map<CaptureSession, { dispose(): void }>();
  const apply = (): void => {
    const ms = operationsWindowMs();
    for (const s of sessions.all) {
      s.operations.windowMs = ms;
      if (watched.has(s)) continue;
      watched.set(s, s.operations.onDidChange((keys) => refresh(s, [...keys].flatMap((k) => (k === 'voice:' ? s.tracker.resources('device').map((d) => `device:${d.id}`) : [k])))));
    }
    for (const [s, sub] of watched) {
      if (sessions.all.includes(s)) continue;
      sub.dispose();
      watched.delete(s);
    }
  };
  apply();
  const subs = [
    sessions.onDidChangeSessions(apply),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('gwsNotifications.operations.windowMs') && apply()),
  ];
  return { dispose: () => [...subs, ...watched.values()].forEach((d) => d.dispose()) };
}
