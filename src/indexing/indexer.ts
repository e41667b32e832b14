import { classifyMessage, classifySnapshot } from '../model/classify';
import type { IndexEntry, OperationFacts } from './indexEntry';
import type { CaptureRecord, MessageRecord, ResponseRecord } from '../capture/records';
import { isObject } from '../util/jsonObject';
import { epochMs } from '../util/isoTime';

/**
 * Turns one journal record into the compact IndexEntry the host indexes and tracks. Runs once per
 * record in the connection process, so it does no more than classify and copy a few fields.
 */


/** Resource id under which damaged lines are grouped. */
export const BAD_LINES_ID = '(unreadable lines)';

/**
 * The index entry for a message record whose receivedAt is `at` (epoch ms) and whose line is at
 * `offset` with `length` bytes: toIndexEntry() without parsing the time back (the live recorder
 * has it as a number).
 */
export function messageIndexEntry(record: MessageRecord, at: number, offset: number, length: number): IndexEntry {
  const c = classifyMessage(record.channel, record.data);
  for (const ref of c.refs) if (ref.kind === 'error' && ref.id === '') ref.id = String(record.seq);
  const entry: IndexEntry = { seq: record.seq, offset, length, at, rec: 'message', channel: record.channel, refs: c.refs };
  if (c.messageType !== undefined) entry.messageType = c.messageType;
  if (c.notificationType !== undefined) entry.notificationType = c.notificationType;
  if (c.referenceId !== undefined) entry.referenceId = c.referenceId;
  const unserializable = record.unserializable !== undefined ? `unserializable: ${record.unserializable}` : undefined;
  const malformed = unserializable !== undefined && c.malformed !== undefined ? `${unserializable}; ${c.malformed}` : unserializable ?? c.malformed;
  if (malformed !== undefined) entry.malformed = malformed;
  if (c.serverGenerationTimestamp !== undefined) entry.serverGenerationTimestamp = c.serverGenerationTimestamp;
  if (c.serverProcessingTimeTotalMs !== undefined) entry.serverProcessingTimeTotalMs = c.serverProcessingTimeTotalMs;
  if (c.transcriptFirst !== undefined) {
    entry.transcriptFirst = c.transcriptFirst;
    entry.transcriptLast = c.transcriptLast;
  }
  return entry;
}

/** The index entry for `record`, whose line is at `offset` with `length` bytes. Errors get id String(seq). */
export function toIndexEntry(record: CaptureRecord, offset: number, length: number): IndexEntry {
  const seq = record.seq;
  switch (record.kind) {
    case 'message':
      return messageIndexEntry(record, epochMs(record.receivedAt), offset, length);
    case 'event':
      return { seq, offset, length, at: epochMs(record.at), rec: 'event', event: record.event, ...(typeof record.subject === 'string' && record.subject !== '' ? { subject: record.subject.slice(0, 200) } : {}), refs: [] };
    case 'gap':
      return { seq, offset, length, at: epochMs(record.from), rec: 'gap', until: epochMs(record.to), refs: [] };
    case 'snapshot': {
      const { refs, covers } = classifySnapshot(record);
      return { seq, offset, length, at: epochMs(record.at), rec: 'snapshot', refs, covers };
    }
    case 'bad-line':
      return { seq, offset, length, at: 0, rec: 'bad-line', malformed: record.reason, refs: [{ kind: 'other', id: BAD_LINES_ID }] };
    case 'request': {
      const target: Record<string, unknown> = isObject(record.target) ? record.target : {};
      const operation: OperationFacts = { kind: 'request', operation: String(record.operation), targetKind: String(target.kind ?? ''), targetId: String(target.id ?? '') };
      return { seq, offset, length, at: epochMs(record.at), rec: 'request', messageType: operation.operation, refs: [], operation };
    }
    case 'response':
      return { seq, offset, length, at: epochMs(record.at), rec: 'response', refs: [], operation: responseFacts(record) };
  }
}

/** A response's facts; `failed` names what went wrong when the HTTP status and statusCode cannot. */
function responseFacts(record: ResponseRecord): OperationFacts {
  const facts: OperationFacts = { kind: 'response', request: Number(record.request), status: Number(record.status) || 0 };
  if (typeof record.statusCode === 'number') facts.statusCode = record.statusCode;
  if (typeof record.statusMessage === 'string') facts.statusMessage = record.statusMessage.slice(0, 500);
  if (typeof record.elapsedMs === 'number' && Number.isFinite(record.elapsedMs)) facts.elapsedMs = record.elapsedMs;
  if (typeof record.referenceId === 'number' || typeof record.referenceId === 'string') facts.referenceId = record.referenceId;
  if (typeof record.error === 'string') facts.failed = record.error;
  else if (isObject(record.body) && Array.isArray(record.body.failed)) {
    const channels = record.body.failed.map((f) => (isObject(f) && typeof f.channel === 'string' ? f.channel : '?'));
    if (channels.length > 0) facts.failed = `failed channels: ${channels.join(', ')}`;
  }
  return facts;
}
