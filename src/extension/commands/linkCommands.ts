import * as vscode from 'vscode';
import type { LinkedResource } from '../../links/resourceLinks';
import type { GwsTreeProvider } from '../tree/gwsTreeProvider';
import { shortId } from '../tree/presentation';
import { shortLabel } from '../tree/treeLinks';
import type { ResourceNode, TreeNode } from '../tree/treeNodes';

/**
 * Reveal Linked Resource: the same call or chat in another session (its twin), or a related call
 * (a consult call's main call), selected in the tree. With several, asks which.
 */
export async function revealLinked(tree: GwsTreeProvider, view: vscode.TreeView<TreeNode>, node: ResourceNode | undefined): Promise<LinkedResource | undefined> {
  if (!node) {
    void vscode.window.showInformationMessage('Select a call or chat in the GWS Notifications view first.');
    return undefined;
  }
  const { twins, related } = tree.links.of(node.session.id, node.kind, node.resourceId);
  const targets = [...twins.map((r) => ({ r, why: 'same' })), ...related.map((r) => ({ r, why: 'related' }))];
  if (targets.length === 0) {
    void vscode.window.showInformationMessage(`No other session sees ${node.kind} ${shortId(node.resourceId)}.`);
    return undefined;
  }
  const own = node.session.label;
  const picked =
    targets.length === 1
      ? targets[0]
      : (
          await vscode.window.showQuickPick(
            targets.map((t) => ({ label: `${shortLabel(t.r.label, own)}: ${t.r.state ?? '?'}`, description: `${t.why === 'same' ? 'the same' : 'related'} ${t.r.kind} ${shortId(t.r.id)}`, target: t })),
            { title: `Reveal Linked Resource of ${node.kind} ${shortId(node.resourceId)}` },
          )
        )?.target;
  if (!picked) return undefined;
  const twin = tree.nodeFor(picked.r.session, picked.r.kind, picked.r.id);
  if (!twin) return undefined;
  // A view never shown has loaded no element to reveal: show it first.
  if (!view.visible) await vscode.commands.executeCommand('gwsNotifications.sessions.focus');
  try {
    // Outermost first: each reveal expands a parent the view already holds, so the next is found.
    const chain: TreeNode[] = [];
    for (let p = tree.getParent(twin); p; p = tree.getParent(p)) chain.unshift(p);
    // The view may hold the twin's group under the id it had while empty: have it read the root again.
    if (chain[0]) await tree.refreshNow(chain[0]);
    for (const parent of chain) await view.reveal(parent, { select: false, focus: false, expand: true });
    await view.reveal(twin, { select: true, focus: true });
  } catch (err) {
    // Said, and thrown too: the command's caller (a keybinding, a test) learns that it failed.
    void vscode.window.showWarningMessage(`Cannot reveal ${picked.r.kind} ${shortId(picked.r.id)} of ${picked.r.label}: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
  return picked.r;
}
