import * as vscode from 'vscode';
import type { CaptureSession } from '../../session/captureSession';
import { plural } from '../../util/wording';
import type { GwsLog } from '../log';
import type { TimelineTarget } from '../timeline/registerTimeline';
import type { GwsTreeProvider } from '../tree/gwsTreeProvider';
import type { TreeNode } from '../tree/treeNodes';

/**
 * After Open Capture (or a recent capture, or Import HAR) the user must see what opened: the new
 * root revealed, selected and expanded in the tree, its timeline on all traffic, and a line in the
 * connection log. Before, the root was added below the live tree, often out of sight.
 */
export async function showOpenedCapture(
  session: CaptureSession,
  ui: { view: vscode.TreeView<TreeNode>; tree: GwsTreeProvider; log: GwsLog; openTimeline(target: TimelineTarget): void },
  from: string,
): Promise<void> {
  const t = session.tracker;
  ui.log.info(`opened ${from} as "${session.label}": ${plural(t.recordCount, 'record')}, ${plural(t.messageCount, 'message')}, ${plural(t.resourceCount, 'resource')}`);
  ui.openTimeline({ session, scope: { kind: 'all' } });
  try {
    await ui.view.reveal(ui.tree.sessionNode(session), { select: true, focus: false, expand: true });
  } catch (err) {
    // A hidden view cannot reveal; the root is still first in the tree.
    ui.log.warn(`could not reveal ${session.label} in the GWS tree: ${err instanceof Error ? err.message : String(err)}`);
  }
}
