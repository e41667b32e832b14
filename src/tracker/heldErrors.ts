/**
 * ErrorMessages that name a device or call the tracker has not seen yet. An error never creates a
 * stateless device or call of its own (it stays under Errors); it is linked once the resource
 * appears.
 */
export class HeldErrors {
  private readonly byKey = new Map<string, number[]>();

  /** Holds the ErrorMessage `seq` for the resource `key` (`kind:id`). */
  hold(key: string, seq: number): void {
    if (!this.byKey.get(key)?.push(seq)) this.byKey.set(key, [seq]);
  }

  /** The seqs held for `key`, handed over once: the caller links them. */
  release(key: string): readonly number[] {
    if (this.byKey.size === 0) return [];
    const waiting = this.byKey.get(key);
    if (!waiting) return [];
    this.byKey.delete(key);
    return waiting;
  }
}
