/**
 * The fault-injection control endpoints (simulator only, no authentication): `POST /sim/fault`,
 * `GET /sim/fault`, `GET /sim/deliveries`, `GET /sim/requests`, `GET /sim/logins`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthStore } from '../auth';
import type { Delivery } from '../delivery';
import { parseJsonObject, pathOf, readBody, sendJson } from '../http';
import type { FaultControl } from './faultControl';
import { hugeBatch } from './hugeBatch';

/** What the endpoints act on. */
export interface FaultApiDeps {
  faults: FaultControl;
  auth: AuthStore;
  delivery: Delivery;
  cometd: { readonly options: { timeout?: number; maxInterval?: number } };
  baseUrl(): string;
}

type Body = Record<string, unknown>;

const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);

/** Handles the fault endpoints; returns false for other paths. */
export async function handleFaultApi(req: IncomingMessage, res: ServerResponse, deps: FaultApiDeps): Promise<boolean> {
  const path = pathOf(req);
  const query = new URL(req.url ?? '/', 'http://sim').searchParams;
  if (req.method === 'GET') {
    if (path === '/sim/fault') sendJson(res, 200, deps.faults.status());
    else if (path === '/sim/deliveries') sendJson(res, 200, deps.faults.log.deliveries(query.get('user') ?? 'agent1', Number(query.get('since') ?? 0) || 0));
    else if (path === '/sim/requests') sendJson(res, 200, deps.faults.log.requestLog());
    else if (path === '/sim/logins') sendJson(res, 200, deps.auth.issued());
    else return false;
    return true;
  }
  if (path !== '/sim/fault' || req.method !== 'POST') return false;
  const body: Body = parseJsonObject(await readBody(req, 1024 * 1024).catch(() => '')) ?? {};
  const answer = arm(body, deps);
  sendJson(res, 'error' in answer ? 400 : 200, answer);
  return true;
}

/** Arms one fault; answers what was armed or `{ error }`. */
function arm(body: Body, deps: FaultApiDeps): Record<string, unknown> {
  const { faults } = deps;
  const count = Math.max(1, Math.floor(num(body.count, 1)));
  const user = typeof body.user === 'string' ? body.user : 'agent1';
  switch (body.kind) {
    case 'stall-connect':
      faults.stallConnects(Math.max(0, num(body.ms, 10_000)));
      return { armed: 'stall-connect', ms: num(body.ms, 10_000) };
    case 'unknown-client':
      faults.armUnknownClient(count);
      return { armed: 'unknown-client', count };
    case 'handshake-401':
      faults.armHandshake401(count);
      return { armed: 'handshake-401', count };
    case 'login-401':
      faults.armLogin401(count);
      return { armed: 'login-401', count };
    case 'drop-session':
      return { armed: 'drop-session', dropped: deps.auth.drop(user) };
    case 'trickle':
      faults.armShape({ kind: 'trickle', bytes: Math.max(1, num(body.bytes, 1)), intervalMs: Math.max(0, num(body.intervalMs, 2)) }, count);
      return { armed: 'trickle', count };
    case 'reset':
      faults.armShape({ kind: 'reset', fraction: num(body.fraction, 0.5) }, count);
      return { armed: 'reset', count };
    case 'timeout':
      // Read by cometd-nodejs-server on every long poll; clients learn it at their next handshake.
      if (typeof body.ms === 'number') (deps.cometd.options as { timeout?: number }).timeout = Math.max(0, body.ms);
      if (typeof body.maxIntervalMs === 'number') (deps.cometd.options as { maxInterval?: number }).maxInterval = Math.max(0, body.maxIntervalMs);
      return { armed: 'timeout', timeoutMs: deps.cometd.options.timeout, maxIntervalMs: deps.cometd.options.maxInterval };
    case 'huge-batch': {
      const channel = typeof body.channel === 'string' ? body.channel : '/v2/me/calls';
      const messages = hugeBatch({ count: num(body.count, 30_000), bytes: num(body.bytes, 40_000_000), channel, start: num(body.start, 0), resources: num(body.resources, 10) }, deps.baseUrl());
      const bytes = messages.reduce((n, m) => n + JSON.stringify(m.data).length, 0);
      const delivered = deps.delivery.deliverMany(user, messages);
      return { armed: 'huge-batch', messages: messages.length, bytes, delivered: delivered.reduce((a, b) => Math.max(a, b), 0) };
    }
    case 'ignore-operations': {
      const operations = Array.isArray(body.operations) ? body.operations.filter((o): o is string => typeof o === 'string') : [];
      faults.armIgnoreOperations(operations, count);
      return { armed: 'ignore-operations', operations, count };
    }
    case 'clear':
      faults.clear();
      return { cleared: true };
    default:
      return { error: `unknown fault kind ${JSON.stringify(body.kind ?? null)}; known: stall-connect, unknown-client, handshake-401, login-401, drop-session, trickle, reset, timeout, huge-batch, ignore-operations, clear` };
  }
}
