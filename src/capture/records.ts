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
  source: 'live' | 'import' | 'har' | 'replay' | 'wwe';
  /**
   * `log-local`: times are an imported log's own wall clock, which names no zone, written as if it
   * were UTC (docs/IMPORT-WWE.md). Absent: times are UTC, as this machine's clock gave them.
   */
  clock?: 'log-local';
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

/** The resource an operation was sent for (`id` is '' for `voice`, `me` and `other`: an imported call to no catalogue path). */
export interface RequestTarget {
  kind: 'call' | 'chat' | 'device' | 'voice' | 'me' | 'other';
  id: string;
}

/**
 * A GWS operation the debugger sent (explicitly, on a user's request). The body is masked as
 * exports mask it; no cookie, CSRF token or Authorization header is ever written.
 */
export interface RequestRecord {
  kind: 'request';
  seq: number;
  /** ISO-8601 with milliseconds: when the request was sent. */
  at: string;
  /** `POST` for everything the debugger sends; imports (HAR, WWE log) keep the method the browser used. */
  method: string;
  /** Relative to the capture's server; an imported call to another host: its URL without query. */
  path: string;
  operation: string;
  target: RequestTarget;
  body: unknown;
}

/** The answer to a request record, or why there was none (`error`, with `status` 0). */
export interface ResponseRecord {
  kind: 'response';
  seq: number;
  /** The seq of the request this answers. */
  request: number;
  at: string;
  /** HTTP status; 0 when no answer came (network failure, timeout). */
  status: number;
  statusCode?: number;
  statusMessage?: string;
  referenceId?: string | number;
  elapsedMs: number;
  /** The parsed body, masked; absent when the body was not JSON (then `text`) or empty. */
  body?: unknown;
  text?: string;
  /** Set when the body was longer than 1 MiB and was cut (then it is kept as `text`). */
  truncated?: true;
  /** Why no answer came: the network or timeout error, scrubbed. */
  error?: string;
}

export type CaptureRecord = MessageRecord | EventRecord | GapRecord | SnapshotRecord | BadLineRecord | RequestRecord | ResponseRecord;
export type CaptureLine = HeaderRecord | CaptureRecord;
