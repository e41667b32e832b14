import type { ResourceKind } from '../model/gwsTypes';

/**
 * One tracked call, device, chat, error or other resource. Kept small because captures can name
 * tens of thousands of them: times are read from the record columns, the state path is a flat
 * list of (row, interned state) numbers, and record rows live in an Int32Array allocated only once
 * there is more than one.
 */

/** One step of a resource's state path. */
export interface StateStep {
  state: string;
  /** Epoch ms of the record that set it. */
  since: number;
}

/** What callers may read about a tracked resource. */
export interface ResourceView {
  readonly kind: ResourceKind;
  readonly id: string;
  /** `${kind}:${id}`, the key change notifications use. */
  readonly key: string;
  readonly label: string | undefined;
  readonly state: string | undefined;
  readonly deviceState: string | undefined;
  /** Epoch ms of the first and last record naming it. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Message records naming it (snapshots and error links not counted). */
  readonly messageCount: number;
  /** All records naming it, snapshots included. */
  readonly recordCount: number;
  readonly ended: boolean;
  /** 'Released', 'Completed' or 'gone after reconnect'. */
  readonly endReason: string | undefined;
  /** State changes in order; a state repeated by consecutive records appears once. */
  readonly states: readonly StateStep[];
  /** For calls and devices: seqs of the ErrorMessages that name them. */
  readonly errorSeqs: readonly number[];
  /** For calls: every callUuid and connId its records gave, first seen first (index facts). */
  readonly callUuids: readonly string[];
  readonly connIds: readonly string[];
}

/**
 * A resource's record rows and state path by row, read-only: what correlation and the timeline's
 * field queries read over the record columns.
 */
export interface ResourceRows extends ResourceView {
  /** Position in the tracker's resource list. */
  readonly index: number;
  /** The i-th row naming it (i below recordCount), ascending. */
  rowAt(i: number): number;
  /** Index (into rowAt) of the last row below `row`, or -1. */
  lastRowBefore(row: number): number;
  stepsAfter(row: number): Array<{ row: number; state: string }>;
  /** The state path as flat [row, stateId, ...]; ResourceTracker.stateName names the ids. */
  readonly stepRows: readonly number[];
}

/** What a resource reads from its tracker: record times and interned state names. */
export interface ResourceContext {
  atOfRow(row: number): number;
  stateId(state: string): number;
  stateName(id: number): string;
}

/** The key of a resource in change notifications and lookups. */
export function resourceKey(kind: ResourceKind, id: string): string {
  return `${kind}:${id}`;
}

const NO_ERRORS: readonly number[] = [];
const NO_IDS: readonly string[] = [];

/**
 * Ids a call has carried: none, the one (a string: a list for every call of a million-message
 * capture cost the host tens of bytes per message), or several in first-seen order.
 */
type Ids = string | readonly string[] | undefined;

function withId(ids: Ids, value: string): Ids {
  if (ids === undefined) return value;
  if (typeof ids === 'string') return ids === value ? ids : [ids, value];
  return ids.includes(value) ? ids : [...ids, value];
}

function idList(ids: Ids): readonly string[] {
  return ids === undefined ? NO_IDS : typeof ids === 'string' ? [ids] : ids;
}

/** Fields most resources never need, allocated on first use to keep the common object small. */
interface Extra {
  deviceState: string | undefined;
  endReason: string | undefined;
  /** Flat [row, stateId, row, stateId, ...]. */
  steps: number[] | undefined;
  errors: number[] | undefined;
  /** A call's callUuids and connIds, each value once, in first-seen order: the one value itself (the usual case) or a list. */
  callUuids: Ids;
  connIds: Ids;
}

/** Mutable resource state; only ResourceTracker writes it. */
export class TrackedResource implements ResourceRows {
  readonly kind: ResourceKind;
  readonly id: string;
  /** Position in the tracker's resource list. */
  readonly index: number;
  label: string | undefined = undefined;
  state: string | undefined = undefined;
  messageCount = 0;
  private readonly ctx: ResourceContext;
  private extra: Extra | undefined = undefined;
  private rows: Int32Array | undefined = undefined;
  /** The first row naming it; before any, the row that created it (an error link). */
  private firstRow: number;
  private n = 0;

