import * as vscode from 'vscode';
import type { SessionManager } from '../sessionManager';
import { openStateDiff, stateUri } from '../stateDocuments';
import type { ResourceNode } from '../tree/treeNodes';

/** The resource a command was invoked on: a tree node, or the tree's selection. */
export function resourceArg(arg: unknown, selection: readonly unknown[]): ResourceNode | undefined {
  const candidate = (arg ?? selection[0]) as { type?: string } | undefined;
  return candidate?.type === 'resource' ? (candidate as ResourceNode) : undefined;
}

/** Opens the resource's latest state as read-only JSON. */
export async function openLatestJson(sessions: SessionManager, node: ResourceNode): Promise<void> {
  const session = sessions.find(node.session.id);
  const seq = session?.latestStateSeq(node.kind, node.resourceId);
  if (!session || seq === undefined) {
    void vscode.window.showInformationMessage(`No state recorded yet for ${node.kind} ${node.resourceId}.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(stateUri({ sessionId: session.id, kind: node.kind, id: node.resourceId, seq }));
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** Copy Latest JSON. */
export async function copyLatestJson(sessions: SessionManager, node: ResourceNode): Promise<void> {
  const session = sessions.find(node.session.id);
  const seq = session?.latestStateSeq(node.kind, node.resourceId);
  if (!session || seq === undefined) return;
  let text: string;
  try {
    text = JSON.stringify(await session.stateAt(node.kind, node.resourceId, seq), null, 2);
  } catch (err) {
    // A hostile payload can be too deep to print; say so rather than fail silently.
    void vscode.window.showWarningMessage(`Cannot copy ${node.kind} ${node.resourceId} as JSON: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied the latest JSON of ${node.kind} ${node.resourceId}`, 3000);
}

/** Diff with Previous State: the latest state against the one before it, in VS Code's diff editor. */
export async function diffWithPrevious(sessions: SessionManager, node: ResourceNode, seq?: number): Promise<void> {
  const session = sessions.find(node.session.id);
  const at = seq ?? session?.latestStateSeq(node.kind, node.resourceId);
  if (!session || at === undefined) {
    void vscode.window.showInformationMessage(`No state recorded yet for ${node.kind} ${node.resourceId}.`);
    return;
  }
  await openStateDiff(sessions, session.id, node.kind, node.resourceId, at);
}
