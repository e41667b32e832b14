/** The rows `npm run bench` produces, their verdicts, and the printed table. */

/** One row of the results (bench/results.json holds an array of them). */
export interface ResultRow {
  /** The row number of the performance issue's table (1-8), or 'curve'. */
  id: string;
  name: string;
  /** The figure: a number in `unit`, true/false for yes/no rows, null when the bench failed. */
  value: number | boolean | null;
  /** The same work done by the baseline in the same run, in `unit`; null for absolute rows. */
  baseline: number | null;
  /** The figure against the baseline, in the direction the target names; null for absolute rows. */
  ratio: number | null;
  /** The target, as text (">= 0.9 ratio", "< 300 ms", "yes"); "report" for figures without one. */
  target: string;
  /** Whether the target is met; null for reported figures. */
  pass: boolean | null;
  unit: string;
  note?: string;
}

/** A target check: what is compared (the value or the ratio), how, and the limit. */
export interface Target {
  on: 'value' | 'ratio';
  op: '>=' | '<=' | '<' | 'yes';
  limit?: number;
}

/** The text of a target, e.g. ">= 0.9 ratio" or "< 300 ms". */
export function targetText(t: Target | undefined, unit: string): string {
  if (!t) return 'report';
  if (t.op === 'yes') return 'yes';
  return `${t.op} ${t.limit}${t.on === 'ratio' ? '×' : ` ${unit}`}`;
}

/** A row with its ratio, target text and verdict filled in. */
export function makeRow(id: string, name: string, unit: string, value: number | boolean | null, target?: Target, baseline: number | null = null, ratio: number | null = null, note?: string): ResultRow {
  const row: ResultRow = { id, name, value, baseline, ratio, target: targetText(target, unit), pass: null, unit };
  if (note) row.note = note;
  if (!target) return row;
  const x = target.on === 'ratio' ? ratio : value;
  if (x === null || (typeof x === 'number' && !Number.isFinite(x))) row.pass = false;
  else if (target.op === 'yes') row.pass = x === true;
  else if (typeof x === 'number') row.pass = target.op === '>=' ? x >= target.limit! : target.op === '<=' ? x <= target.limit! : x < target.limit!;
  return row;
}

/** A row for a bench that failed: no figure, a failed verdict when it had a target. */
export function failedRow(id: string, name: string, unit: string, error: string, target?: Target): ResultRow {
  return { ...makeRow(id, name, unit, null, target), note: error.split('\n')[0].slice(0, 300) };
}

function show(v: number | boolean | null, unit: string): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** The table as printed: one line per row. */
export function formatTable(rows: readonly ResultRow[]): string {
  const cells = rows.map((r) => [r.id, r.name, show(r.value, r.unit), r.baseline === null ? '' : show(r.baseline, r.unit), r.ratio === null ? '' : r.ratio.toFixed(2), r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL']);
  const head = ['#', 'figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => (i >= 2 && i <= 4 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  const notes = rows.filter((r) => r.note).map((r) => `  [${r.id}] ${r.name}: ${r.note}`);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
