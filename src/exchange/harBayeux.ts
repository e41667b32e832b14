import type { ConnectionEventName } from '../capture/records';
import { isObject } from '../util/jsonObject';

/**
 * Turns the Bayeux messages found in a HAR into capture facts: data messages stay messages, meta
 * replies become short event summaries. Nothing session-bound (clientId, cookies, headers) is kept.
 */

/** A Bayeux message as read from a response body or a WebSocket frame. */
export interface BayeuxIn {
  channel: string;
  data?: unknown;
  hasData: boolean;
  successful?: boolean;
  error?: string;
  subscription?: string;
  advice?: unknown;
  version?: string;
  supportedConnectionTypes?: unknown;
  clientId?: string;
}

/** A capture event without seq and time (those are assigned when records are sorted). */
export interface EventFact {
  event: ConnectionEventName;
  subject?: string;
  detail?: string;
}

/** The Bayeux messages in a body or frame text (an array, or one object); undefined when it is not Bayeux JSON. */
export function parseBayeux(text: string): BayeuxIn[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return [];
  if (!list.every((m) => isObject(m) && typeof m.channel === 'string')) return undefined;
  return list.map((m: Record<string, unknown>) => ({
    channel: m.channel as string,
    data: m.data,
    hasData: Object.hasOwn(m, 'data'),
    successful: typeof m.successful === 'boolean' ? m.successful : undefined,
    error: typeof m.error === 'string' ? m.error : undefined,
    subscription: typeof m.subscription === 'string' ? m.subscription : Array.isArray(m.subscription) ? m.subscription.join(',') : undefined,
    advice: m.advice,
    version: typeof m.version === 'string' ? m.version : undefined,
    supportedConnectionTypes: m.supportedConnectionTypes,
    clientId: typeof m.clientId === 'string' ? m.clientId : undefined,
  }));
}

/** `reconnect=retry, interval=0, timeout=30000` from a Bayeux advice object (scalar fields only). */
function adviceText(advice: unknown): string | undefined {
  if (!isObject(advice)) return undefined;
  const parts = Object.entries(advice)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The numeric code of a Bayeux error (`403::Forbidden` → `403`), else the whole error. */
function errorCode(error: string | undefined): string {
  if (error === undefined) return 'unknown';
  const m = /^(\d{3})(?::|$)/.exec(error);
  return m ? m[1] : error.slice(0, 40);
}

/** A failed meta reply as an error event. */
function failure(m: BayeuxIn, what: string): EventFact {
  const advice = adviceText(m.advice);
  return { event: 'error', subject: errorCode(m.error), detail: `${what} failed: ${m.error ?? 'no error given'}${advice ? ` (advice: ${advice})` : ''}` };
}

/** Follows meta replies of one CometD session to tell the first successful connect from the rest. */
export class MetaTracker {
  private connected = false;

  /** The event a meta reply stands for, or undefined when it is routine (a successful long-poll). */
  event(m: BayeuxIn, transport: string): EventFact | undefined {
    switch (m.channel) {
      case '/meta/handshake': {
        this.connected = false;
        if (m.successful !== true) return failure(m, 'handshake');
        const types = Array.isArray(m.supportedConnectionTypes) ? m.supportedConnectionTypes.filter((t) => typeof t === 'string').join(', ') : '';
        const details = [m.version ? `version ${m.version}` : '', types ? `transports: ${types}` : '', adviceText(m.advice) ? `advice: ${adviceText(m.advice)}` : ''].filter(Boolean);
        return { event: 'handshake', detail: `handshake successful${details.length > 0 ? ` (${details.join('; ')})` : ''}` };
      }
      case '/meta/connect':
        if (m.successful === false) {
          this.connected = false;
          return failure(m, 'connect');
        }
        if (this.connected) return undefined;
        this.connected = true;
        return { event: 'connected', detail: transport };
      case '/meta/subscribe':
        return m.successful === false ? failure(m, `subscribe to ${m.subscription ?? '?'}`) : { event: 'subscribed', subject: m.subscription };
      case '/meta/unsubscribe':
        return m.successful === false ? failure(m, `unsubscribe from ${m.subscription ?? '?'}`) : { event: 'unsubscribed', subject: m.subscription };
      case '/meta/disconnect':
        this.connected = false;
        return { event: 'disconnected', detail: 'disconnect acknowledged' };
      default:
        return undefined;
    }
  }
}
