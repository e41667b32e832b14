import type { RecordColumns } from '../tracker/recordColumns';
import { Growable, lastAtOrBelow } from '../util/growable';
import type { DeliveryClock, RowTiming } from '../timingProtocol';
import { percentile, RunningMedian } from './runningMedian';

/**
 * Delivery timing from GWS's own `metrics.eventProcessing`, read from the tracker's columns (never
 * payloads). The server's and the recorder's clocks differ by an unknown offset, so a message's
 * transit (received − serverGenerationTimestamp) says little alone; the offset is the median
 * transit, and a message's delay is its deviation from it.
 *
 * The offset a message is judged against is the median of the samples up to it (from the
 * MIN_SAMPLES-th on; the first ones wait for it): a delay never changes once shown, a live session
 * and `gws-notify lint` of its capture judge every message alike, and the session's offset (the
 * summary's `offsetMs`) is the last of these medians. A sample is a message with a positive
 * serverGenerationTimestamp (-1 or 0 is no time), whatever its serverProcessingTimeTotalMs.
 */

/** Samples needed before any delay is judged. */
export const MIN_SAMPLES = 20;

export type { DeliveryClock, RowTiming };

/** The clock of a capture whose header says `source`. */
export function clockOfSource(source: string | undefined): DeliveryClock {
  if (source === 'replay') return 'replay';
  return source === 'har' || source === 'wwe' ? 'log-local' : 'capture';
}

/** The `delivery` of a summary. Null where there is nothing to tell (no samples, a replay). */
export interface DeliverySummary {
  samples: number;
  offsetMs: number | null;
  jitterP95Ms: number | null;
  serverProcessingP95Ms: number | null;
  serverFailures: number;
  clock: DeliveryClock;
}

const f64 = (n: number): Float64Array => new Float64Array(n);
/** Rows read per event-loop turn by catchUp() (a few milliseconds). */
const SLICE_ROWS = 50_000;

/** The samples of one tracker, read incrementally from its columns. */
export class DeliveryTimes {
  clock: DeliveryClock = 'capture';
  private next = 0;
  private readonly rows = new Growable(f64, 0);
  private readonly transit = new Growable(f64, 0);
  private readonly offsets = new Growable(f64, 0);
  private readonly processing = new Growable(f64, 0);
  private readonly median = new RunningMedian();
  private failures = 0;

  constructor(private readonly columns: RecordColumns) {}

  /** Reads the rows ingested since the last call, up to row `upTo` (exclusive). */
  advance(upTo = Infinity): this {
    const c = this.columns;
    const stop = Math.min(upTo, c.count);
    // The timing columns are written only up to the last row that has metrics.
    const end = Math.min(stop, Math.max(c.generatedAt.length, c.processingMs.length));
    for (let i = this.next; i < end; i++) {
      const generated = c.generatedAt.get(i, NaN);
      if (generated > 0) {
        this.median.push(c.at.data[i] - generated);
        this.rows.push(i);
        this.transit.push(c.at.data[i] - generated);
        this.offsets.push(this.median.median);
      }
      const ms = c.processingMs.get(i, NaN);
      if (ms === -1) this.failures++;
      else if (ms >= 0) this.processing.push(ms);
    }
    this.next = Math.max(this.next, stop);
    return this;
  }

