/**
 * The capture journal's record types: one JSON object per NDJSON line. The format is documented
 * in docs/CAPTURE-FORMAT.md; export and import reuse it unchanged.
 */

export const CAPTURE_FORMAT = 'gws-notify-capture';
export const CAPTURE_VERSION = 1;

/** First line of every capture. Never carries credentials, cookies or tokens. */
export interface HeaderRecord {
  kind: 'header';
  format: typeof CAPTURE_FORMAT;
  version: number;
  createdAt: string;
  /** Server base URL with any userinfo, query and fragment removed. */
  server: string | null;
  user: string | null;
  topics: string[];
  /** Where the records came from: a live connection, an import, a HAR file... */
  source: 'live' | 'import' | 'har' | 'replay';
  tool: { name: string; version: string };
}

/** One Bayeux message as the client handed it over (already parsed by cometd). */
export interface MessageRecord {
  kind: 'message';
  seq: number;
  /** ISO-8601 with milliseconds. */
  receivedAt: string;
  channel: string;
  data: unknown;
  /**
   * Set only when the message could not be written as received (too deep to serialize, say):
   * `data` then holds a depth-capped form and this says why.
   */
  unserializable?: string;
}

export type ConnectionEventName =
  | 'connecting'
  | 'login'
  | 'handshake'
  | 'connected'
  | 'reconnecting'
  | 'disconnected'
  | 'subscribed'
  | 'unsubscribed'
  | 'error'
  | 'closed';

/** A change of connection state, a subscription change, or an error. */
export interface EventRecord {
  kind: 'event';
  seq: number;
  at: string;
  event: ConnectionEventName;
  /** The channel for (un)subscribed, an error code for error. */
  subject?: string;
  detail?: string;
}

/** An outage: messages sent between `from` and `to` may have been missed. */
export interface GapRecord {
  kind: 'gap';
  seq: number;
  from: string;
  to: string;
  reason: string;
}

/** The REST state fetched after a re-handshake, so that tracked state is right again. */
export interface SnapshotRecord {
  kind: 'snapshot';
  seq: number;
  at: string;
  /** Only the collections that were fetched are present. */
  calls?: unknown[];
  devices?: unknown[];
  chats?: unknown[];
  /** Collections whose fetch failed, with the reason. */
  failed?: Record<string, string>;
}

/** A line that could not be read as a record (import of a damaged file). */
export interface BadLineRecord {
  kind: 'bad-line';
  seq: number;
  line: number;
  reason: string;
  raw: string;
}

export type CaptureRecord = MessageRecord | EventRecord | GapRecord | SnapshotRecord | BadLineRecord;
export type CaptureLine = HeaderRecord | CaptureRecord;
