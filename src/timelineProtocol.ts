import type { LanesReply, LanesRequest } from './lanesProtocol';
import type { ResourceKind } from './model/gwsTypes';
import type { ResourceTimeInState, RowTimingField } from './timingProtocol';

/**
 * The one protocol between the extension host and the timeline webview, imported by both bundles:
 * it imports neither `vscode` nor the DOM. One discriminated union per direction; names read
 * `scope/noun/verb`. Payload text crosses as plain strings and the webview renders it as text.
 */

/** The webview's type id, its serializer key and the activation event's suffix. */
export const TIMELINE_VIEW_TYPE = 'gwsNotifications.timeline';

/**
 * What a timeline shows: all traffic, one topic (a channel pattern), or one resource (of `session`,
 * default the timeline's own). `allSessions` spans every open session: all traffic or a topic of each
 * one, merged by received time; a resource with its twins (the same call or chat seen by others).
 */
export type TimelineScope = ({ kind: 'all' } | { kind: 'topic'; channel: string } | { kind: 'resource'; resourceKind: ResourceKind; id: string; session?: string }) & { allSessions?: boolean };

/** The session a row of a view across sessions came from. */
export interface SessionTag {
  id: string;
  label: string;
}

/** Filters applied on the host; empty fields match everything. */
export interface TimelineFilter {
  /** Case-insensitive (ASCII) text searched in the record's journal line: ids, states, types, payload. */
  text: string;
  channel?: string; messageType?: string; notificationType?: string;
}

/** A resource a row or a detail names. */
export interface ResourceRefLite {
  kind: ResourceKind; id: string; label?: string;
}

/** One list row: the facts shown in the message list. */
export interface TimelineRow extends RowTimingField {
  seq: number;
  /** Epoch ms. */
  at: number;
  rec: 'message' | 'event' | 'gap' | 'snapshot' | 'bad-line' | 'request' | 'response';
  channel?: string;
  messageType?: string;
  notificationType?: string;
  /** The first resource the record names. */
  resource?: ResourceRefLite;
  /** How many resources the record names (a device message can carry several). */
  resourceCount?: number;
  state?: string;
  referenceId?: string;
  /** Journal line size in bytes. */
  size: number;
  malformed?: string;
  /** For ErrorMessages: the error text and the call and device it names. */
  error?: { text?: string; links: ResourceRefLite[] };
  /** Event name and detail, gap reason, snapshot summary or bad-line reason. */
  detail?: string;
  /** For gaps: the outage end (epoch ms). */
  until?: number;
  /** Set in views across sessions: whose row this is (its seq is that session's). */
  session?: SessionTag;
  /** Request and response rows: the operation, its target (`call:ID`) and the request's seq. */
  operation?: { name: string; target: string; requestSeq: number };
  /** The findings this record triggers (docs/FINDINGS.md), worst first. */
  findings?: FindingNote[];
  /** `log-local`: `at` is an imported log's wall clock (no zone, written as UTC): shown as written, marked so. */ clock?: 'log-local';
}

