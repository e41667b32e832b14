import { MAX_LANE_PAGE } from '../lanesProtocol';
import { RESOURCE_KINDS, type ResourceKind } from '../model/gwsTypes';
import { isWebviewEvent, MAX_PAGE_ROWS, MAX_TEXT, type TimelineFilter, type TimelineScope, type WebviewMessage } from '../timelineProtocol';
import type { Checked as CheckedEnvelope } from '../timelineRequests';
import { isObject as isObj } from '../util/jsonObject';

/**
 * Checks what the webview posts before the host acts on it: the webview renders untrusted payloads,
 * so its messages are untrusted too. Anything malformed is refused with a reason, never half-used.
 */

/** A checked envelope, or why it was refused; a refused request whose messageId could be read is still answered (`answerTo`), an event never is. */
export type Checked = CheckedEnvelope<WebviewMessage>;

type Obj = Record<string, unknown>;

class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

function text(o: Obj, key: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') fail(`${key} is not a string`);
  if (v.length > MAX_TEXT) fail(`${key} is longer than ${MAX_TEXT} characters`);
  return v;
}

function int(o: Obj, key: string, min: number, max: number, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${key} is not an integer in [${min}, ${max}]`);
  return v;
}

function seq(o: Obj, key = 'seq', optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${key} is not a number`);
  return v;
}

function kind(o: Obj, key: string): ResourceKind {
  const v = o[key];
  if (typeof v !== 'string' || !(RESOURCE_KINDS as readonly string[]).includes(v)) fail(`${key} is not a resource kind`);
  return v as ResourceKind;
}

function scopeOf(v: unknown): TimelineScope {
  if (!isObj(v)) fail('scope is not an object');
  if (v.allSessions !== undefined && typeof v.allSessions !== 'boolean') fail('allSessions is not a boolean');
  const across = v.allSessions === true ? { allSessions: true } : {};
  if (v.kind === 'all') return { kind: 'all', ...across };
  if (v.kind === 'topic') return { kind: 'topic', channel: text(v, 'channel')!, ...across };
  if (v.kind === 'resource') {
    const session = text(v, 'session', true);
    return { kind: 'resource', resourceKind: kind(v, 'resourceKind'), id: text(v, 'id')!, ...(session !== undefined ? { session } : {}), ...across };
  }
  return fail('unknown scope kind');
}

/** The optional `session` a request names, as a spread. */
function inSession(o: Obj, key = 'session'): { session?: string } {
  const session = text(o, key, true);
  return session !== undefined ? { session } : {};
}

function filterOf(v: unknown): TimelineFilter {
  if (!isObj(v)) fail('filter is not an object');
  const filter: TimelineFilter = { text: text(v, 'text')! };
  for (const key of ['channel', 'messageType', 'notificationType'] as const) {
    const value = text(v, key, true);
    if (value) filter[key] = value;
  }
  return filter;
}

function body(b: Obj): WebviewMessage {
  switch (b.type) {
    case 'webview/ready': {
      const m: Extract<WebviewMessage, { type: 'webview/ready' }> = { type: 'webview/ready' };
      if (b.scope !== undefined) m.scope = scopeOf(b.scope);
      if (b.filter !== undefined) m.filter = filterOf(b.filter);
      const sessionId = text(b, 'sessionId', true);
      if (sessionId !== undefined) m.sessionId = sessionId;
      const selected = seq(b, 'selectedSeq', true);
      if (selected !== undefined) m.selectedSeq = selected;
      const selectedSession = text(b, 'selectedSession', true);
      if (selectedSession !== undefined) m.selectedSession = selectedSession;
      return m;
    }
    case 'webview/error':
      return { type: 'webview/error', message: text(b, 'message')! };
    case 'view/filter/set': {
      const selected = seq(b, 'selectedSeq', true);
      const selectedSession = inSession(b, 'selectedSession').session;
      return { type: 'view/filter/set', filter: filterOf(b.filter), ...(selected !== undefined ? { selectedSeq: selected } : {}), ...(selectedSession !== undefined ? { selectedSession } : {}) };
    }
    case 'view/scope/set':
      return { type: 'view/scope/set', scope: scopeOf(b.scope) };
    case 'rows/get':
      return { type: 'rows/get', generation: int(b, 'generation', 0, Number.MAX_SAFE_INTEGER)!, start: int(b, 'start', 0, Number.MAX_SAFE_INTEGER)!, count: int(b, 'count', 1, MAX_PAGE_ROWS)! };
    case 'rows/locate':
      return { type: 'rows/locate', generation: int(b, 'generation', 0, Number.MAX_SAFE_INTEGER)!, seq: seq(b)!, ...inSession(b) };
    case 'record/get':
      return { type: 'record/get', seq: seq(b)!, ...inSession(b) };
    case 'diff/get': {
      const m: Extract<WebviewMessage, { type: 'diff/get' }> = { type: 'diff/get', seq: seq(b)!, ...inSession(b) };
      if (b.resource !== undefined) {
        if (!isObj(b.resource)) fail('resource is not an object');
        m.resource = { kind: kind(b.resource, 'kind'), id: text(b.resource, 'id')! };
      }
      return m;
    }
    case 'diff/open':
      return { type: 'diff/open', seq: seq(b)!, kind: kind(b, 'kind'), id: text(b, 'id')!, ...inSession(b) };
    case 'resource/get':
      return { type: 'resource/get', kind: kind(b, 'kind'), id: text(b, 'id')!, ...inSession(b) };
    case 'transcript/get':
      return { type: 'transcript/get', chatId: text(b, 'chatId')!, ...inSession(b) };
    case 'operation/get':
      return { type: 'operation/get', seq: seq(b)!, ...inSession(b) };
    case 'export/run':
      return { type: 'export/run' };
    case 'lanes/get': {
      const m: Extract<WebviewMessage, { type: 'lanes/get' }> = { type: 'lanes/get', start: int(b, 'start', 0, Number.MAX_SAFE_INTEGER)!, count: int(b, 'count', 0, MAX_LANE_PAGE)! };
      if (b.focus !== undefined) {
        if (!isObj(b.focus)) fail('focus is not an object');
        m.focus = { kind: kind(b.focus, 'kind'), id: text(b.focus, 'id')!, ...inSession(b.focus) };
      }
      return m;
    }
    default:
      return fail(`unknown message type ${JSON.stringify(String(b.type)).slice(0, 80)}`);
  }
}

/** Checks one raw message from the webview. */
export function checkWebviewMessage(raw: unknown): Checked {
  let answerTo: number | undefined;
  try {
    if (!isObj(raw)) fail('message is not an object');
    const messageId = int(raw, 'messageId', 0, Number.MAX_SAFE_INTEGER)!;
    if (!isObj(raw.body) || !isWebviewEvent(raw.body.type)) answerTo = messageId;
    // The host never sends the webview a request, so nothing the webview sends is a reply.
    if (raw.inReplyTo !== undefined) fail('inReplyTo is set: the webview sends no replies');
    if (!isObj(raw.body)) fail('body is not an object');
    return { ok: true, envelope: { messageId, body: body(raw.body) } };
  } catch (err) {
    if (err instanceof Invalid) return answerTo === undefined ? { ok: false, reason: err.message } : { ok: false, reason: err.message, answerTo };
    throw err;
  }
}
