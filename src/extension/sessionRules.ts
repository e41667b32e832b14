/**
 * The rules of many sessions, as pure functions (no vscode import) so they are unit-tested:
 * how a live session is labelled, which session a command acts on, how the status bar sums them.
 */
import { plural } from '../util/wording';

/** What the rules read of a session. */
export interface SessionLike {
  readonly id: string;
  readonly label: string;
  readonly kind: 'live' | 'offline';
  readonly state: string;
}

/** States in which a live session holds a connection process that may still deliver. */
export function isActiveState(state: string): boolean {
  return state === 'connected' || state === 'connecting' || state === 'reconnecting';
}

/** `user@host:port`, the label every session of that user on that server starts from. */
export function baseLabel(url: string, user: string | undefined): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // a saved URL is validated; keep the text if not
  }
  return user ? `${user}@${host}` : host;
}

/**
 * A new live session's label: the base label, or `base #2`, `#3`… when a session of the same
 * user on the same server is already listed, so that two of them are shown as such.
 */
export function uniqueLabel(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} #${n}`)) return `${base} #${n}`;
}

/** Where a command was started from, as far as the choice of session goes. */
export interface ChoiceContext<S> {
  /** The session of the node the command was invoked on (a tree item's menu, a link's argument). */
  invokedOn?: S;
  /** The session of the tree's selected item. */
  selected?: S;
  /** The session the timeline panel shows, if it shows one session. */
  timeline?: S;
  /** True when the timeline panel is the active editor: it then wins over the tree's selection. */
  timelineActive?: boolean;
}

/**
 * The session a command acts on: the node it was invoked on, else the active timeline's session,
 * else the tree's selected item's session, else the visible timeline's, else the only candidate,
 * else the only `preferred` one; `undefined` with several candidates means "ask". Only candidates
 * count (e.g. live ones for Subscribe), so a selected offline capture never receives a live-only
 * command.
 */
export function defaultSession<S>(candidates: readonly S[], ctx: ChoiceContext<S>, preferred?: (s: S) => boolean): S | undefined {
  const ok = (s: S | undefined): s is S => s !== undefined && candidates.includes(s);
  const order = ctx.timelineActive ? [ctx.invokedOn, ctx.timeline, ctx.selected] : [ctx.invokedOn, ctx.selected, ctx.timeline];
  for (const s of order) if (ok(s)) return s;
  if (candidates.length === 1) return candidates[0];
  // Views of a session (timeline, export) may default to the one running session among stopped ones.
  const only = preferred ? candidates.filter(preferred) : [];
  return only.length === 1 ? only[0] : undefined;
}

/** One live session as the status bar sums it. */
export interface SessionTraffic {
  label: string;
  state: string;
  messages: number;
  rate: number;
  detail?: string;
}

/** The one wording of counts (util/wording.ts), re-exported for the callers that read it here. */
export { plural };

/**
 * The status bar's text and hover for any number of live sessions. Disconnected ones are history
 * (their roots stay in the tree) and are left out; failed ones count, so that a failure shows.
 */
export function statusSummary(all: readonly SessionTraffic[]): { text: string; tooltip: string; worst: 'error' | 'reconnecting' | 'ok' } {
  const list = all.filter((s) => s.state !== 'disconnected');
  if (list.length === 0) return { text: all.length ? 'GWS disconnected' : 'GWS', tooltip: 'GWS Notifications: not connected\nClick for connection actions', worst: 'ok' };
  const messages = list.reduce((n, s) => n + s.messages, 0);
  const rate = list.reduce((n, s) => n + (s.state === 'connected' ? s.rate : 0), 0);
  const connected = list.filter((s) => s.state === 'connected').length;
  const failed = list.filter((s) => s.state === 'error').length;
  const worst = failed ? 'error' : list.some((s) => s.state === 'reconnecting' || s.state === 'connecting') ? 'reconnecting' : 'ok';
  const sessions = list.length === 1 ? '' : `${connected}/${plural(list.length, 'session')}${failed ? ` (${failed} failed)` : ''} · `;
  const text = connected > 0 ? `GWS ${sessions}${plural(messages, 'msg')} · ${rate.toFixed(1)}/s` : `GWS ${sessions}${list.length === 1 ? list[0].state : 'none connected'}`;
  const lines = list.map((s) => `${s.label}: ${s.state}${s.detail ? ` — ${s.detail}` : ''} · ${plural(s.messages, 'message')}${s.state === 'connected' ? ` · ${s.rate.toFixed(1)}/s` : ''}`);
  return { text, tooltip: [...lines, 'Click for connection actions'].join('\n'), worst };
}

/** A failed session's reason, short enough for its tree root ("wrong password"). */
export function failureShort(code: string | undefined): string | undefined {
  switch (code) {
    case 'auth-failed':
      return 'wrong user name or password';
    case 'forbidden':
    case 'handshake-denied':
    case 'handshake-unauthorized':
      return 'refused by the server';
    case 'unreachable':
      return 'unreachable';
    case 'tls':
      return 'certificate not trusted';
    case 'journal':
      return 'cannot write the journal';
    case 'http':
    case 'protocol':
      return 'not a GWS answer';
    default:
      return undefined;
  }
}
