import type { CaptureLine, HeaderRecord } from '../capture/records';
import { diffStates, stateFromRecord, type StateDiff } from '../diff/stateDiff';
import type { ResourceView } from '../tracker/resourceTracker';
import { spanText, stateSpans } from '../tracker/stateTimes';
import { cellCode, clipJson, escapeMarkdown, fencedBlock, inlineCode, iso } from './markdownText';
import type { Redactor } from './redaction';
import { isObject } from '../util/jsonObject';
import { plural } from '../util/wording';

/**
 * The Markdown bug report of one resource: where it went (state path with time spent in each
 * state), what each record changed (paths from the successive-state diff), the errors that name
 * it, and its first and last raw states. Every payload string goes through the redactor first and
 * through the Markdown escapes after, so the report can be pasted anywhere.
 */

/** One record of the resource, as read from the journal. */
export interface ReportRecord {
  seq: number;
  at: number;
  record: CaptureLine;
}

/** What the report is made from. */
export interface ResourceReportInput {
  header: HeaderRecord;
  resource: ResourceView;
  /** The records naming the resource, in seq order. */
  records: readonly ReportRecord[];
  /** The ErrorMessages that name it (calls and devices). */
  errors: readonly ReportRecord[];
  redactor: Redactor;
  generatedAt: Date;
  /** Time of the capture's last record (epoch ms): an open state lasts at least until then. */
  captureEnd: number;
  /** Most change entries listed before the rest is summarized (default 2000). */
  maxChanges?: number;
}

/** What a record is, in a few words: `CallStateChangeMessage / StatusChange`, `snapshot`... */
function recordTitle(record: CaptureLine): string {
  if (record.kind !== 'message') return record.kind;
  const data = isObject(record.data) ? record.data : {};
  const type = typeof data.messageType === 'string' ? data.messageType : '(no messageType)';
  return typeof data.notificationType === 'string' ? `${type} / ${data.notificationType}` : type;
}

/** The bullet lines describing one diff. */
function diffLines(diff: StateDiff): string[] {
  if (diff.error !== undefined) return [`- could not compare: ${escapeMarkdown(diff.error)}`];
  if (diff.unchanged) return ['- no change in its own state'];
  const lines: string[] = [];
  // Capability items are listed once, as a set change, below.
  const capabilityPaths = new Set((diff.capabilities ?? []).map((c) => c.path));
  for (const c of diff.changes) {
    const parent = /^(.*)\[[^\]]*\]$/.exec(c.path)?.[1];
    if (parent !== undefined && capabilityPaths.has(parent)) continue;
    if (c.op === 'added') lines.push(`- ${inlineCode(c.path)} added: ${inlineCode(clipJson(c.after))}`);
    else if (c.op === 'removed') lines.push(`- ${inlineCode(c.path)} removed (was ${inlineCode(clipJson(c.before))})`);
    else if (c.op === 'moved') lines.push(`- ${inlineCode(c.path)} moved from position ${clipJson(c.before)} to ${clipJson(c.after)}`);
    else lines.push(`- ${inlineCode(c.path)}: ${inlineCode(clipJson(c.before))} → ${inlineCode(clipJson(c.after))}`);
  }
  for (const cap of diff.capabilities ?? []) {
    const parts = [...cap.added.map((a) => `+${a}`), ...cap.removed.map((r) => `−${r}`)];
    lines.push(`- ${inlineCode(cap.path)}: ${parts.map((p) => inlineCode(p)).join(' ')}`);
  }
  if (diff.participants) lines.push(`- participants: ${diff.participants.joined.length} joined, ${diff.participants.left.length} left`);
  return lines.length > 0 ? lines : ['- changed (no path-level detail)'];
}

/** A transcript update, described without its text. */
function transcriptLine(record: CaptureLine): string {
  const data = record.kind === 'message' && isObject(record.data) ? record.data : {};
  const messages = Array.isArray(data.messages) ? data.messages : [];
  const types = [...new Set(messages.map((m) => (isObject(m) && typeof m.type === 'string' ? m.type : '?')))];
  return `- transcript: ${plural(messages.length, 'new message')}${types.length > 0 ? ` (${types.map((t) => escapeMarkdown(t)).join(', ')})` : ''}`;
}

