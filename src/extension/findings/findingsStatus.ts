import * as vscode from 'vscode';
import type { FindingsDiagnostics } from './findingsDiagnostics';

/** The count of error findings in the status bar; a click opens the Problems panel. Hidden at 0. */
export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gwsNotifications.findings', vscode.StatusBarAlignment.Left, 99);
  private readonly sub: vscode.Disposable;

  constructor(private readonly diagnostics: FindingsDiagnostics) {
    this.item.name = 'GWS findings';
    this.item.command = 'workbench.actions.view.problems';
    this.sub = diagnostics.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const n = this.diagnostics.errorCount;
    // Not "GWS": that names the connection's own item, which tests and users look for by that text.
    this.item.text = `$(error) ${n} ${n === 1 ? 'error finding' : 'error findings'}`;
    this.item.tooltip = `${n} error finding(s) in the GWS captures: click for the Problems panel`;
    if (n > 0) this.item.show();
    else this.item.hide();
  }

  /** The text shown (tests). */
  get text(): string | undefined {
    return this.item.text;
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
