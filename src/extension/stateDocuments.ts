import * as vscode from 'vscode';
import { DOCUMENT_FORM_NOTE, documentText } from '../diff/documentForm';
import type { ResourceKind } from '../model/gwsTypes';
import { shortId } from '../model/resourceNames';
import type { SessionManager } from './sessionManager';

export const STATE_SCHEME = 'gws-state';

/** What a state document shows: one resource's object as of one record, pretty JSON. */
export interface StateRef {
  sessionId: string;
  kind: ResourceKind;
  id: string;
  seq: number;
  /** A side of the diff editor: normalized as the timeline's keyed diff (diff/documentForm). */
  forDiff?: boolean;
}

/** gws-state:/<kind>/<id>@<seq>.json?session=<id> — every part encoded, ids are untrusted text. */
export function stateUri(ref: StateRef): vscode.Uri {
  // .jsonc: the normalized form starts with a comment line saying so.
  const name = `${ref.kind}-${encodeURIComponent(ref.id).slice(0, 80)}@${ref.seq}.${ref.forDiff ? 'jsonc' : 'json'}`;
  const query = new URLSearchParams({ session: ref.sessionId, kind: ref.kind, id: ref.id, seq: String(ref.seq), ...(ref.forDiff ? { form: 'diff' } : {}) }).toString();
  return vscode.Uri.from({ scheme: STATE_SCHEME, path: `/${name}`, query });
}

export function parseStateUri(uri: vscode.Uri): StateRef | undefined {
  const q = new URLSearchParams(uri.query);
  const seq = Number(q.get('seq'));
  const kind = q.get('kind') as ResourceKind | null;
  const sessionId = q.get('session');
  const id = q.get('id');
  if (!sessionId || !kind || id === null || !Number.isFinite(seq)) return undefined;
  return { sessionId, kind, id, seq, forDiff: q.get('form') === 'diff' };
}

/**
 * Read-only virtual documents for resource states, read from the journal by offset on demand.
 * Used for "open latest JSON" and as both sides of `vscode.diff`.
 */
export class StateDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly sessions: SessionManager) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseStateUri(uri);
    if (!ref) return '// not a GWS state document';
    const session = this.sessions.find(ref.sessionId);
    if (!session) return '// this session is closed';
    if (ref.seq < 0) return ref.forDiff ? `${DOCUMENT_FORM_NOTE}\n{}\n` : '{}\n';
    try {
      const state = await session.stateAt(ref.kind, ref.id, ref.seq);
      if (state === undefined) return `// record ${ref.seq} holds no state of ${ref.kind} ${ref.id}`;
      return ref.forDiff ? documentText(state) : `${JSON.stringify(state, null, 2)}\n`;
    } catch (err) {
      return `// could not read record ${ref.seq}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

/** Opens VS Code's own diff editor on a resource before and after record `seq`. */
export async function openStateDiff(sessions: SessionManager, sessionId: string, kind: ResourceKind, id: string, seq: number): Promise<boolean> {
  const session = sessions.find(sessionId);
  if (!session) return false;
  const previous = session.tracker.previousSeq(kind, id, seq, (v) => v.messageType !== 'MessageLogUpdated' && v.rec !== 'event');
  const left = stateUri({ sessionId, kind, id, seq: previous ?? -1, forDiff: true });
  const right = stateUri({ sessionId, kind, id, seq, forDiff: true });
  const title = `${kind} ${shortId(id)}: ${previous === undefined ? 'first state' : `record #${previous}`} ↔ record #${seq} (sets normalized)`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  return true;
}
