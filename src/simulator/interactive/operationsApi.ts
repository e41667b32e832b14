/**
 * The REST operation endpoints: `POST /api/v2/me/calls/{id}`, `/api/v2/me/devices/{id}/calls`,
 * `/api/v2/me/channels/voice` and `/api/v2/me/chats/{id}`. Each needs the session cookie and its
 * CSRF token; the `ignore-operations` fault answers `{"statusCode":0}` and changes nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationTarget } from '../../operations/catalogue';
import type { AuthStore } from '../auth';
import { parseJsonObject, readBody, sendJson } from '../http';
import type { Desk } from './desk';
import { OP_STATUS, runOperation } from './deskOperations';

/** Interactive desks by user (only users of the `interactive` scenario have one). */
export type Desks = Map<string, Desk>;

/** What the endpoints read. */
export interface OperationsDeps {
  auth: AuthStore;
  desks: Desks;
  faults: { takeIgnored(operation: string): boolean };
}

/** The operation target a POST path names, or undefined for other paths. */
export function operationTarget(path: string): OperationTarget | undefined {
  const m = /^\/api\/v2\/me\/(?:(calls|chats)\/([^/]+)|devices\/([^/]+)\/calls|channels\/(voice))$/.exec(path);
  if (!m) return undefined;
  const id = (raw: string): string => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  };
  if (m[1]) return { kind: m[1] === 'calls' ? 'call' : 'chat', id: id(m[2]) };
  if (m[3]) return { kind: 'device', id: id(m[3]) };
  return { kind: 'voice', id: '' };
}

/** Answers one operation POST. */
export async function handleOperation(req: IncomingMessage, res: ServerResponse, deps: OperationsDeps, target: OperationTarget): Promise<void> {
  const login = deps.auth.fromCookie(req.headers.cookie);
  if (!login) {
    sendJson(res, 401, { statusCode: 5, statusMessage: 'Not authenticated' });
    return;
  }
  if (!deps.auth.csrfValid(login, req.headers['x-csrf-token'])) {
    sendJson(res, 403, { statusCode: 5, statusMessage: 'Missing or invalid Csrf token' });
    return;
  }
  let text: string;
  try {
    text = await readBody(req, 1024 * 1024);
  } catch {
    if (!res.headersSent) sendJson(res, 413, { statusCode: OP_STATUS.badRequest, statusMessage: 'Body too large or unreadable' });
    return;
  }
  const body = parseJsonObject(text);
  if (!body || typeof body.operationName !== 'string') {
    sendJson(res, 400, { statusCode: OP_STATUS.badRequest, statusMessage: 'Body must be a JSON object with an operationName' });
    return;
  }
  if (deps.faults.takeIgnored(body.operationName)) {
    sendJson(res, 200, { statusCode: OP_STATUS.ok });
    return;
  }
  const desk = deps.desks.get(login.user);
  if (!desk) {
    sendJson(res, 404, { statusCode: OP_STATUS.notFound, statusMessage: `No such ${target.kind}${target.id ? `: ${target.id}` : ''} (operations act on the interactive scenario's desk)` });
    return;
  }
  const answer = runOperation(desk, target, body);
  sendJson(res, answer.status, answer.body);
}
