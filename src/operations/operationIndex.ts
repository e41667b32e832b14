/**
 * The lookups correlation makes, over the tracker's columns and trails only: responses by request
 * seq, notifications by referenceId, a call's device, new calls per device, and window scans.
 * Built once per correlation, in one pass over the rows that have a referenceId.
 */
import { KIND_MASK } from '../tracker/recordColumns';
import type { ResourceTracker, ResourceRows } from '../tracker/resourceTracker';
import type { TargetKind } from './catalogue';

/** The rows a window holds: ingest order after `after`, message records at or before `until` (epoch ms). */
export interface WindowRows {
  after: number;
  until: number;
}

/** A match: its row and what it showed. */
export interface Match {
  row: number;
  state: string;
  error?: string;
}

const MESSAGE = 0;

/** Lazily built lookups over one tracker. */
export class OperationIndex {
  /** Time of the capture's last record: windows never reach past it. */
  readonly endAt: number;
  private readonly responses = new Map<number, number>();
  private byReference: Map<string, number[]> | undefined;
  private readonly devicesOfCalls = new Map<string, string | undefined>();
  private newCalls: Map<string, number[]> | undefined;

  constructor(readonly tracker: ResourceTracker) {
    const c = tracker.columns;
    let end = 0;
    for (let i = c.count - 1; i >= 0 && i >= c.count - 64; i--) end = Math.max(end, c.atAt(i));
    this.endAt = end;
    for (const row of c.operations.responseRows()) {
      const f = c.operations.at(row);
      if (f?.kind === 'response' && !this.responses.has(f.request)) this.responses.set(f.request, row);
    }
  }

  /** The row of the response to the request `seq`, or undefined. */
  responseOf(seq: number): number | undefined {
    return this.responses.get(seq);
  }

  /** Whether `row` is a message inside the window. */
  inWindow(row: number, rows: WindowRows): boolean {
    const c = this.tracker.columns;
    return row > rows.after && c.atAt(row) <= rows.until && (c.flags.data[row] & KIND_MASK) === MESSAGE;
  }

  /** Message rows carrying `referenceId`, ascending. */
  rowsWithReference(referenceId: string | number): readonly number[] {
    if (!this.byReference) {
      const map = new Map<string, number[]>();
      const c = this.tracker.columns;
      const nums = c.refNum.data;
      for (let i = 0; i < c.count; i++) {
        if (Number.isNaN(nums[i])) continue;
        const key = String(nums[i]);
        (map.get(key) ?? map.set(key, []).get(key)!).push(i);
      }
      for (const row of c.stringReferenceRows()) {
        const key = String(c.referenceAt(row));
        (map.get(key) ?? map.set(key, []).get(key)!).push(row);
      }
      for (const rows of map.values()) rows.sort((a, b) => a - b);
      this.byReference = map;
    }
    return this.byReference.get(String(referenceId)) ?? [];
  }

  /** The device id of a call (its first ref with a device fact), or undefined. */
  deviceOfCall(callId: string): string | undefined {
    if (this.devicesOfCalls.has(callId)) return this.devicesOfCalls.get(callId);
    const trail = this.tracker.trail('call', callId);
    let device: string | undefined;
    for (let i = 0; trail && device === undefined && i < trail.recordCount; i++) device = this.refDevice(trail.rowAt(i), trail.index);
    this.devicesOfCalls.set(callId, device);
    return device;
  }

  private refDevice(row: number, resource: number): string | undefined {
    const c = this.tracker.columns;
    for (let j = c.refStart(row); j < c.refEnd.data[row]; j++) {
      if (c.refs.resource.data[j] === resource) return c.strings.value(c.refs.device.get(j, 0));
    }
    return undefined;
  }

  /** Every device's trail. */
  devices(): ResourceRows[] {
    return this.tracker.resources('device').map((d) => this.tracker.trail('device', d.id)).filter((t): t is ResourceRows => t !== undefined);
  }

  /** The trail of a call, chat or device target; undefined for `voice` and `me`. */
  targetTrail(target: { kind: TargetKind; id: string }): ResourceRows | undefined {
    return target.kind === 'call' || target.kind === 'chat' || target.kind === 'device' ? this.tracker.trail(target.kind, target.id) : undefined;
  }

  /** The first window row about the target that `accept` takes (any device for `voice`, any message for `me`). */
  firstTargetRow(target: { kind: TargetKind; id: string }, rows: WindowRows, accept: (row: number) => boolean): Match | undefined {
    if (target.kind === 'me') return this.scanWindow(rows, accept);
    if (target.kind === 'voice') return this.scanWindow(rows, (row) => accept(row) && this.namesKind(row, 'device'));
    const trail = this.targetTrail(target);
    if (!trail) return undefined;
    const c = this.tracker.columns;
    for (let i = trail.lastRowBefore(rows.after + 1) + 1; i < trail.recordCount; i++) {
      const row = trail.rowAt(i);
      if (c.atAt(row) > rows.until) break;
      if (this.inWindow(row, rows) && accept(row)) return { row, state: this.describe(row) };
    }
    return undefined;
  }

  /** The first window row `accept` takes, scanning the rows after the request in order. */
  scanWindow(rows: WindowRows, accept: (row: number) => boolean): Match | undefined {
    const c = this.tracker.columns;
    for (let row = rows.after + 1; row < c.count; row++) {
      if (c.atAt(row) > rows.until) break;
      if (this.inWindow(row, rows) && accept(row)) return { row, state: this.describe(row) };
    }
    return undefined;
  }

  /** Rows where a call first appears Dialing on `device`, ascending. */
  newCallRows(device: string | undefined): readonly number[] {
    if (device === undefined) return [];
    if (!this.newCalls) {
      const map = new Map<string, number[]>();
      for (const view of this.tracker.resources('call')) {
        const trail = this.tracker.trail('call', view.id);
        const first = trail?.stepsAfter(-1)[0];
        if (!trail || first?.state !== 'Dialing') continue;
        const d = this.deviceOfCall(view.id);
        if (d !== undefined) (map.get(d) ?? map.set(d, []).get(d)!).push(first.row);
      }
      for (const rows of map.values()) rows.sort((a, b) => a - b);
      this.newCalls = map;
    }
    return this.newCalls.get(device) ?? [];
  }

  /** Whether `row` names a call other than `callId` on `device`. */
  otherCallOnDevice(row: number, callId: string, device: string): boolean {
    const c = this.tracker.columns;
    for (let j = c.refStart(row); j < c.refEnd.data[row]; j++) {
      const r = this.tracker.resourceAt(c.refs.resource.data[j]);
      if (r?.kind === 'call' && r.id !== callId && c.strings.value(c.refs.device.get(j, 0)) === device) return true;
    }
    return false;
  }

  private namesKind(row: number, kind: string): boolean {
    const c = this.tracker.columns;
    for (let j = c.refStart(row); j < c.refEnd.data[row]; j++) if (this.tracker.resourceAt(c.refs.resource.data[j])?.kind === kind) return true;
    return false;
  }

  /** What a row shows, in one word: its notificationType, else its messageType. */
  describe(row: number): string {
    const c = this.tracker.columns;
    return c.ntypeAt(row) ?? c.typeAt(row) ?? 'notification';
  }
}
