/** Typed arrays that grow by doubling: per-row facts for captures of millions of rows without an object each. */

type Numeric = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** A growable typed array; `view()` is a live subarray of the used part. */
export class Growable<T extends Numeric> {
  private data: T;
  private n = 0;

  /** `make(capacity)` allocates the backing array. */
  constructor(private readonly make: (capacity: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }

  /** Number of values held. */
  get length(): number {
    return this.n;
  }

  /** Appends `value`. */
  push(value: number): void {
    if (this.n === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = value;
  }

  /** The value at `i` (no bounds check beyond the typed array's). */
  at(i: number): number {
    return this.data[i];
  }

  /** The used values, as a view sharing memory (invalid after the next push that grows). */
  view(): T {
    return this.data.subarray(0, this.n) as T;
  }

  /** Drops every value. */
  clear(): void {
    this.n = 0;
  }

  /** Bytes allocated. */
  get byteSize(): number {
    return this.data.byteLength;
  }
}

/** First index in [lo, hi) where `values[index] > target`, minus one: the last index with value <= target, or lo - 1. */
export function lastAtOrBelow(values: ArrayLike<number>, target: number, lo = 0, hi = values.length): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (values[mid] <= target) a = mid + 1;
    else b = mid;
  }
  return a - 1;
}
