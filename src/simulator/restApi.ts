/**
 * The GWS REST endpoints the debugger uses: login (`GET /api/v2/me`), contact-center session
 * start (`POST /api/v2/me`, CSRF-protected) and the user's live resources (`GET /api/v2/me/calls`...).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSRF_HEADER, type AuthStore, type Login } from './auth';
import { header, parseJsonObject, pathOf, readBody, sendJson } from './http';
import { userProfile } from './scenarios/script';
import { WORLD_KINDS, type World, type WorldKind } from './world';
import { handleOperation, operationTarget, type OperationsDeps } from './interactive/operationsApi';

/** Media channels StartContactCenterSession knows. */
export const KNOWN_MEDIA_CHANNELS: readonly string[] = ['voice', 'chat', 'email', 'workitem'];

/** GWS status codes the simulator answers with. */
export const STATUS = { ok: 0, badRequest: 2, notFound: 3, forbidden: 5, partial: 7 } as const;

/** Everything the REST endpoints read. */
export interface RestDeps {
  auth: AuthStore;
  world: World;
  users: readonly string[];
  seed: number;
  baseUrl: () => string;
  /** The operation endpoints (interactive desks, the ignore-operations fault). */
  operations: OperationsDeps;
}

const UNAUTHORIZED = { 'WWW-Authenticate': 'Basic realm="GWS"' };

/** Handles /api/v2/** requests; returns false when the path is not a REST path. */
export async function handleRest(req: IncomingMessage, res: ServerResponse, deps: RestDeps): Promise<boolean> {
  const path = pathOf(req).replace(/\/+$/, '');
  if (!path.startsWith('/api/v2/')) return false;
  if (path === '/api/v2/me' && req.method === 'GET') {
    getMe(req, res, deps);
    return true;
  }
  if (path === '/api/v2/me' && req.method === 'POST') {
    await postMe(req, res, deps);
    return true;
  }
  const target = req.method === 'POST' ? operationTarget(path) : undefined;
  if (target) {
    await handleOperation(req, res, deps.operations, target);
    return true;
  }
  const kind = /^\/api\/v2\/me\/([a-z]+)$/.exec(path)?.[1];
  if (kind && WORLD_KINDS.includes(kind as WorldKind) && req.method === 'GET') {
    const login = deps.auth.fromCookie(req.headers.cookie);
    if (!login) sendJson(res, 401, { statusCode: STATUS.forbidden, statusMessage: 'Not authenticated' }, UNAUTHORIZED);
    else sendJson(res, 200, { statusCode: STATUS.ok, [kind]: deps.world.list(login.user, kind as WorldKind) });
    return true;
  }
  sendJson(res, 404, { statusCode: STATUS.notFound, statusMessage: `No such resource: ${req.method} ${path}` });
  return true;
}

/** The user resource GWS returns from /api/v2/me. */
export function userResource(user: string, deps: RestDeps): Record<string, unknown> {
  const id = userProfile(user, Math.max(0, deps.users.indexOf(user)), deps.seed).userId;
  const letters = user.replace(/[^A-Za-z]/g, '');
  return {
    id,
    userName: user,
    firstName: letters ? letters[0]!.toUpperCase() + letters.slice(1) : 'Agent',
    lastName: `Simulated${user.replace(/\D/g, '')}`,
    emailAddress: `${user}@example.com`,
    roles: ['ROLE_AGENT'],
    enabled: true,
    changePasswordOnFirstLogin: false,
    uri: `${deps.baseUrl()}/api/v2/users/${id}`,
    path: `/users/${id}`,
  };
}

function csrfHeaders(login: Login): Record<string, string> {
  return { 'X-CSRF-HEADER': CSRF_HEADER, [CSRF_HEADER]: login.csrfToken };
}

/** Basic or Bearer credentials open (or reuse) a session; a valid JSESSIONID cookie alone also works. */
function getMe(req: IncomingMessage, res: ServerResponse, deps: RestDeps): void {
  const authorization = header(req, 'authorization');
  const existing = deps.auth.fromCookie(req.headers.cookie);
  let login: Login | undefined = existing;
  if (authorization !== undefined) {
    const user = deps.auth.authenticate(authorization);
    login = user === undefined ? undefined : existing?.user === user ? existing : deps.auth.open(user);
  }
  if (!login) {
    sendJson(res, 401, { statusCode: STATUS.forbidden, statusMessage: 'Bad credentials' }, UNAUTHORIZED);
    return;
  }
  const headers = csrfHeaders(login);
  if (login !== existing) headers['Set-Cookie'] = `JSESSIONID=${login.jsessionId}; Path=/; HttpOnly`;
  sendJson(res, 200, { statusCode: STATUS.ok, user: userResource(login.user, deps) }, headers);
}

/** Operations on the user; only StartContactCenterSession and EndContactCenterSession are modelled. */
async function postMe(req: IncomingMessage, res: ServerResponse, deps: RestDeps): Promise<void> {
  const login = deps.auth.fromCookie(req.headers.cookie);
  if (!deps.auth.csrfValid(login, req.headers['x-csrf-token'])) {
    sendJson(res, 403, { statusCode: STATUS.forbidden, statusMessage: 'Missing or invalid Csrf token' });
    return;
  }
  let text: string;
  try {
    text = await readBody(req, 1024 * 1024);
  } catch {
    if (!res.headersSent) sendJson(res, 413, { statusCode: STATUS.badRequest, statusMessage: 'Body too large or unreadable' });
    return;
  }
  const body = parseJsonObject(text);
  if (!body) {
    sendJson(res, 400, { statusCode: STATUS.badRequest, statusMessage: 'Body must be a JSON object' });
    return;
  }
  if (body.operationName === 'EndContactCenterSession') {
    sendJson(res, 200, { statusCode: STATUS.ok });
    return;
  }
  if (body.operationName !== 'StartContactCenterSession') {
    sendJson(res, 400, { statusCode: STATUS.badRequest, statusMessage: `Unsupported operationName: ${String(body.operationName)}` });
    return;
  }
  if (deps.operations.faults.takeIgnored('StartContactCenterSession')) {
    sendJson(res, 200, { statusCode: STATUS.ok });
    return;
  }
  const channels = body.channels;
  if (!Array.isArray(channels) || !channels.every((c) => typeof c === 'string')) {
    sendJson(res, 400, { statusCode: STATUS.badRequest, statusMessage: 'channels must be an array of strings' });
    return;
  }
  const unknown = channels.filter((c) => !KNOWN_MEDIA_CHANNELS.includes(c));
  // Real GWS lists each channel's own result when some fail (statusCode 7).
  const failed = unknown.map((channel) => ({ statusCode: 4, statusMessage: `Unknown channel ${channel}`, channel }));
  const succeeded = channels.filter((c) => KNOWN_MEDIA_CHANNELS.includes(c)).map((channel) => ({ statusCode: 0, channel }));
  if (unknown.length > 0) sendJson(res, 200, { statusCode: STATUS.partial, statusMessage: `Unknown channels: ${unknown.join(', ')}`, failed, succeeded });
  else sendJson(res, 200, { statusCode: STATUS.ok });
  const desk = login ? deps.operations.desks.get(login.user) : undefined;
  if (desk && succeeded.length > 0) desk.later(() => [desk.device.message()]);
}
