import type { TimelineFilter, TimelineScope, WebviewMessage } from '../src/timelineProtocol';
import type { DiffLayout } from './detail/changesView';
import type { TabId } from './detail/detailPanel';
import type { PaneState } from './layout/splitter';
import type { ColumnWidths } from './list/columnSizer';
import { shortId } from '../src/model/resourceNames';

/** The UI state VS Code keeps for the webview (getState/setState) across hide/show and reloads. */

/** UI state kept by VS Code. */
export interface UiState {
  sessionId?: string;
  scope?: TimelineScope;
  filter?: TimelineFilter;
  selectedSeq?: number;
  topIndex?: number;
  follow?: boolean;
  tab?: TabId;
  layout?: DiffLayout;
  /** Detail beside or below the list, and its size. */
  panes?: PaneState;
  /** List column widths, px. */
  columns?: ColumnWidths;
}

/** The part of the VS Code webview API the app uses. */
export interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: UiState): void;
}

/** The saved state, or an empty one. */
export function readUiState(api: WebviewApi): UiState {
  const saved = api.getState();
  return typeof saved === 'object' && saved !== null ? (saved as UiState) : {};
}

/** `webview/ready`, carrying the saved scope, filter and selection. */
export function readyMessage(s: UiState): Extract<WebviewMessage, { type: 'webview/ready' }> {
  const ready: Extract<WebviewMessage, { type: 'webview/ready' }> = { type: 'webview/ready' };
  if (s.scope) ready.scope = s.scope;
  if (s.filter) ready.filter = s.filter;
  if (s.sessionId) ready.sessionId = s.sessionId;
  if (s.selectedSeq !== undefined) ready.selectedSeq = s.selectedSeq;
  return ready;
}

/** A scope in words, for the status line. */
export function scopeText(scope: TimelineScope): string {
  return scope.kind === 'all' ? 'all traffic' : scope.kind === 'topic' ? `topic ${scope.channel}` : `${scope.resourceKind} ${scope.id}`;
}

/** The scope chip's text (`call …ANOM000B3`), or undefined for all traffic. */
export function scopeChip(scope: TimelineScope): string | undefined {
  return scope.kind === 'all' ? undefined : scope.kind === 'topic' ? `topic ${scope.channel}` : `${scope.resourceKind} ${shortId(scope.id)}`;
}