/** The state path as a table, with the time spent in each state. */
function statePath(resource: ResourceView, captureEnd: number): string[] {
  const spans = stateSpans(resource, captureEnd);
  if (spans.length === 0) return ['No state was reported for this resource.'];
  const rows = ['| # | State | Since (UTC) | Time in state |', '|---|---|---|---|'];
  spans.forEach((span, i) => rows.push(`| ${i + 1} | ${escapeMarkdown(span.state)} | ${iso(span.since)} | ${spanText(span, 'capture')} |`));
  return rows;
}

/** The error section: one line per ErrorMessage naming the resource. */
function errorLines(errors: readonly ReportRecord[], redactor: Redactor): string[] {
  if (errors.length === 0) return ['None.'];
  return errors.map(({ seq, at, record }) => {
    const data = record.kind === 'message' ? redactor.value(record.data) : undefined;
    const text = isObject(data) && typeof data.errorMessage === 'string' ? data.errorMessage : clipJson(data, 200);
    return `- seq ${seq} at ${iso(at)}: ${escapeMarkdown(text)}`;
  });
}

/** The raw state as a fenced JSON block. */
function stateBlock(title: string, seq: number | undefined, state: unknown): string[] {
  if (seq === undefined) return [`## ${title}`, '', 'No record holds a state object for this resource.'];
  let text: string;
  try {
    text = JSON.stringify(state, null, 2) ?? 'undefined';
  } catch {
    text = clipJson(state, 100_000);
  }
  return [`## ${title} (seq ${seq})`, '', fencedBlock(text, 'json')];
}

/** Renders the report; pure apart from the redactor's token cache. */
export function renderResourceReport(input: ResourceReportInput): string {
  const { header, resource, redactor } = input;
  const max = input.maxChanges ?? 2000;
  const label = resource.label === undefined ? undefined : redactor.masking ? redactor.token(resource.label) : resource.label;
  const out: string[] = [
    `# GWS notification report: ${resource.kind} ${inlineCode(resource.id)}`,
    '',
    '| | |',
    '|---|---|',
    `| Resource | ${resource.kind} ${cellCode(resource.id)} |`,
    `| Label | ${label === undefined ? '–' : escapeMarkdown(label)} |`,
    `| Current state | ${resource.state === undefined ? '–' : escapeMarkdown(resource.state)}${resource.ended ? (resource.endReason && resource.endReason !== resource.state ? ` (ended: ${escapeMarkdown(resource.endReason)})` : ' (ended)') : ''} |`,
    `| First seen | ${iso(resource.firstSeen)} |`,
    `| Last seen | ${iso(resource.lastSeen)} |`,
    `| Records | ${resource.recordCount} (${plural(resource.messageCount, 'message')}) |`,
    `| Capture | ${escapeMarkdown(header.server ?? '–')}, user ${escapeMarkdown(header.user ?? '–')}, source ${escapeMarkdown(header.source)}, started ${escapeMarkdown(header.createdAt)} |`,
    `| Report | generated ${input.generatedAt.toISOString()}${redactor.masking ? ', personal data masked' : ''} |`,
    '',
    '## State path',
    '',
    ...statePath(resource, input.captureEnd),
    '',
    '## Changes',
    '',
  ];
  let previous: unknown = undefined;
  let first: { seq: number; state: unknown } | undefined;
  let last: { seq: number; state: unknown } | undefined;
  let listed = 0;
  for (const { seq, at, record } of input.records) {
    const redacted = redactor.record(record);
    const state = stateFromRecord(resource.kind, resource.id, redacted);
    const heading = `### seq ${seq} · ${iso(at)} · ${escapeMarkdown(recordTitle(record))}`;
    let lines: string[];
    if (state === undefined) lines = record.kind === 'message' && isObject(record.data) && record.data.messageType === 'MessageLogUpdated' ? [transcriptLine(record)] : ['- no state of this resource in the record'];
    else if (previous === undefined) lines = ['- first appearance (full state below)'];
    else lines = diffLines(diffStates(previous, state));
    if (state !== undefined) {
      previous = state;
      first ??= { seq, state };
      last = { seq, state };
    }
    if (listed++ < max) out.push(heading, '', ...lines, '');
  }
  if (listed > max) out.push(`… and ${plural(listed - max, 'more record')}, not listed.`, '');
  if (listed === 0) out.push('No records.', '');
  out.push('## Errors', '', ...errorLines(input.errors, redactor), '');
  out.push(...stateBlock('First state', first?.seq, first?.state), '');
  out.push(...stateBlock('Last state', last?.seq, last?.state), '');
  return out.join('\n');
}
