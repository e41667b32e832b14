import type { CaptureLine } from '../capture/records';
import { Growable } from '../util/growable';
import type { ResourceKind } from '../model/gwsTypes';
import type { RecordColumns } from '../tracker/recordColumns';
import type { ResourceTracker } from '../tracker/resourceTracker';
import type { RawFinding, RuleId } from './types';

/**
 * What a rule sees and how it reports. Rules read the tracker's columns row by row, in ingest
 * order, whether the rows arrive live a batch at a time or all at once from a capture: the engine
 * feeds both the same way. A rule that needs payloads (names in an ErrorMessage, a snapshot's
 * content) asks for the few records it needs with read(); the engine reads them asynchronously.
 */

export interface RuleContext {
  readonly tracker: ResourceTracker;
  readonly columns: RecordColumns;
  /** The rule's setting `name` (durations in ms). */
  setting(name: string): number;
  emit(finding: RawFinding): void;
  /** Reads the records at `rows` from the journal later, then calls `decide` with them (undefined: unreadable). */
  read(rows: readonly number[], decide: (records: ReadonlyArray<CaptureLine | undefined>) => void): void;
}

export interface RuleInstance {
  /** Row `row` was ingested (rows come in order, each once). */
  row?(row: number): void;
  /** Time is now `now` (epoch ms): live, the clock; for a capture, its last record's time. */
  tick?(now: number): void;
}

export interface RuleDefinition {
  id: RuleId;
  create(ctx: RuleContext): RuleInstance;
}

/** Column readers the rules share; every one is a typed-array read. */
export class RowFacts {
  constructor(
    readonly columns: RecordColumns,
    private readonly tracker: ResourceTracker,
  ) {}

  isMessage(row: number): boolean {
    return this.columns.recAt(row) === 'message';
  }
  /** String id of the row's messageType (0 = none); compare with idOf(). */
  typeId(row: number): number {
    return this.columns.type.data[row];
  }
  ntypeId(row: number): number {
    return this.columns.ntype.data[row];
  }
  /** The id a string has in the columns, or -1 when no record carries it yet. */
  idOf(text: string): number {
    return this.columns.strings.lookup(text);
  }
  str(id: number): string | undefined {
    return this.columns.strings.value(id);
  }
  at(row: number): number {
    return this.columns.at.data[row];
  }
  refStart(row: number): number {
    return this.columns.refStart(row);
  }
  refEnd(row: number): number {
    return this.columns.refEnd.data[row];
  }
  refResource(j: number): number {
    return this.columns.refs.resource.data[j];
  }
  refStateId(j: number): number {
    return this.columns.refs.state.get(j, 0);
  }
  refHash(j: number): number {
    return this.columns.refs.stateHash.data[j];
  }
  refCapsId(j: number): number {
    return this.columns.refs.capabilities.get(j, 0);
  }
  kindOf(resource: number): ResourceKind | undefined {
    return this.tracker.resourceAt(resource)?.kind;
  }
  /** `kind id` of a resource, for messages. */
  nameOf(resource: number): string {
    const r = this.tracker.resourceAt(resource);
    return r ? `${r.kind} ${r.id}` : 'an unknown resource';
  }
}

/** Milliseconds as `45 s`, `3 min 20 s`, `850 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * A number per tracker resource index, `absent` until set: the rules' per-resource state on the
 * per-row path, a typed-array read instead of a Map lookup.
 */
export class PerResource {
  private readonly values = new Growable((n) => new Float64Array(n), 0);

  constructor(private readonly absent: number) {}

  get(r: number): number {
    return this.values.get(r, this.absent);
  }
  set(r: number, value: number): void {
    this.values.put(r, value, this.absent);
  }
  /** Indexes up to which values may be set (iterate [0, size) and skip `absent`). */
  get size(): number {
    return this.values.length;
  }
}
