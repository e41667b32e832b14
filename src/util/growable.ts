/**
 * The one growable typed array: columns of millions of rows without an object each. It doubles
 * when full, so `view()` is always one contiguous array (binary searches, copies to a worker).
 *
 * Hot loops (the packer, the tracker's columns) reserve() once per row and write `data` directly:
 * a store through a shared push() would see five typed-array kinds and stop being inlined.
 */

export type Numeric = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

export class Growable<T extends Numeric> {
  /** The backing array, `capacity` long; values at and past `length` are unused. Replaced when it grows. */
  data: T;
  /** Number of values held. */
  length = 0;

  /** `make(capacity)` allocates the backing array; capacity 0 allocates nothing until the first value. */
  constructor(private readonly make: (capacity: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }

  /** Makes room for `n` values in all (call before writing `data[n - 1]`). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }

  /** Appends `value`. */
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  /**
   * Writes `value` at `i`, setting the values skipped since `length` to `fill`: a column that is
   * written only where a row has a value costs nothing until the first one (read it with `get`).
   */
  put(i: number, value: number, fill: number): void {
    if (i >= this.length) {
      if (i >= this.data.length) this.reserve(i + 1);
      if (i > this.length) this.data.fill(fill, this.length, i);
      this.length = i + 1;
    }
    this.data[i] = value;
  }

  /** The value at `i`, or `absent` past `length` (for columns written with put()). */
  get(i: number, absent: number): number {
    return i < this.length ? this.data[i] : absent;
  }

  /** The value at `i` (no bounds check beyond the typed array's). */
  at(i: number): number {
    return this.data[i];
  }

  /** The first `n` values (default: all held), as a view sharing memory: invalid after the next growth. */
  view(n = this.length): T {
    return this.data.subarray(0, n) as T;
  }

  /** A copy of the first `n` values (default: all held). */
  copy(n = this.length): T {
    return this.data.slice(0, n) as T;
  }

  /** Drops every value (the capacity stays). */
  clear(): void {
    this.length = 0;
  }

  /** Bytes allocated. */
  get byteSize(): number {
    return this.data.byteLength;
  }
}

/** The last index in [lo, hi) whose value is <= target (values ascending there), or lo - 1. */
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