  constructor(kind: ResourceKind, id: string, index: number, createdRow: number, ctx: ResourceContext) {
    this.kind = kind;
    this.id = id;
    this.index = index;
    this.firstRow = createdRow;
    this.ctx = ctx;
  }

  get key(): string {
    return resourceKey(this.kind, this.id);
  }

  get ended(): boolean {
    return this.extra?.endReason !== undefined;
  }

  get endReason(): string | undefined {
    return this.extra?.endReason;
  }

  set endReason(reason: string | undefined) {
    if (reason !== undefined || this.extra) this.more().endReason = reason;
  }

  get deviceState(): string | undefined {
    return this.extra?.deviceState;
  }

  set deviceState(state: string | undefined) {
    if (state !== undefined || this.extra) this.more().deviceState = state;
  }

  private more(): Extra {
    return (this.extra ??= { deviceState: undefined, endReason: undefined, steps: undefined, errors: undefined, callUuids: undefined, connIds: undefined });
  }

  /**
   * Notes the callUuid and connId a record gives this call. A call keeps its callUuid for life,
   * but its connId can change (a transferred call takes the main call's), so every value is kept.
   * They live here rather than in a column per record: each call brings new strings, and interning
   * two per call into the columns' table was most of what the index facts cost the host.
   */
  noteCallIds(callUuid: string | undefined, connId: string | undefined): void {
    if (callUuid !== undefined && this.extra?.callUuids !== callUuid) this.more().callUuids = withId(this.extra?.callUuids, callUuid);
    if (connId !== undefined && this.extra?.connIds !== connId) this.more().connIds = withId(this.extra?.connIds, connId);
  }

  /** The callUuids records gave this call, first seen first (normally one). */
  get callUuids(): readonly string[] {
    return idList(this.extra?.callUuids);
  }

  /** The connIds records gave this call, first seen first. */
  get connIds(): readonly string[] {
    return idList(this.extra?.connIds);
  }

  get recordCount(): number {
    return this.n;
  }

  get firstSeen(): number {
    return this.ctx.atOfRow(this.firstRow);
  }

  get lastSeen(): number {
    return this.ctx.atOfRow(this.n > 0 ? this.rowAt(this.n - 1) : this.firstRow);
  }

  get states(): readonly StateStep[] {
    const out: StateStep[] = [];
    const steps = this.extra?.steps ?? [];
    for (let i = 0; i < steps.length; i += 2) out.push({ state: this.ctx.stateName(steps[i + 1]), since: this.ctx.atOfRow(steps[i]) });
    return out;
  }

  get stepRows(): readonly number[] {
    return this.extra?.steps ?? NO_ERRORS;
  }

  get errorSeqs(): readonly number[] {
    return this.extra?.errors ?? NO_ERRORS;
  }

  /** Adds record row `row`; returns false when it is already the last one (a resource listed twice). */
  addRow(row: number): boolean {
    if (this.n > 0 && this.rowAt(this.n - 1) === row) return false;
    if (this.n === 0) {
      this.firstRow = row;
    } else {
      if (!this.rows) {
        this.rows = new Int32Array(4);
        this.rows[0] = this.firstRow;
      } else if (this.n === this.rows.length) {
        const next = new Int32Array(this.n * 2);
        next.set(this.rows);
        this.rows = next;
      }
      this.rows[this.n] = row;
    }
    this.n += 1;
    return true;
  }

  /** The i-th record row naming this resource. */
  rowAt(i: number): number {
    return this.rows ? this.rows[i] : this.firstRow;
  }

  /** Index of the last row below `row`, or -1. */
  lastRowBefore(row: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rowAt(mid) < row) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Sets the current state from record `row`, extending the path only when it changes. */
  setState(state: string, row: number): void {
    if (this.state !== state) (this.more().steps ??= []).push(row, this.ctx.stateId(state));
    this.state = state;
  }

  /** The state changes made by rows after `row`, in order. */
  stepsAfter(row: number): Array<{ row: number; state: string }> {
    const out: Array<{ row: number; state: string }> = [];
    const steps = this.extra?.steps ?? [];
    for (let i = 0; i < steps.length; i += 2) if (steps[i] > row) out.push({ row: steps[i], state: this.ctx.stateName(steps[i + 1]) });
    return out;
  }

  /** Notes an ErrorMessage naming this resource. */
  addError(seq: number): void {
    (this.more().errors ??= []).push(seq);
  }
}
