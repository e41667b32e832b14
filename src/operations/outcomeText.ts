/**
 * The two printed forms of an outcome: one human line, and the JSON fields `op --json` and
 * `summary --json` share.
 */
import { describeRule } from './catalogue';
import type { OperationOutcome } from './correlate';
import { formatTarget } from './operationRequest';

/** An outcome as `--json` prints it. */
export interface OutcomeJson {
  operation: string;
  target: string;
  httpStatus: number;
  statusCode: number | null;
  statusMessage: string | null;
  referenceId: string | number | null;
  outcome: OperationOutcome['outcome'];
  effect: { seq: number; state: string; afterMs: number } | null;
}

/** The JSON fields of an outcome; `effect` is null unless the outcome is `effect`. */
export function outcomeJson(o: OperationOutcome): OutcomeJson {
  return {
    operation: o.operation,
    target: formatTarget(o.target),
    httpStatus: o.httpStatus,
    statusCode: o.statusCode,
    statusMessage: o.statusMessage,
    referenceId: o.referenceId,
    outcome: o.outcome,
    effect: o.outcome === 'effect' ? o.effect : null,
  };
}

/** One line: `Answer call:ID → accepted (statusCode 0) in 12 ms → Established 95 ms later (#7)`. */
export function outcomeLine(o: OperationOutcome, windowMs: number): string {
  const head = `${o.operation} ${formatTarget(o.target)}`;
  if (o.responseSeq === null) return `${head} → no answer${o.error ? `: ${o.error.reason}` : ' yet'}`;
  const timing = o.elapsedMs === null ? '' : ` in ${o.elapsedMs} ms`;
  const code = o.statusCode === null ? '' : ` (statusCode ${o.statusCode})`;
  if (o.outcome === 'error' && o.error?.seq === null) return `${head} → refused: ${o.error.reason}${timing}`;
  const accepted = `${head} → accepted${code}${timing}`;
  switch (o.outcome) {
    case 'effect':
      return o.effect ? `${accepted} → ${o.effect.state} ${o.effect.afterMs} ms later (#${o.effect.seq})` : `${accepted} (${describeRule(o.operation, o.target.kind)})`;
    case 'error':
      return `${accepted} → error: ${o.error!.reason} (#${o.error!.seq})`;
    case 'pending':
      return `${accepted} → waiting for ${describeRule(o.operation, o.target.kind)}`;
    case 'no-effect': {
      const covered = o.coveredMs !== null && o.coveredMs < windowMs ? `; the capture covered only ${o.coveredMs} ms` : '';
      return `${accepted} → no effect within ${windowMs} ms (expected ${describeRule(o.operation, o.target.kind)}${covered})`;
    }
  }
}