  /**
   * Reads up to row `upTo` (and on until MIN_SAMPLES samples are in, which a delay needs) a slice
   * per event-loop turn: the first look at a million-row capture never blocks the host for long.
   */
  async catchUp(upTo: number): Promise<void> {
    const target = (): number => Math.min(this.samples < MIN_SAMPLES ? Infinity : upTo, this.columns.count);
    while (this.next < target()) {
      this.advance(this.next + SLICE_ROWS);
      if (this.next < target()) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Samples read so far. */
  get samples(): number {
    return this.rows.length;
  }

  /** The tracker row of sample `k`. */
  rowOf(k: number): number {
    return this.rows.data[k];
  }

  /** The offset sample `k` is judged against, or NaN while fewer than MIN_SAMPLES are known or for a replay. */
  offsetFor(k: number): number {
    if (this.clock === 'replay' || this.samples < MIN_SAMPLES) return NaN;
    return this.offsets.data[Math.max(k, MIN_SAMPLES - 1)];
  }

  /** Sample `k`'s deviation from the offset it is judged against (NaN: not judged). */
  delayOf(k: number): number {
    return this.transit.data[k] - this.offsetFor(k);
  }

  /** The sample at tracker row `row`, or -1. */
  sampleAt(row: number): number {
    const k = lastAtOrBelow(this.rows.view(), row);
    return k >= 0 && this.rows.data[k] === row ? k : -1;
  }

  /** What row `row` shows; undefined for a record without metrics. */
  rowTiming(row: number): RowTiming | undefined {
    this.advance(row + 1);
    if (this.samples < MIN_SAMPLES) this.advance();
    const ms = this.columns.processingMs.get(row, NaN);
    const k = this.sampleAt(row);
    if (k < 0 && Number.isNaN(ms)) return undefined;
    const out: RowTiming = { clock: this.clock };
    if (!Number.isNaN(ms)) out.processingMs = ms;
    const offset = k < 0 ? NaN : this.offsetFor(k);
    if (!Number.isNaN(offset)) Object.assign(out, { delayMs: this.transit.data[k] - offset, offsetMs: offset, samples: Math.max(k + 1, MIN_SAMPLES) });
    return out;
  }

  /**
   * The session's figures: the offset is the median of every sample, the jitter the p95 of
   * |deviation| from it (from MIN_SAMPLES samples on, as delays are).
   */
  summary(): DeliverySummary {
    this.advance();
    const n = this.samples;
    const offset = n > 0 && this.clock !== 'replay' ? this.offsets.data[n - 1] : NaN;
    return {
      samples: n,
      offsetMs: nullIfNaN(offset),
      jitterP95Ms: n >= MIN_SAMPLES ? nullIfNaN(percentile(this.deviations(), 95)) : null,
      serverProcessingP95Ms: nullIfNaN(percentile(this.processing.copy(), 95)),
      serverFailures: this.failures,
      clock: this.clock,
    };
  }

  /** |transit − the session's offset| of every sample; none below MIN_SAMPLES or for a replay. */
  deviations(): Float64Array {
    if (this.samples < MIN_SAMPLES || this.clock === 'replay') return new Float64Array(0);
    const offset = this.offsets.data[this.samples - 1];
    return this.transit.view().map((t) => Math.abs(t - offset));
  }

  /** The server processing times (the -1 failures left out). */
  processingTimes(): Float64Array {
    return this.processing.view();
  }

  /** Number of serverProcessingTimeTotalMs of -1. */
  get serverFailures(): number {
    return this.failures;
  }
}

function nullIfNaN(n: number): number | null {
  return Number.isNaN(n) ? null : n;
}

const registry = new WeakMap<RecordColumns, DeliveryTimes>();

/** The delivery times of a tracker's columns: one per tracker, shared by the findings, the timeline and the summary; each reader advances it as far as it needs. */
export function deliveryTimesOf(columns: RecordColumns): DeliveryTimes {
  let times = registry.get(columns);
  if (!times) registry.set(columns, (times = new DeliveryTimes(columns)));
  return times;
}

/** Records whose clock a tracker's receive times are, from its capture header's `source`. */
export function setCaptureSource(columns: RecordColumns, source: string | undefined): void {
  deliveryTimesOf(columns).clock = clockOfSource(source);
}

/**
 * The delivery of several captures together: counts summed, the jitter and the server's p95 over
 * every sample (each capture's deviations from its own offset). There is no one offset across
 * captures (each is its own pair of clocks): `offsetMs` is null, see each capture's own.
 */
export function combineDelivery(list: readonly DeliveryTimes[]): DeliverySummary {
  const parts = list.map((t) => t.summary());
  const concat = (arrays: Float64Array[]): Float64Array => {
    const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
    arrays.reduce((at, a) => (out.set(a, at), at + a.length), 0);
    return out;
  };
  const clocks = new Set(parts.map((p) => p.clock));
  return {
    samples: parts.reduce((n, p) => n + p.samples, 0),
    offsetMs: null,
    jitterP95Ms: nullIfNaN(percentile(concat(list.map((t) => t.deviations())), 95)),
    serverProcessingP95Ms: nullIfNaN(percentile(concat(list.map((t) => t.processingTimes())), 95)),
    serverFailures: parts.reduce((n, p) => n + p.serverFailures, 0),
    clock: clocks.size === 1 ? parts[0].clock : clocks.has('log-local') ? 'log-local' : 'capture',
  };
}
