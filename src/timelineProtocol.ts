import type { ResourceKind } from './model/gwsTypes';

/**
 * The one protocol between the extension host and the timeline webview, imported by both bundles:
 * it imports neither `vscode` nor the DOM. One discriminated union per direction; names read
 * `scope/noun/verb`. Payload text crosses as plain strings and the webview renders it as text.
 */

/** The webview's type id, its serializer key and the activation event's suffix. */
export const TIMELINE_VIEW_TYPE = 'gwsNotifications.timeline';

/** What a timeline shows: all traffic, one topic (a channel pattern), or one resource. */
export type TimelineScope = { kind: 'all' } | { kind: 'topic'; channel: string } | { kind: 'resource'; resourceKind: ResourceKind; id: string };

/** Filters applied on the host; empty fields match everything. */
export interface TimelineFilter {
  /** Case-insensitive (ASCII) text searched in the record's journal line: ids, states, types, payload. */
  text: string;
  channel?: string;
  messageType?: string;
  notificationType?: string;
}

/** A resource a row or a detail names. */
export interface ResourceRefLite {
  kind: ResourceKind;
  id: string;
  label?: string;
}

/** One list row: the facts shown in the message list. */
export interface TimelineRow {
  seq: number;
  /** Epoch ms. */
  at: number;
  rec: 'message' | 'event' | 'gap' | 'snapshot' | 'bad-line';
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
}

/** One change of a resource between two states; values are JSON text, possibly truncated. */
export interface ChangeLine {
  path: string;
  op: 'added' | 'removed' | 'changed' | 'moved';
  before?: string;
  after?: string;
}

/** A participant who joined or left, named by its key (`participantId=…`). */
export interface ParticipantChange {
  key: string;
  label?: string;
  text: string;
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
export interface ResourceDetail {
  resource: ResourceRefLite;
  found: boolean;
  state?: string;
  deviceState?: string;
  firstSeen?: number;
  lastSeen?: number;
  messageCount?: number;
  ended?: boolean;
  endReason?: string;
  /** `durationMs` runs to the next state, or to lastSeen for the current one (`current`). */
  states: Array<{ state: string; since: number; durationMs: number; current: boolean }>;
  errors: Array<{ seq: number; at: number; text?: string }>;
  /** For error resources: the call and device the error names. */
  links: ResourceRefLite[];
  truncated?: boolean;
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
}

/** Messages the webview sends. */
export type WebviewMessage =
  | { type: 'webview/ready'; scope?: TimelineScope; filter?: TimelineFilter; sessionId?: string; selectedSeq?: number }
  | { type: 'webview/error'; message: string }
  | { type: 'view/filter/set'; filter: TimelineFilter; selectedSeq?: number }
  | { type: 'view/scope/set'; scope: TimelineScope }
  | { type: 'rows/get'; generation: number; start: number; count: number }
  | { type: 'rows/locate'; generation: number; seq: number }
  | { type: 'record/get'; seq: number }
  | { type: 'diff/get'; seq: number; resource?: { kind: ResourceKind; id: string } }
  | { type: 'diff/open'; seq: number; kind: ResourceKind; id: string }
  | { type: 'resource/get'; kind: ResourceKind; id: string }
  | { type: 'transcript/get'; chatId: string }
  | { type: 'export/run' };

/** Messages the host sends. */
export type HostMessage =
  | ({ type: 'timeline/snapshot' } & TimelineSnapshot)
  | { type: 'timeline/append'; generation: number; total: number; recordCount: number; tail: RowPage; facets?: TimelineFacets }
  | { type: 'timeline/closed'; reason: string }
  | ({ type: 'rows/page'; generation: number } & RowPage)
  | { type: 'rows/located'; generation: number; seq: number; index: number }
  | { type: 'record/payload'; seq: number; text: string; bytes: number; truncated: boolean }
  | ({ type: 'diff/result' } & DiffResult)
  | ({ type: 'resource/detail' } & ResourceDetail)
  | ({ type: 'transcript/result' } & TranscriptResult)
  | { type: 'request/failed'; message: string };

/** The envelope every message travels in. */
export interface Envelope<T> {
  messageId: number;
  /** Set on replies: the messageId of the request answered. */
  inReplyTo?: number;
  body: T;
}

/** Longest rows/get the host serves. */
export const MAX_PAGE_ROWS = 500;
/** Rows per page the webview asks for. */
export const PAGE_ROWS = 200;
/** Longest filter text or id the host accepts. */
export const MAX_TEXT = 1000;

/**
 * Request/reply over postMessage (after vscode-hexeditor): sendEvent posts, sendRequest resolves
 * with the reply matched by `inReplyTo`, handleMessage routes a received envelope.
 */
export class MessageHandler<TOut, TIn> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: TIn) => void; reject: (err: Error) => void }>();

  /** `onRequest` answers messages that are not replies; its result, if any, is posted as the reply. */
  constructor(
    private readonly post: (message: Envelope<TOut>) => void,
    private readonly onRequest: (body: TIn) => Promise<TOut | undefined> | TOut | undefined,
  ) {}

  /** Posts `body` with no reply expected. */
  sendEvent(body: TOut): void {
    this.post({ messageId: this.nextId++, body });
  }

  /** Posts `body` and resolves with the reply's body. */
  sendRequest<R extends TIn = TIn>(body: TOut): Promise<R> {
    const messageId = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(messageId, { resolve: resolve as (value: TIn) => void, reject });
      this.post({ messageId, body });
    });
  }

  /** Routes one received envelope: resolves a pending request, or answers it through `onRequest`. */
  async handleMessage(message: Envelope<TIn>): Promise<void> {
    if (message.inReplyTo !== undefined) {
      const waiter = this.pending.get(message.inReplyTo);
      this.pending.delete(message.inReplyTo);
      waiter?.resolve(message.body);
      return;
    }
    const reply = await this.onRequest(message.body);
    if (reply !== undefined) this.post({ messageId: this.nextId++, inReplyTo: message.messageId, body: reply });
  }

  /** Rejects every pending request (the other side went away). */
  dispose(reason = 'closed'): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
    this.pending.clear();
  }
}
