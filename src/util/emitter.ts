/** Something that releases resources; the same shape as vscode.Disposable. */
export interface Disposable {
  dispose(): void;
}

/** A subscribable event, shaped like vscode.Event so adapters can pass it straight through. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** A minimal event emitter for the core, which may not import vscode. */
export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  /** Subscribe; dispose the result to unsubscribe. */
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
