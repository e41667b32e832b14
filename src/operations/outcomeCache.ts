/**
 * Correlation for a session the UI shows (live or opened): correlate() recomputes from scratch, so
 * it runs here off every per-message path, coalesced: when someone reads the outcomes and the
 * tracker has changed (or a live window may have closed), one computation is scheduled, at most
 * once per interval. The interval grows with what a computation costs (ten times its duration,
 * never under MIN_INTERVAL_MS), so correlation never takes more than a tenth of the thread.
 * A capture without requests costs nothing.
 */
import type { ResourceTracker } from '../tracker/resourceTracker';
import { Emitter } from '../util/emitter';
import { correlate, DEFAULT_WINDOW_MS, type OperationOutcome } from './correlate';
import { outcomeLine } from './outcomeText';

/** Fewest milliseconds between two computations. */
export const MIN_INTERVAL_MS = 300;

/** The outcomes of one computation, with the lookups the UI makes. */
export interface OutcomeView {
  readonly outcomes: readonly OperationOutcome[];
  /** By request seq and by response seq. */
  readonly byRecord: ReadonlyMap<number, OperationOutcome>;
  /** By the seq of the notification that was its effect, or that reported its failure. */
  readonly byCaused: ReadonlyMap<number, OperationOutcome>;
  /** The last operation sent for each target (`kind:id`). */
  readonly lastByTarget: ReadonlyMap<string, OperationOutcome>;
}

const EMPTY: OutcomeView = { outcomes: [], byRecord: new Map(), byCaused: new Map(), lastByTarget: new Map() };

/** What the cache reads of its session. */
export interface OutcomeSource {
  tracker(): ResourceTracker;
  /** True while windows may still be open (a live session): then `now` is the wall clock. */
  live(): boolean;
}

/** Coalesced correlation of one session; see the module comment. */
export class OutcomeCache {
  /** The correlation window (gwsNotifications.operations.windowMs). */
  windowMs = DEFAULT_WINDOW_MS;
  private view: OutcomeView = EMPTY;
  private doneFor: { tracker: ResourceTracker; records: number; windowMs: number } | undefined;
  /** Epoch ms after which a pending outcome may have changed (its window closes). */
  private openUntil = 0;
  private lastAt = 0;
  private intervalMs = MIN_INTERVAL_MS;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting: Array<() => void> = [];
  private readonly changed = new Emitter<ReadonlySet<string>>();
  /** Fired after a computation, with the targets (`kind:id`) whose last operation changed. */
  readonly onDidChange = this.changed.event;
  /** Computations so far (tests and the bench read it). */
  computations = 0;

  constructor(private readonly source: OutcomeSource) {}

  /** The last computed outcomes (a moment old at most); schedules a computation when stale. */
  current(): OutcomeView {
    if (this.stale()) this.schedule();
    return this.view;
  }

  /** Up-to-date outcomes: waits for the scheduled computation when stale. */
  fresh(): Promise<OutcomeView> {
    if (!this.stale()) return Promise.resolve(this.view);
    this.schedule();
    return new Promise((resolve) => this.waiting.push(() => resolve(this.view)));
  }

  /** The one-line outcome (`Answer call:ID → accepted … later (#7)`) with this cache's window. */
  line(o: OperationOutcome): string {
    return outcomeLine(o, this.windowMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.dispose();
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private stale(): boolean {
    const tracker = this.source.tracker();
    const done = this.doneFor;
    if (!done || done.tracker !== tracker || done.windowMs !== this.windowMs) return true;
    if (done.records !== tracker.recordCount) return true;
    return this.openUntil > 0 && Date.now() >= this.openUntil;
  }

  private schedule(): void {
    if (this.timer) return;
    const delay = Math.max(0, this.lastAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.compute(), delay);
  }

  private compute(): void {
    this.timer = undefined;
    const tracker = this.source.tracker();
    const started = performance.now();
    const before = this.view;
    const live = this.source.live();
    const outcomes = tracker.columns.operations.requestRows.length === 0 ? [] : correlate(tracker, { windowMs: this.windowMs, ...(live ? { now: Date.now() } : {}) });
    this.view = outcomes.length === 0 ? EMPTY : index(outcomes);
    this.doneFor = { tracker, records: tracker.recordCount, windowMs: this.windowMs };
    this.openUntil = live ? closesAt(outcomes, this.windowMs) : 0;
    this.lastAt = Date.now();
    const took = performance.now() - started;
    this.intervalMs = Math.max(MIN_INTERVAL_MS, Math.ceil(took * 10));
    if (outcomes.length > 0) this.computations += 1;
    for (const resolve of this.waiting.splice(0)) resolve();
    const targets = changedTargets(before, this.view);
    if (targets.size > 0) this.changed.fire(targets);
  }
}

/** `kind:id` of an outcome's target. */
export function targetKey(o: Pick<OperationOutcome, 'target'>): string {
  return `${o.target.kind}:${o.target.id}`;
}

function index(outcomes: readonly OperationOutcome[]): OutcomeView {
  const byRecord = new Map<number, OperationOutcome>();
  const byCaused = new Map<number, OperationOutcome>();
  const lastByTarget = new Map<string, OperationOutcome>();
  for (const o of outcomes) {
    byRecord.set(o.requestSeq, o);
    if (o.responseSeq !== null) byRecord.set(o.responseSeq, o);
    if (o.effect) byCaused.set(o.effect.seq, o);
    if (o.error?.seq != null) byCaused.set(o.error.seq, o);
    lastByTarget.set(targetKey(o), o);
  }
  return { outcomes, byRecord, byCaused, lastByTarget };
}

/** When the first still-open window closes (0: none is open). */
function closesAt(outcomes: readonly OperationOutcome[], windowMs: number): number {
  let first = 0;
  for (const o of outcomes) {
    if (o.outcome !== 'pending') continue;
    // No response yet: look again soon; else when its window closes.
    const at = o.elapsedMs === null ? Date.now() + MIN_INTERVAL_MS : o.sentAt + o.elapsedMs + windowMs + 1;
    if (first === 0 || at < first) first = at;
  }
  return first;
}

function changedTargets(before: OutcomeView, after: OutcomeView): Set<string> {
  const out = new Set<string>();
  const sig = (o: OperationOutcome | undefined): string => (o ? `${o.requestSeq}/${o.outcome}/${o.effect?.seq ?? ''}/${o.error?.seq ?? ''}/${o.responseSeq ?? ''}` : '');
  for (const [key, o] of after.lastByTarget) if (sig(o) !== sig(before.lastByTarget.get(key))) out.add(key);
  for (const key of before.lastByTarget.keys()) if (!after.lastByTarget.has(key)) out.add(key);
  return out;
}
