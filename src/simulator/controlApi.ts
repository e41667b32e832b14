/**
 * Test and control endpoints, not part of GWS: `GET /sim/status` and `POST /sim/emit`
 * (delivers an arbitrary raw message to one user's matching sessions).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Delivery } from './delivery';
import { BodyTooLarge, parseJsonObject, pathOf, readBody, sendJson } from './http';
import type { SimulatorStatus } from './simulatorTypes';

/** Largest /sim/emit body (room for the 5 MB hostile payloads and more). */
const MAX_EMIT_BODY = 64 * 1024 * 1024;

/** What the control endpoints read. */
export interface ControlDeps {
  delivery: Delivery;
  knows(user: string): boolean;
  status(): SimulatorStatus;
}

/** Handles /sim/** requests; returns false for other paths. */
export async function handleControl(req: IncomingMessage, res: ServerResponse, deps: ControlDeps): Promise<boolean> {
  const path = pathOf(req);
  if (path === '/sim/status' && req.method === 'GET') {
    sendJson(res, 200, deps.status());
    return true;
  }
  if (path === '/sim/emit' && req.method === 'POST') {
    await emit(req, res, deps);
    return true;
  }
  if (!path.startsWith('/sim/')) return false;
  sendJson(res, 404, { error: `unknown control endpoint ${req.method} ${path}` });
  return true;
}

async function emit(req: IncomingMessage, res: ServerResponse, deps: ControlDeps): Promise<void> {
  let text: string;
  try {
    text = await readBody(req, MAX_EMIT_BODY);
  } catch (e) {
    if (!res.headersSent) sendJson(res, e instanceof BodyTooLarge ? 413 : 400, { error: 'unreadable body' });
    return;
  }
  const body = parseJsonObject(text);
  const { user, channel } = body ?? {};
  if (typeof user !== 'string' || !deps.knows(user)) {
    sendJson(res, 400, { error: 'user must name a configured account' });
    return;
  }
  if (typeof channel !== 'string' || !/^\/[^/]/.test(channel) || /^\/(meta|service)\//.test(channel)) {
    sendJson(res, 400, { error: 'channel must be a broadcast channel name such as /v2/me/calls' });
    return;
  }
  // A missing "data" key is sent as a Bayeux message without data (a malformed case worth testing).
  const omitData = !Object.prototype.hasOwnProperty.call(body, 'data');
  const delivered = deps.delivery.deliver(user, { channel, data: body?.data, omitData });
  sendJson(res, 200, { delivered });
}
