/**
 * The median of a growing list of numbers, O(log n) a value: a max-heap holds the lower half and
 * a min-heap the upper half, so the median is read off their tops. The delivery offset of each
 * message is the median of the samples up to it (./deliveryTimes.ts), so one is read per sample.
 */
export class RunningMedian {
  /** The lower half, negated so that one min-heap implementation serves both. */
  private readonly low: number[] = [];
  private readonly high: number[] = [];

  /** Values pushed. */
  get count(): number {
    return this.low.length + this.high.length;
  }

  push(value: number): void {
    if (this.low.length === 0 || value <= -this.low[0]) heapPush(this.low, -value);
    else heapPush(this.high, value);
    // Keep low the same size as high, or one larger.
    if (this.low.length > this.high.length + 1) heapPush(this.high, -heapPop(this.low));
    else if (this.high.length > this.low.length) heapPush(this.low, -heapPop(this.high));
  }

  /** The median (the mean of the two middle values for an even count); NaN when empty. */
  get median(): number {
    if (this.low.length === 0) return NaN;
    return this.low.length > this.high.length ? -this.low[0] : (-this.low[0] + this.high[0]) / 2;
  }
}

function heapPush(heap: number[], value: number): void {
  let i = heap.length;
  heap.push(value);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const c = l + 1 < n && heap[l + 1] < heap[l] ? l + 1 : l;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}

/** The nearest-rank percentile `p` (0-100) of `values` (sorted in place); NaN when empty. */
export function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) return NaN;
  values.sort();
  return values[Math.max(0, Math.ceil((p / 100) * values.length) - 1)];
}
