import type { ResourceRefLite, TimelineFilter, TimelineRow, TimelineScope, TimelineSnapshot, WebviewMessage } from '../src/timelineProtocol';
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
  /** The session of the selected row, in views across sessions. */
  selectedSession?: string;
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
  if (s.selectedSession !== undefined) ready.selectedSession = s.selectedSession;
  return ready;
}

/** The saved selection: the row's seq, and its session in views across sessions. */
export function selectionState(row: TimelineRow | undefined): Pick<UiState, 'selectedSeq' | 'selectedSession'> {
  return { selectedSeq: row?.seq, selectedSession: row?.session?.id };
}

/** A scope in words, for the status line. */
export function scopeText(scope: TimelineScope): string {
  const text = scope.kind === 'all' ? 'all traffic' : scope.kind === 'topic' ? `topic ${scope.channel}` : `${scope.resourceKind} ${scope.id}`;
  return scope.allSessions ? `${text}, ${scope.kind === 'resource' ? 'with its twins' : 'every session'}` : text;
}

/** The scope of resource `ref` of `session` (absent: the view's), keeping whether the view spans sessions. */
export function resourceScope(ref: ResourceRefLite, session: string | undefined, view: TimelineSnapshot | undefined): TimelineScope {
  const owner = session ?? (view?.scope.kind === 'resource' ? view.scope.session : undefined);
  return { kind: 'resource', resourceKind: ref.kind, id: ref.id, ...(owner !== undefined ? { session: owner } : {}), ...(view?.scope.allSessions ? { allSessions: true } : {}) };
}

/** The scope chip's text (`call …ANOM000B3`), or undefined for all traffic. */
export function scopeChip(scope: TimelineScope): string | undefined {
  return scope.kind === 'all' ? undefined : scope.kind === 'topic' ? `topic ${scope.channel}` : `${scope.resourceKind} ${shortId(scope.id)}`;
}
