/**
 * The real CometD server (cometd-nodejs-server) behind /api/v2/notifications, long-polling only,
 * with GWS's rules: the handshake needs a JSESSIONID from the REST login, subscriptions are limited
 * to /v2/me/**, clients never publish, and optionally every POST needs the CSRF header.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cometdServerLib from 'cometd-nodejs-server';
import type { CometDServer, ServerMessage, ServerSession } from 'cometd-nodejs-server';
import type { AuthStore } from './auth';
import type { Delivery } from './delivery';
import { BodyTooLarge, parseJson, readBody, sendJson } from './http';
import { STATUS } from './restApi';
import { isObject } from '../util/jsonObject';

/** Path prefix the CometD client appends /handshake, /connect... to. */
export const NOTIFICATIONS_PATH = '/api/v2/notifications';
/** Largest Bayeux request body accepted (clients only send small meta messages). */
const MAX_BAYEUX_BODY = 1024 * 1024;
/** The cookie cometd-nodejs-server finds sessions by. */
const BROWSER_COOKIE = 'BAYEUX_BROWSER';

/** `cookieHeader` with every `name` cookie replaced by `name=value`. */
export function withCookie(cookieHeader: string | undefined, name: string, value: string): string {
  const others = (cookieHeader ?? '').split(';').map((c) => c.trim()).filter((c) => c !== '' && !c.startsWith(`${name}=`));
  return [...others, `${name}=${value}`].join('; ');
}

/** Whether a subscription pattern lies under /v2/me (the logged-in user's topics). */
export function isUserChannel(name: unknown): boolean {
  // Clients control this value: it may not even be a string.
  return typeof name === 'string' && name.startsWith('/v2/me/') && name.length > '/v2/me/'.length;
}

/** The mounted CometD server and the HTTP handler that feeds it. */
export interface CometDMount {
  cometd: CometDServer;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Creates the CometD server, installs the GWS policy and wires session ownership into `delivery`. */
/**
 * `denyHandshake`: users who log in over REST but whose handshakes are always refused, like a GWS
 * account without notification rights.
 */
export function mountCometD(auth: AuthStore, delivery: Delivery, csrfNotifications: boolean, denyHandshake: ReadonlySet<string> = new Set()): CometDMount {
  const cometd = cometdServerLib.createCometDServer({ maxSessionsPerBrowser: -1, browserCookieName: BROWSER_COOKIE });
  // Messages parsed here keep a link to their request, so the policy never depends on the shared context.
  const requestOf = new WeakMap<object, IncomingMessage>();
  const ownerOf = new WeakMap<ServerSession, string>();
  // cometd-nodejs-server finds a session through its browser cookie, so two clients sharing one
  // cookie jar lose their sessions. GWS (Java CometD) finds sessions by clientId: each session gets
  // its own browser id here, and every request is routed to it by clientId.
  const browserOfRequest = new WeakMap<IncomingMessage, string>();
  const browserOfSession = new Map<string, string>();
  cometd.policy = {
    canHandshake(session, message, callback) {
      const context = cometd.context as { request?: IncomingMessage } | undefined;
      const req = requestOf.get(message) ?? context?.request;
      const login = auth.fromCookie(req?.headers.cookie);
      if (login) ownerOf.set(session, login.user);
      const browserId = req ? browserOfRequest.get(req) : undefined;
      if (login && browserId) browserOfSession.set(session.id, browserId);
      callback(undefined, login !== undefined && !denyHandshake.has(login.user));
    },
    canCreate(_session, _message, channelName, callback) {
      callback(undefined, isUserChannel(channelName));
    },
    canSubscribe(session, _message, channel, callback) {
      callback(undefined, delivery.userOf(session.id) !== undefined && isUserChannel(channel.name));
    },
    canPublish(_session, _message, _channel, callback) {
      callback(undefined, false);
    },
  };
  cometd.addListener('sessionAdded', (session: ServerSession) => {
    const user = ownerOf.get(session);
    if (user !== undefined) delivery.register(session, user);
  });
  cometd.addListener('sessionRemoved', (session: ServerSession) => browserOfSession.delete(session.id));
  delivery.attach(cometd);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      cometd.handle(req, res);
      return;
    }
    if (csrfNotifications && !auth.csrfValid(auth.fromCookie(req.headers.cookie), req.headers['x-csrf-token'])) {
      sendJson(res, 403, { statusCode: STATUS.forbidden, statusMessage: 'Missing or invalid Csrf token' });
      return;
    }
    let text: string;
    try {
      text = await readBody(req, MAX_BAYEUX_BODY);
    } catch (e) {
      if (!res.headersSent) sendJson(res, e instanceof BodyTooLarge ? 413 : 400, { statusCode: STATUS.badRequest, statusMessage: 'Unreadable body' });
      return;
    }
    const parsed = parseJson(text);
    const list = parsed.ok ? (Array.isArray(parsed.value) ? parsed.value : [parsed.value]) : [];
    if (list.length === 0 || !list.every(isMessage)) {
      sendJson(res, 400, { statusCode: STATUS.badRequest, statusMessage: 'Body must be Bayeux messages' });
      return;
    }
    for (const m of list) requestOf.set(m, req);
    routeBySession(req, list);
    (req as IncomingMessage & { body?: ServerMessage[] }).body = list;
    // A request that arrives on a keep-alive connection before the previous response there has
    // finished gets its socket only then; cometd-nodejs-server takes a response without a socket
    // for a destroyed connection and never answers, which stalls a fast client's long poll.
    if (!res.socket && !(await socketAssigned(res))) return;
    cometd.handle(req, res);
  };

  const routeBySession = (req: IncomingMessage, list: ServerMessage[]): void => {
    const first = list[0];
    if (first?.channel === '/meta/handshake') {
      const browserId = randomBytes(16).toString('hex');
      browserOfRequest.set(req, browserId);
      req.headers.cookie = withCookie(req.headers.cookie, BROWSER_COOKIE, browserId);
      return;
    }
    const browserId = typeof first?.clientId === 'string' ? browserOfSession.get(first.clientId) : undefined;
    if (browserId) req.headers.cookie = withCookie(req.headers.cookie, BROWSER_COOKIE, browserId);
  };
  return { cometd, handle };
}

/** Resolves true once `res` has its socket, false if it closes first. */
function socketAssigned(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onSocket = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('socket', onSocket);
      resolve(res.socket !== null);
    };
    res.once('socket', onSocket);
    res.once('close', onClose);
  });
}

function isMessage(value: unknown): value is ServerMessage {
  return isObject(value) && typeof value.channel === 'string';
}
