/**
 * How the connection names what went wrong on the wire: login errors, transport failures the
 * cometd client reports as text, and handshakes or long polls the server refused.
 */
import type { Message } from 'cometd';
import { ConnectionError, ConnectionFailure, describeNetworkError } from './connectionErrors';
import { publicUrl } from './gwsAuth';

/** Any error from login() or fetchCollection() as a ConnectionFailure. */
export function toFailure(err: unknown, url: string): ConnectionFailure {
  if (err instanceof ConnectionError) return err.failure;
  if (err && typeof err === 'object' && 'code' in err) return describeNetworkError(err as NodeJS.ErrnoException, url);
  return { code: 'protocol', message: `Unexpected error talking to ${publicUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, retryable: false };
}

/** A failed meta message as the cometd client reports it; `transport` is the XHR that failed. */
export type FailedMessage = Message & { failure?: { httpCode?: number; reason?: string; transport?: { responseText?: unknown } } };

/** A refused handshake or long poll, in words. */
export interface Refusal {
  what: string;
  httpCode: number;
  /** GWS blamed the CSRF token (its 403 body says so). */
  csrf: boolean;
}

/** Names a refused handshake or poll; a 403 whose body mentions CSRF is called a CSRF failure. */
export function refusal(path: '/handshake' | '/connect', httpCode: number, error: string | undefined, failure: FailedMessage['failure']): Refusal {
  const body = failure?.transport?.responseText;
  const csrf = httpCode === 403 && typeof body === 'string' && /csrf/i.test(body);
  const what = httpCode === 401 || httpCode === 403 ? `HTTP ${httpCode} on ${path}${csrf ? ': missing or invalid CSRF token' : ''}` : error ?? 'handshake denied';
  return { what, httpCode, csrf };
}

/** The cometd client reports socket errors as text ("connect ECONNREFUSED ..."): recover the code. */
export function describeTransportFailure(reason: string | undefined, url: string): ConnectionFailure {
  const expired = /expired waiting for message replies.*?(\d+) ms/.exec(reason ?? '');
  if (expired) return { code: 'unreachable', message: `No answer from ${url} for ${Math.round(Number(expired[1]) / 1000)} s: the server or a proxy stopped responding.`, retryable: true };
  const code = /\b(E[A-Z]{3,}|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)\b/.exec(reason ?? '')?.[1];
  if (code) return describeNetworkError(Object.assign(new Error(reason), { code }), url);
  return { code: 'unreachable', message: `Lost the connection to ${url}${reason ? `: ${reason}` : ''}.`, retryable: true };
}
