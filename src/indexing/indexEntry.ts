import type { ResourceRef } from '../model/classification';
import type { CaptureRecord } from '../capture/records';

/**
 * What correlation needs of a request or response record, so that it never parses their bodies:
 * a request's operation and target; a response's request seq, HTTP status, statusCode and
 * referenceId (`failed` when no answer came, or it named failed channels).
 */
export type OperationFacts =
  | { kind: 'request'; operation: string; targetKind: string; targetId: string }
  | { kind: 'response'; request: number; status: number; statusCode?: number; statusMessage?: string; referenceId?: string | number; elapsedMs?: number; failed?: string };

/**
 * The compact description of one journal record that the connection process sends the host.
 * The host indexes and tracks from these alone; full payloads stay on disk at `offset`.
 */
export interface IndexEntry {
  seq: number;
  /** Byte offset of the record's line in the journal, and its length without the newline. */
  offset: number;
  length: number;
  /** Epoch milliseconds: receivedAt for messages, at/from for other records. */
  at: number;
  rec: CaptureRecord['kind'];
  channel?: string;
  messageType?: string;
  notificationType?: string;
  referenceId?: string | number;
  malformed?: string;
  /** For event records: the event name; for gap records: the outage end (epoch ms). */
  event?: string;
  /** For event records: what the event is about (the channel subscribed), at most 200 characters. */
  subject?: string;
  until?: number;
  /** GWS timing metrics of a message (`metrics.eventProcessing`); -1 is a value GWS sends, absent is undefined. */
  serverGenerationTimestamp?: number;
  serverProcessingTimeTotalMs?: number;
  /** MessageLogUpdated: `index` of its first and last transcript message (both, or neither). */
  transcriptFirst?: number;
  transcriptLast?: number;
  /** Per resource: label, state, and the facts of ResourceRef (call ids and device, capability set, state hash). */
  refs: ResourceRef[];
  /** For snapshot records: the kinds the snapshot covers; tracked resources of those kinds it omits are gone. */
  covers?: Array<'call' | 'device' | 'chat'>;
  /** For request and response records: their facts (they name no resource: `refs` is empty). */
  operation?: OperationFacts;
}
