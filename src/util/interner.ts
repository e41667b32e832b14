/**
 * The one string interner: strings to small ids, so that columns hold numbers. Id 0 means
 * "absent" and is never given to a string (not even ''). The packed index ships `values` as its
 * string table; the tracker keeps one for its columns.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  /** The strings by id; values[0] is a placeholder for "absent". */
  readonly values: string[] = [''];

  /** The id of `value` (0 for undefined), giving it the next id when it is new. */
  id(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  /** The id `value` already has, or -1. */
  lookup(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  /** The string behind `id`, or undefined for 0 and unknown ids. */
  value(id: number): string | undefined {
    return id === 0 ? undefined : this.values[id];
  }

  /** Ids given so far, the placeholder included. */
  get size(): number {
    return this.values.length;
  }
}

/**
 * Interning through remembered slots: a caller that interns the same kind of string again and
 * again (a resource's callUuid, a record's channel) names a slot, and a string equal to the one
 * the slot had last time gets its id back without being hashed. Comparing a freshly parsed string
 * with the slot's costs less than the Map lookup; importing a capture interned some ten strings
 * per record, and that was its costliest step after JSON.parse.
 */
export class InternMemo {
  private readonly lastText: Array<string | undefined> = [];
  private readonly lastId: number[] = [];

  constructor(private strings: Interner) {}

  /**
   * Interns into `strings` from now on, every slot forgotten. The slots keep their room: a packer
   * that starts a string table per batch would otherwise grow them again for every batch.
   */
  reset(strings: Interner): void {
    this.strings = strings;
    this.lastText.fill(undefined);
  }

  /** strings.id(value), remembered in `slot` (a small non-negative integer). */
  id(slot: number, value: string | undefined): number {
    if (value === undefined) return 0;
    if (this.lastText[slot] === value) return this.lastId[slot];
    const id = this.strings.id(value);
    this.lastText[slot] = value;
    this.lastId[slot] = id;
    return id;
  }
}
