import { adapt } from 'cometd-nodejs-client';
import { CometD, Message } from 'cometd';
import type { CometdSessionListener } from './cometdSession';
import { createXhrClass } from './nodeXhr';
import { RawResponses } from './rawResponses';

/**
 * The cometd client a GWS session talks through: long polling (websocket only when allowed, as
 * GWS 8.5 has none), this process's XHR class, and an extension that hands every inbound message
 * to the listener once, with the exact bytes it arrived as. `adapt()` installs process-wide
 * globals, so this runs in the connection process only, one connection per process.
 */

export interface CometdClientOptions {
  url: string;
  /** Headers sent with every Bayeux POST: the GWS session's cookies and CSRF header. */
  requestHeaders: Record<string, string>;
  httpProxy?: string;
  allowWebSocket?: boolean;
  maxBackoffMs?: number;
}

let adapted = false;
/** The response bodies the process's XHR class reports. */
const rawResponses = new RawResponses();

export function createCometdClient(options: CometdClientOptions, listener: Pick<CometdSessionListener, 'message' | 'polling'>): CometD {
  if (!adapted) {
    adapt(options.httpProxy ? { httpProxy: { uri: options.httpProxy } } : undefined);
    // adapt()'s XHR corrupts UTF-8 split across reads (see nodeXhr.ts): use ours for the transport.
    (globalThis as unknown as { window: { XMLHttpRequest: unknown } }).window.XMLHttpRequest = createXhrClass({ httpProxy: options.httpProxy, bodies: rawResponses });
    adapted = true;
  }
  const cometd = new CometD();
  cometd.unregisterTransport('callback-polling');
  if (!options.allowWebSocket) cometd.unregisterTransport('websocket');
  cometd.configure({
    url: options.url,
    logLevel: 'warn',
    useWorkerScheduler: false,
    requestHeaders: options.requestHeaders,
    backoffIncrement: 1000,
    maxBackoff: options.maxBackoffMs ?? 10_000,
    maxNetworkDelay: 15_000,
  });
  cometd.registerExtension('gwsRecorder', {
    // Extensions see every inbound message exactly once, before listeners and subscriptions:
    // the place to journal, whatever overlapping subscriptions then do with it.
    incoming: (message: Message) => {
      if (message.channel.startsWith('/meta/')) {
        rawResponses.skip();
      } else {
        const hasData = Object.prototype.hasOwnProperty.call(message, 'data');
        const raw = hasData ? rawResponses.take(message.channel) : (rawResponses.skip(), undefined);
        listener.message(message.channel, message.data, Date.now(), hasData, raw);
      }
      return message;
    },
    outgoing: (message: Message) => {
      if (message.channel === '/meta/connect') listener.polling?.();
      return message;
    },
  });
  return cometd;
}
