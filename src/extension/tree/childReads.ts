/**
 * Lets a command wait until the view has read an element's children again after a refresh, so
 * that a reveal that follows finds the elements the view now holds (a group first seen empty has
 * another id than the same group with children).
 */
export class ChildReads<T> {
  private readonly waiting = new Map<T, () => void>();

  /** Called from getChildren(node). */
  read(node: T | undefined): void {
    const done = node === undefined ? undefined : this.waiting.get(node);
    if (done) queueMicrotask(done);
  }

  /** Resolves once `node`'s children were read after `refresh` ran, or after `boundMs` at most. */
  next(node: T, refresh: () => void, boundMs = 2000): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.waiting.get(node) === done) this.waiting.delete(node);
        resolve();
      };
      const timer = setTimeout(done, boundMs);
      this.waiting.set(node, done);
      refresh();
    });
  }
}
