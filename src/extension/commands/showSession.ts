import * as vscode from 'vscode';
import type { CaptureSession } from '../../session/captureSession';
import { plural } from '../../util/wording';
import type { GwsLog } from '../log';
import type { TimelineTarget } from '../timeline/registerTimeline';
import type { GwsTreeProvider } from '../tree/gwsTreeProvider';
import type { TreeNode } from '../tree/treeNodes';

/** What showing a session needs of the extension. */
export interface ShowSessionUi {
  view: vscode.TreeView<TreeNode>;
  tree: GwsTreeProvider;
  log: GwsLog;
  openTimeline(target: TimelineTarget): void;
}

/**
 * Shows `session` so the user sees it: its timeline on all traffic, its root revealed, selected and
 * expanded with its groups in the GWS view (reveal shows the view too). Used after Open Capture,
 * a recent capture and Import HAR (before, the new root was added below the live tree, often out
 * of sight) and when `npm run demo` has connected (before, VS Code opened on the Explorer).
 */
export async function showSession(session: CaptureSession, ui: ShowSessionUi): Promise<void> {
  ui.openTimeline({ session, scope: { kind: 'all' } });
  // A new root is only known to the workbench after the queued refresh; reveal waits for a sent one.
  ui.tree.refreshAll();
  ui.tree.flushNow();
  try {
    await ui.view.reveal(ui.tree.sessionNode(session), { select: true, focus: false, expand: 2 });
  } catch (err) {
    ui.log.warn(`could not reveal ${session.label} in the GWS tree: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** An opened capture: logged in the connection log, then shown. */
export async function showOpenedCapture(session: CaptureSession, ui: ShowSessionUi, from: string): Promise<void> {
  const t = session.tracker;
  ui.log.info(`opened ${from} as "${session.label}": ${plural(t.recordCount, 'record')}, ${plural(t.messageCount, 'message')}, ${plural(t.resourceCount, 'resource')}`);
  await showSession(session, ui);
}
