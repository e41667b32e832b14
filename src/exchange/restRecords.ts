import type { RequestRecord, RequestTarget, ResponseRecord } from '../capture/records';
import { isoString } from '../util/isoTime';
import { isObject } from '../util/jsonObject';
import { Redactor, scrubText } from './redaction';

/**
 * The one mapping of a REST call a browser made (read from a HAR or a WWE console log) to request
 * and response records. Bodies of GWS calls go through the export redactor; calls to other hosts
 * keep only method, URL without query, status and times. No header is ever read.
 */

/** One REST call as an import found it. */
export interface RestCall {
  method: string;
  /** Path (with or without query) of a GWS call, relative to the server; or an absolute URL. */
  url: string;
  /** True when the call went to GWS (its bodies are kept, masked); false for any other host. */
  gws: boolean;
  /** The request body: parsed JSON, or text. */
  requestBody: unknown;
  sentAt: number;
  answeredAt: number;
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** The answer's body: parsed JSON (an object), or text when it was not JSON. */
  responseBody: unknown;
  /** Why no answer came (status 0). */
  error?: string;
}

/** The request and response records of a call, without seqs (the response's `request` is set later). */
export interface RestRecords {
  request: Omit<RequestRecord, 'seq'>;
  response: Omit<ResponseRecord, 'seq' | 'request'>;
}

const MAX_TEXT = 1024 * 1024;
const GWS_PATH = /^\/(?:api\/v2(?:\/|$)|internal-api\/)/;

/** True for a GWS REST path (not the notifications endpoint, which is no operation). */
export function isGwsRestPath(path: string): boolean {
  return GWS_PATH.test(path) && !/^\/api\/v2\/notifications(?:\/|$)/.test(path);
}

/** The target of a GWS path, as the operations catalogue names them; `other` for a path no kind covers. */
export function targetOfPath(path: string): RequestTarget {
  const m = /^\/api\/v2\/me\/(calls|chats|devices)\/([^/]+)/.exec(path);
  // An id without `%` decodes to itself: most do, and decodeURIComponent took 0.3 µs of the 2 µs of mapping a call.
  if (m) return { kind: m[1] === 'calls' ? 'call' : m[1] === 'chats' ? 'chat' : 'device', id: m[2].includes('%') ? decodeURIComponent(m[2]) : m[2] };
  if (/^\/api\/v2\/me\/channels\/voice(?:\/|$)/.test(path)) return { kind: 'voice', id: '' };
  if (/^\/api\/v2\/me(?:\/|$)/.test(path)) return { kind: 'me', id: '' };
  return { kind: 'other', id: '' };
}

/** A body as JSON when it parses, else the text itself. */
export function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * A relative path the URL parser would give back as it is: segments of unreserved characters, none
 * `.` or `..`, no `//`. Most calls a log holds look so, and new URL() cost a third of mapping one.
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*\/?$/;

/** The path of a URL without query or fragment; for an absolute URL, its origin too (never its userinfo). */
export function pathOf(url: string, gws: boolean): string {
  const cut = url.search(/[?#]/);
  const path = cut < 0 ? url : url.slice(0, cut);
  if (path.charCodeAt(0) === 47 && PLAIN_PATH.test(path)) return path;
  try {
    const u = new URL(url, 'http://relative.invalid');
    return gws || u.host === 'relative.invalid' ? u.pathname : `${u.origin}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '').slice(0, 2000);
  }
}

/** The request and response records of `call`, masked with `redactor` (credentials always scrubbed). */
export function restRecords(call: RestCall, redactor: Redactor): RestRecords {
  const path = pathOf(call.url, call.gws);
  const method = /^[A-Za-z]{1,16}$/.test(call.method) ? call.method.toUpperCase() : 'GET';
  const target = call.gws ? targetOfPath(path) : { kind: 'other' as const, id: '' };
  const body = call.gws ? parseBody(call.requestBody) : null;
  const named = isObject(body) && typeof body.operationName === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(body.operationName) ? body.operationName : undefined;
  const request: RestRecords['request'] = {
    kind: 'request', at: isoString(call.sentAt), method, path, operation: named ?? method, target,
    body: body === undefined ? null : typeof body === 'string' ? scrubText(body.slice(0, MAX_TEXT)) : redactor.value(body),
  };
  const response: RestRecords['response'] = { kind: 'response', at: isoString(call.answeredAt), status: call.status, elapsedMs: Math.max(0, call.answeredAt - call.sentAt) };
  if (call.error !== undefined) response.error = scrubText(call.error).slice(0, 500);
  if (!call.gws) return { request, response };
  const answer = parseBody(call.responseBody);
  if (isObject(answer) || Array.isArray(answer)) {
    if (isObject(answer)) {
      if (typeof answer.statusCode === 'number') response.statusCode = answer.statusCode;
      if (typeof answer.statusMessage === 'string') response.statusMessage = scrubText(answer.statusMessage).slice(0, 500);
      if (typeof answer.referenceId === 'number' || typeof answer.referenceId === 'string') response.referenceId = answer.referenceId;
    }
    response.body = redactor.value(answer);
  } else if (typeof answer === 'string' && answer !== '') {
    response.text = scrubText(answer.slice(0, MAX_TEXT));
    if (answer.length > MAX_TEXT) response.truncated = true;
  }
  return { request, response };
}
