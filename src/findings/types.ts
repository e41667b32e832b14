import type { ResourceKind } from '../model/gwsTypes';

/**
 * What a findings rule reports: like a linter's diagnostic, it says what went wrong, where (the
 * record that shows it) and how sure it is (the severity). Rules read the tracker's columns, so a
 * finding names records by row; seqs and lines are derived from rows by whoever shows it.
 */

export type Severity = 'error' | 'warning' | 'info';
/** A severity setting: `off` turns a rule off. */
export type SeverityLevel = Severity | 'off';

export type RuleId =
  | 'no-effect'
  | 'operation-failed'
  | 'after-end'
  | 'stuck'
  | 'transcript-gap'
  | 'capability-mismatch'
  | 'error-message'
  | 'gap'
  | 'drift'
  | 'duplicate'
  | 'malformed'
  | 'unknown-value'
  | 'late';

/** The resource a finding is about. */
export interface FindingResource {
  kind: ResourceKind;
  id: string;
}

/** One finding. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  resource: FindingResource | null;
  /** The tracker row of the record that triggers it (for after-end, the late message). */
  row: number;
  /** Seqs of the records involved, the trigger's included, in capture order. */
  seqs: number[];
  message: string;
}

/** What a rule hands the engine; the engine adds the rule id and the configured severity. */
export interface RawFinding {
  /** Tracker resource index (-1 for none), or the resource itself. */
  resource: number | FindingResource;
  row: number;
  /** Rows of every record involved; the trigger's row is added when missing. */
  rows?: number[];
  message: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
