import type { ResourceKind } from './model/gwsTypes';
import type { StateClock } from './tracker/stateTimes';

/**
 * The lanes part of the timeline protocol (src/timelineProtocol.ts takes these into its unions):
 * one lane per call, chat and device, grouped by session, paged by lanes so that a capture of 10k
 * resources crosses a page (LANE_PAGE lanes) at a time. Spans are flat number arrays, since a page
 * may hold tens of thousands. Imports neither `vscode` nor the DOM.
 */

/** Lanes per page the webview asks for. */
export const LANE_PAGE = 100;
/** Most lanes one `lanes/get` answers. */
export const MAX_LANE_PAGE = 500;
/** Numbers per span in `Lane.spans`: since (epoch ms), durationMs, state (index in `names`), seq, message type (index in `names`, -1 unknown). */
export const SPAN_STRIDE = 5;

/** A mark on a lane or on a session's row: an operation, a finding, a gap or a reconnect. */
export interface LaneMark {
  kind: 'operation' | 'finding' | 'gap' | 'reconnect';
  /** How it came out: an operation's outcome, a finding's severity. */
  tone: 'ok' | 'pending' | 'error' | 'warning' | 'info';
  /** Epoch ms; `until` ends a gap. */
  at: number;
  until?: number;
  /** The record to select when the mark is clicked. */
  seq: number;
  /** Plain text (rendered as text): the operation's summary, the finding's message, the gap's reason. */
  text: string;
}

/** One resource's lane. */
export interface Lane {
  kind: ResourceKind;
  id: string;
  /** Short name (model/resourceNames.ts). */
  label: string;
  /** Position of its session's group in `LanesPage.groups`. */
  group: number;
  /** The resource ended: its last span is final (no duration). Otherwise the last span is open. */
  ended: boolean;
  /** SPAN_STRIDE numbers per state span, in order. */
  spans: number[];
  marks: LaneMark[];
}

/** The lanes of one session, [first, first + count) of all lanes. */
export interface LaneGroup {
  session: { id: string; label: string };
  first: number;
  count: number;
  /** What an open state runs to (tracker/stateTimes.ts). */
  clock: StateClock;
  /** `log-local`: the session's times are an imported log's wall clock (no zone, written as UTC): shown as written. */
  times?: 'log-local';
  /** Gaps, reconnects and findings that name no resource. */
  marks: LaneMark[];
}

/** A page of lanes with what the whole picture needs (extent, groups); bounded by the page size. */
export interface LanesPage {
  /** Changes whenever the lane list changes: pages of another key are stale. */
  key: number;
  total: number;
  start: number;
  /** Time extent (epoch ms): the first resource seen to the last record; a live session's open states run past it, to now. */
  from: number;
  to: number;
  groups: LaneGroup[];
  /** State names and message types the spans of this page index. */
  names: string[];
  lanes: Lane[];
  /** The lane of the resource asked for in `focus`, or -1. */
  focus?: number;
}

/** Asks for lanes [start, start + count); `focus` asks where a resource's lane is. */
export type LanesRequest = { type: 'lanes/get'; start: number; count: number; focus?: { kind: ResourceKind; id: string; session?: string } };

/** The answer to `lanes/get`. */
export type LanesReply = { type: 'lanes/page' } & LanesPage;
