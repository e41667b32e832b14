import type * as vscode from 'vscode';
import type { CaptureSession } from '../session/captureSession';
import type { FindingsDecorations } from './findings/findingsDecorations';
import type { SessionChoice } from './sessionChoice';
import type { SessionManager } from './sessionManager';
import { buildOperationDetail } from '../timeline/operationDetail';
import { TimelinePanel } from './timeline/timelinePanel';
import type { GwsTreeProvider } from './tree/gwsTreeProvider';
import type { TreeNode } from './tree/treeNodes';

/**
 * What the extension's own tests reach through `getExtension(...).exports`, and only when VS Code
 * runs the extension in test mode (`ExtensionMode.Test`); in normal use `activate()` returns nothing,
 * because any installed extension can read the exports.
 *
 * Even here nothing reads a stored secret back: no credential store, no connection controller, no
 * log (it keeps the secrets it masks), no ExtensionContext, nor anything that holds one of them.
 * Tests show a stored password through behaviour: a second connect does not ask.
 */
export interface GwsTestApi {
  readonly sessions: SessionManager;
  readonly tree: GwsTreeProvider;
  readonly prompts: TestPrompts;
  /** Which session commands act on by default (reads the tree selection and the timeline panel). */
  readonly choice: SessionChoice;
  /** The open timeline panel's resource roots and page, as VS Code holds them, and what it shows. */
  timelineWebview(): ReturnType<typeof TimelinePanel.describeCurrent>;
  /** Whether the GWS tree view is shown, and what it has selected. */
  treeView(): { visible: boolean; selection: readonly TreeNode[] };
  /** The rows of `session` the open timeline shows now, with its scope (undefined: it does not read that session). */
  timelineRows: typeof TimelinePanel.currentRows;
  /** What the timeline's detail pane shows about row `seq` and operations (its `operation/get` answer). */
  timelineOperation: typeof buildOperationDetail;
  /** The problem decoration a resource's tree item gets from its findings. */
  decorationOf(sessionId: string, kind: string, id: string): vscode.FileDecoration | undefined;
}

/**
 * Stands in for the password/token input box in test mode: a test in the extension host cannot
 * type into VS Code's own. Answers are given by the test and dropped once used; an input box with
 * no answer queued is cancelled (and counted), so a test sees that it was asked.
 */
export class TestPrompts {
  private readonly queued: string[] = [];
  private shown = 0;

  /** Queues the answer to the next input box. */
  answer(value: string): void {
    this.queued.push(value);
  }

  /** How many input boxes the extension has shown so far. */
  get asked(): number {
    return this.shown;
  }

  /** Answers still queued (a test that expected to be asked checks this is back to 0). */
  get pending(): number {
    return this.queued.length;
  }

  /** The QuickPicks shown in test mode: title and item labels (what a test checks a command offered). */
  readonly picks: Array<{ title: string; items: string[] }> = [];
  private readonly pickAnswers: string[] = [];

  /** Queues the label to pick in the next QuickPick that goes through here (none: it is cancelled). */
  answerPick(label: string): void {
    this.pickAnswers.push(label);
  }

  /** Called by the extension instead of showing the QuickPick (commands that take it as a parameter). */
  pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.picks.push({ title: options.title ?? '', items: items.map((i) => i.label) });
    const label = this.pickAnswers.shift();
    return Promise.resolve(label === undefined ? undefined : items.find((i) => i.label === label));
  }

  /** The modal questions shown in test mode (their messages), and the buttons queued to answer them. */
  readonly confirms: string[] = [];
  private readonly confirmAnswers: string[] = [];

  /** Queues the button to press in the next modal question (none queued: it is dismissed). */
  answerConfirm(button: string): void {
    this.confirmAnswers.push(button);
  }

  /** Called by the extension instead of showing a modal question. */
  confirm(message: string, _detail: string, ...buttons: string[]): Promise<string | undefined> {
    this.confirms.push(message);
    const button = this.confirmAnswers.shift();
    return Promise.resolve(button !== undefined && buttons.includes(button) ? button : undefined);
  }

  /** Called by the extension instead of showing the input box. */
  ask(_options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.shown++;
    return Promise.resolve(this.queued.shift());
  }
}

/** The frozen test-mode API. */
export function testApi(sessions: SessionManager, tree: GwsTreeProvider, prompts: TestPrompts, choice: SessionChoice, view?: Pick<vscode.TreeView<TreeNode>, 'visible' | 'selection'>, decorations?: FindingsDecorations): GwsTestApi {
  return Object.freeze({
    sessions,
    tree,
    prompts,
    choice,
    timelineWebview: () => TimelinePanel.describeCurrent(),
    treeView: () => ({ visible: view?.visible ?? false, selection: view?.selection ?? [] }),
    timelineRows: (session: CaptureSession) => TimelinePanel.currentRows(session),
    timelineOperation: (session: CaptureSession, seq: number) => buildOperationDetail(session, seq),
    decorationOf: (sessionId: string, kind: string, id: string) => decorations?.decorationOf(sessionId, kind, id),
  });
}
