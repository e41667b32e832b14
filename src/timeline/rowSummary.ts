import type { CaptureLine } from '../capture/records';
import type { OperationFacts } from '../indexing/indexEntry';
import { classifyMessage } from '../model/classify';
import type { RecordView } from '../tracker/resourceTracker';
import type { ResourceRefLite, TimelineRow } from '../timelineProtocol';

/**
 * List rows from journal records: the index says where a record is and what type it has, the
 * line itself gives the state, the error text and the resource each row shows.
 */

const MAX_FIELD = 200;
const MAX_DETAIL = 300;

/** `text` cut to `max` characters with an ellipsis. */
export function clip(text: string, max = MAX_FIELD): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const MAX_PAYLOAD_CHARS = 1024 * 1024;

/** A journal line as pretty JSON (raw when it does not parse), cut at 1M characters. */
export function prettyPayload(raw: string, bytes: number): { text: string; bytes: number; truncated: boolean } {
  let text: string;
  try {
    text = JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    text = raw;
  }
  const truncated = text.length > MAX_PAYLOAD_CHARS;
  return { text: truncated ? text.slice(0, MAX_PAYLOAD_CHARS) : text, bytes, truncated };
}

function lite(kind: ResourceRefLite['kind'], id: string, label?: string): ResourceRefLite {
  const ref: ResourceRefLite = { kind, id: clip(id) };
  if (label !== undefined) ref.label = clip(label);
  return ref;
}

/**
 * The list row for a record, from its index view and (when readable) its journal line. A response
 * is named by its request's operation: `requestOf` gives the index facts of a request by seq.
 */
export function summarizeRow(view: RecordView, record: CaptureLine | undefined, requestOf?: (seq: number) => OperationFacts | undefined): TimelineRow {
  const row: TimelineRow = { seq: view.seq, at: view.at, rec: view.rec, size: view.length };
  const op = view.operation;
  const request = op?.kind === 'request' ? op : op?.kind === 'response' ? requestOf?.(op.request) : undefined;
  if (request?.kind === 'request') {
    const target = request.targetId === '' ? request.targetKind : `${request.targetKind}:${request.targetId}`;
    row.operation = { name: clip(request.operation), target: clip(target), requestSeq: op?.kind === 'response' ? op.request : view.seq };
  }
  if (view.channel !== undefined) row.channel = clip(view.channel);
  if (view.malformed !== undefined) row.malformed = clip(view.malformed, MAX_DETAIL);
  if (view.rec === 'message') {
    if (view.messageType !== undefined) row.messageType = clip(view.messageType);
    if (view.notificationType !== undefined) row.notificationType = clip(view.notificationType);
    if (view.referenceId !== undefined) row.referenceId = clip(String(view.referenceId));
    if (record?.kind === 'message') describeMessage(row, record.channel, record.data);
    else row.malformed ??= 'journal line unreadable';
    return row;
  }
  if (view.rec === 'gap' && view.until !== undefined) row.until = view.until;
  const detail = record ? detailOf(record) : view.messageType;
  if (detail !== undefined) row.detail = clip(detail, MAX_DETAIL);
  return row;
}

function describeMessage(row: TimelineRow, channel: string, data: unknown): void {
  const refs = classifyMessage(channel, data).refs;
  const first = refs[0];
  if (!first) return;
  const id = first.kind === 'error' && first.id === '' ? String(row.seq) : first.id;
  row.resource = lite(first.kind, id, first.label);
  if (refs.length > 1) row.resourceCount = refs.length;
  if (first.state !== undefined) row.state = clip(first.state);
  if (first.kind === 'error') {
    const error: NonNullable<TimelineRow['error']> = { links: (first.links ?? []).map((l) => lite(l.kind, l.id)) };
    if (first.label !== undefined) error.text = clip(first.label, MAX_DETAIL);
    row.error = error;
  }
}

function detailOf(record: CaptureLine): string | undefined {
  switch (record.kind) {
    case 'event':
      return [record.event, record.subject, record.detail].filter((s) => typeof s === 'string' && s !== '').join(' · ');
    case 'gap':
      return typeof record.reason === 'string' ? record.reason : 'gap';
    case 'snapshot': {
      const parts = (['calls', 'devices', 'chats'] as const).filter((k) => Array.isArray(record[k])).map((k) => `${k}: ${(record[k] as unknown[]).length}`);
      const failed = record.failed && typeof record.failed === 'object' ? Object.keys(record.failed).map((k) => `${k} failed`) : [];
      return `REST snapshot (${[...parts, ...failed].join(', ') || 'empty'})`;
    }
    case 'bad-line':
      return typeof record.reason === 'string' ? record.reason : 'unreadable line';
    case 'request':
      return `${String(record.method ?? 'POST')} ${String(record.path)}`;
    case 'response':
      return `HTTP ${String(record.status)}${typeof record.statusCode === 'number' ? ` · statusCode ${record.statusCode}` : ''} · ${String(record.elapsedMs)} ms${typeof record.error === 'string' ? ` · ${record.error}` : ''}`;
    default:
      return undefined;
  }
}
