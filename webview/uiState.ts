import type { TimelineFilter, TimelineScope, WebviewMessage } from '../src/timelineProtocol';
import type { DiffLayout } from './detail/changesView';
import type { TabId } from './detail/detailPanel';

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