/** A finding as a timeline row carries it: the rule id, its severity and its text. */
export interface FindingNote {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** A run of consecutive rows of the current view. */
export interface RowPage {
  /** Position of the first row in the view. */
  start: number;
  rows: TimelineRow[];
}

/** Values the dropdowns offer. */
export interface TimelineFacets {
  channels: string[];
  messageTypes: string[];
  notificationTypes: string[];
}

/** What the webview needs to draw a view from scratch; bounded whatever the capture's size. */
export interface TimelineSnapshot {
  sessionId: string;
  sessionLabel: string;
  live: boolean;
  scope: TimelineScope;
  filter: TimelineFilter;
  /** Changes whenever the view's rows are recomputed; pages of older generations are stale. */
  generation: number;
  /** Rows in the view. */
  total: number;
  /** Records in the whole capture. */
  recordCount: number;
  /** The view's last rows (at most one page), or the page around `selectedSeq`. */
  page: RowPage;
  facets: TimelineFacets;
  /** Position of the requested selected seq in the view, or -1. */
  selectedIndex: number;
  /** Sessions open now (the webview offers "All sessions" when there are two or more). */
  sessionCount?: number;
}

/** One change of a resource between two states; values are JSON text, possibly truncated. */
export interface ChangeLine {
  path: string;
  op: 'added' | 'removed' | 'changed' | 'moved';
  before?: string; after?: string;
}

/** A participant who joined or left, named by its key (`participantId=…`). */
export interface ParticipantChange {
  key: string; label?: string; text: string;
}

/** The keyed diff of one resource at one record. */
export interface ResourceDiffEntry {
  resource: ResourceRefLite;
  /** The record diffed against; undefined for a first appearance. */
  previousSeq?: number;
  unchanged: boolean;
  changes: ChangeLine[];
  capabilities: Array<{ path: string; added: string[]; removed: string[] }>;
  participants: { joined: ParticipantChange[]; left: ParticipantChange[] };
  /** Top-level fields that did not change, folded away by default. */
  unchangedFields: Array<{ key: string; text: string }>;
  /** Why there is no diff (no state in this record, could not compare...). */
  note?: string;
  /** True when the lists were cut to stay bounded. */
  truncated?: boolean;
}

/** The diff of every resource a record names (or of the scoped one). */
export interface DiffResult {
  seq: number;
  entries: ResourceDiffEntry[];
}

/** One resource's life: state path with durations, first and last seen, linked errors. */
export interface ResourceDetail extends ResourceTimeInState {
  resource: ResourceRefLite;
  found: boolean;
  state?: string; deviceState?: string; ended?: boolean; endReason?: string;
  firstSeen?: number; lastSeen?: number; messageCount?: number;
  /** `durationMs` runs to the next state, or to lastSeen for the current one (`current`). */
  states: Array<{ state: string; since: number; durationMs: number; current: boolean }>;
  errors: Array<{ seq: number; at: number; text?: string }>;
  /** For error resources: the call and device the error names. */
  links: ResourceRefLite[];
  truncated?: boolean;
  /** `log-local`: the times are an imported log's wall clock (no zone, written as UTC): shown as written. */ clock?: 'log-local';
}

/** One transcript line: a MessageLogUpdated entry or a change of the chat's state. */
export type TranscriptLine =
  | { kind: 'message'; seq: number; index: number; nickname?: string; participantType?: string; type?: string; visibility?: string; text?: string; at?: number }
  | { kind: 'state'; seq: number; at: number; state?: string; notificationType?: string; joined: string[]; left: string[] };

/** A chat's transcript: messages in index order, merged with its state changes. */
export interface TranscriptResult {
  chatId: string;
  lines: TranscriptLine[];
  truncated: boolean;
  /** `log-local`: received times are an imported log's wall clock, shown as written (GWS's own stay epoch times). */ clock?: 'log-local';
}

/** One operation as the detail pane shows it: its request, its response and what came of it. */
export interface OperationView {
  /** The operation, and its target: `call:ID`, `chat:ID`, `device:ID`, `voice` or `me`. */
  operation: string;
  target: string;
  requestSeq: number; responseSeq: number | null;
  /** `sentAt` in epoch ms; `httpStatus` 0 when no answer came. */
  sentAt: number;
  httpStatus: number;
  statusCode: number | null; statusMessage: string | null;
  referenceId: string | null;
  elapsedMs: number | null;
  outcome: 'effect' | 'error' | 'no-effect' | 'pending';
  effect: { seq: number; state: string; afterMs: number } | null;
  error: { reason: string; seq: number | null } | null;
  summary: string; // `Answer call:ID → accepted (statusCode 0) in 12 ms → Established 95 ms later (#7)`
  /** The request and response records as JSON text (shown as text, never markup), each cut at 1 MiB. */
  requestText: string; responseText?: string;
  truncated: boolean;
}

/** What a row has to do with an operation (`operation/get`). */
export interface OperationDetail {
  seq: number;
  /** A request or response row's operation; for a notification, the operation it was the effect of (or reported the failure of). */
  operation?: OperationView;
  causedBy?: { operation: string; target: string; requestSeq: number; outcome: OperationView['outcome'] };
}

/** Messages the webview sends. */
export type WebviewMessage =
  | { type: 'webview/ready'; scope?: TimelineScope; filter?: TimelineFilter; sessionId?: string; selectedSeq?: number; selectedSession?: string }
  | { type: 'webview/error'; message: string }
  | { type: 'view/filter/set'; filter: TimelineFilter; selectedSeq?: number; selectedSession?: string }
  | { type: 'view/scope/set'; scope: TimelineScope }
  | { type: 'rows/get'; generation: number; start: number; count: number }
  | ({ type: 'rows/locate'; generation: number; seq: number } & InSession)
  | ({ type: 'record/get'; seq: number } & InSession)
  | ({ type: 'diff/get'; seq: number; resource?: { kind: ResourceKind; id: string } } & InSession)
  | ({ type: 'diff/open'; seq: number; kind: ResourceKind; id: string } & InSession)
  | ({ type: 'resource/get'; kind: ResourceKind; id: string } & InSession)
  | ({ type: 'transcript/get'; chatId: string } & InSession)
  | ({ type: 'operation/get'; seq: number } & InSession)
  | { type: 'export/run' } | LanesRequest;

/** Names the session a seq or id belongs to (a row's `session.id`); absent, the timeline's own. */
export interface InSession {
  session?: string;
}

/**
 * Webview messages that are events: the host acts on them and never replies, and the webview
 * posts them with sendEvent, never awaits them. Every other webview message is a request and
 * gets exactly one reply: its answer or `request/failed`.
 */
export const WEBVIEW_EVENT_TYPES = ['webview/error', 'diff/open', 'export/run'] as const;
export type WebviewEvent = Extract<WebviewMessage, { type: (typeof WEBVIEW_EVENT_TYPES)[number] }>;
export type WebviewRequest = Exclude<WebviewMessage, WebviewEvent>;

/** True for the type of a webview event (no reply). */
export function isWebviewEvent(type: unknown): boolean {
  return (WEBVIEW_EVENT_TYPES as readonly unknown[]).includes(type);
}

/**
 * Requests of the same key supersede one another: a newer view (ready, filter, scope) the older
 * view, a newer read of the same rows the older one. Both sides apply it: the webview drops the
 * older promise, the host aborts the older work and answers it `request/failed` (`superseded`).
 */
export function supersedeKey(body: WebviewMessage): string | undefined {
  switch (body.type) {
    case 'webview/ready':
    case 'view/filter/set':
    case 'view/scope/set':
      return 'view';
    case 'rows/get':
      return `rows/${body.start}/${body.count}`;
    case 'rows/locate':
      return 'rows/locate';
    default:
      return undefined;
  }
}

/** Why a request failed: refused as malformed, refused by the host, failed, or superseded by a newer one. */
export type FailureCode = 'invalid' | 'refused' | 'error' | 'superseded';

/** Messages the host sends. */
export type HostMessage =
  | ({ type: 'timeline/snapshot' } & TimelineSnapshot)
  /** `reordered`: a row received late was merged before rows already sent (views across sessions); the generation is new, drop the rows held. */
  | { type: 'timeline/append'; generation: number; total: number; recordCount: number; tail: RowPage; facets?: TimelineFacets; reordered?: boolean }
  | { type: 'timeline/closed'; reason: string }
  | ({ type: 'rows/page'; generation: number } & RowPage)
  | { type: 'rows/located'; generation: number; seq: number; index: number }
  | { type: 'record/payload'; seq: number; text: string; bytes: number; truncated: boolean }
  | ({ type: 'diff/result' } & DiffResult)
  | ({ type: 'resource/detail' } & ResourceDetail)
  | ({ type: 'transcript/result' } & TranscriptResult)
  | ({ type: 'operation/detail' } & OperationDetail)
  | RequestControl
  | LanesReply;

/** Replies that are not answers: the request failed (final), or is still being worked on. */
export type RequestControl = { type: 'request/failed'; code: FailureCode; reason: string } | { type: 'request/progress'; done: number; total: number };

/** The envelope every message travels in. */
export interface Envelope<T> {
  messageId: number;
  /** Set on replies: the messageId of the request answered. */
  inReplyTo?: number;
  body: T;
}

/** Longest rows/get the host serves, and the rows per page the webview asks for. */
export const MAX_PAGE_ROWS = 500;
export const PAGE_ROWS = 200;
/** Longest filter text or id the host accepts. */
export const MAX_TEXT = 1000;
/** A request with neither a reply nor progress for this long fails; a long request reports progress this often. */
export const REQUEST_TIMEOUT_MS = 15_000;
export const PROGRESS_INTERVAL_MS = 1000;
