import type { ResourceKind } from '../../model/gwsTypes';
import { correlate, type OperationOutcome } from '../../operations/correlate';
import { outcomeLine } from '../../operations/outcomeText';
import type { ResourceTracker } from '../../tracker/resourceTracker';
import type { RawFinding, RuleId } from '../types';
import type { RuleDefinition } from '../ruleApi';

/**
 * `no-effect` and `operation-failed`: findings from the correlation of each operation (request and
 * response records) with the notifications it caused (operations/correlate.ts, index facts only).
 * Correlation runs on the engine's ticks, never per row: live every few seconds, for a capture
 * once at its end. Both rules of one engine share one correlation per tick. An operation whose
 * window the capture (or the clock) has not closed yet is left undecided: an Answer recorded a
 * second before the capture stopped is not called ineffective.
 */

interface Correlation {
  count: number;
  now: number;
  windowMs: number;
  outcomes: OperationOutcome[];
}

const shared = new WeakMap<ResourceTracker, Correlation>();

/** The outcomes at `now` with `windowMs`, computed once for every rule that asks with the same rows and time. */
function outcomesAt(tracker: ResourceTracker, now: number, windowMs: number): OperationOutcome[] {
  const count = tracker.columns.count;
  const last = shared.get(tracker);
  if (last && last.count === count && last.now === now && last.windowMs === windowMs) return last.outcomes;
  const outcomes = correlate(tracker, { windowMs, now });
  shared.set(tracker, { count, now, windowMs, outcomes });
  return outcomes;
}

const TARGET_KINDS: ReadonlySet<string> = new Set<ResourceKind>(['call', 'chat', 'device']);

/** A finding for outcome `o`: at the failure notification when one reported it, else at the response. */
function findingOf(tracker: ResourceTracker, o: OperationOutcome, windowMs: number): RawFinding {
  const c = tracker.columns;
  const rows = [o.requestSeq, o.responseSeq, o.error?.seq ?? null].filter((s): s is number => s !== null).map((seq) => c.indexOfSeq(seq)).filter((r) => r >= 0);
  const errorRow = o.error?.seq != null ? c.indexOfSeq(o.error.seq) : -1;
  const responseRow = o.responseSeq !== null ? c.indexOfSeq(o.responseSeq) : -1;
  const row = errorRow >= 0 ? errorRow : responseRow >= 0 ? responseRow : c.indexOfSeq(o.requestSeq);
  const resource = TARGET_KINDS.has(o.target.kind) && o.target.id !== '' ? { kind: o.target.kind as ResourceKind, id: o.target.id } : -1;
  return { resource, row, rows, message: outcomeLine(o, windowMs) };
}

function operationRule(id: RuleId, reports: (o: OperationOutcome) => boolean): RuleDefinition {
  return {
    id,
    create(ctx) {
      /** Request seqs whose outcome is decided (reported or not): each is judged once. */
      const decided = new Set<number>();
      let seenCount = -1;
      /** When the earliest open window closes (no new rows: nothing to do before then). */
      let nextDue = Infinity;
      return {
        tick(now) {
          const c = ctx.columns;
          if (c.operations.requestRows.length === decided.size) return;
          if (c.count === seenCount && now < nextDue) return;
          seenCount = c.count;
          nextDue = Infinity;
          const windowMs = ctx.setting('window');
          for (const o of outcomesAt(ctx.tracker, now, windowMs)) {
            if (decided.has(o.requestSeq)) continue;
            if (o.outcome === 'pending') {
              const respRow = o.responseSeq === null ? -1 : c.indexOfSeq(o.responseSeq);
              if (respRow >= 0) nextDue = Math.min(nextDue, c.atAt(respRow) + windowMs);
              continue;
            }
            decided.add(o.requestSeq);
            if (reports(o)) ctx.emit(findingOf(ctx.tracker, o, windowMs));
          }
        },
      };
    },
  };
}

/** `no-effect`: accepted (HTTP 2xx, statusCode 0) and the expected effect never came within the window. */
export const noEffect = operationRule('no-effect', (o) => o.outcome === 'no-effect');

/** `operation-failed`: an HTTP error, a non-zero statusCode, a failed send, or a failure notification linked to it. */
export const operationFailed = operationRule('operation-failed', (o) => o.outcome === 'error');
