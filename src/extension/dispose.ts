import * as vscode from 'vscode';

/** Base for classes that own disposables (house style, after vscode-hexeditor). */
export abstract class Disposable implements vscode.Disposable {
  private disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables);
  }
}

/** Disposes every item, last registered first, and empties the list. */
export function disposeAll(list: vscode.Disposable[]): void {
  while (list.length) list.pop()?.dispose();
}
