/**
 * Turns what a user typed (a target, an operation name, a JSON body, maybe a path) into the one
 * request the connection process sends. Every check happens here, before anything is sent.
 */
import { isObject } from '../util/jsonObject';
import { catalogueEntry, defaultPath, type CatalogueEntry, type OperationTarget, type TargetKind } from './catalogue';

/** A request ready to send: the path is relative to the configured base URL. */
export interface OperationRequest {
  method: 'POST';
  path: string;
  operation: string;
  target: OperationTarget;
  /** The whole body, `operationName` included. */
  body: Record<string, unknown>;
}

/** Bad user input: the message says what to fix. */
export class OperationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationInputError';
  }
}

const TARGET_KINDS: readonly TargetKind[] = ['call', 'chat', 'device', 'voice', 'me'];
const ID = /^[A-Za-z0-9._~@:+-]{1,200}$/;

/** Parses `call:ID`, `chat:ID`, `device:ID`, `voice` or `me`. */
export function parseTarget(text: string): OperationTarget {
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)) as TargetKind;
  const id = colon < 0 ? '' : text.slice(colon + 1);
  if (!TARGET_KINDS.includes(kind)) throw new OperationInputError(`target ${JSON.stringify(text)}: expected call:ID, chat:ID, device:ID, voice or me`);
  const needsId = kind === 'call' || kind === 'chat' || kind === 'device';
  if (needsId && !ID.test(id)) throw new OperationInputError(`target ${JSON.stringify(text)}: ${kind} needs an id of letters, digits and ._~@:+- (at most 200)`);
  if (!needsId && colon >= 0) throw new OperationInputError(`target ${JSON.stringify(text)}: ${kind} takes no id`);
  return { kind, id };
}

/** The text form of a target, as parseTarget reads it. */
export function formatTarget(target: OperationTarget): string {
  return target.id === '' ? target.kind : `${target.kind}:${target.id}`;
}

/** Parses a `--body` argument: a JSON object, or throws saying why not. */
export function parseBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new OperationInputError(`--body is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(value)) throw new OperationInputError('--body must be a JSON object');
  return value;
}

/**
 * A relative path under /api/v2/, without host, scheme, dot segments, query or fragment:
 * whatever is typed, the request goes to the configured base URL.
 */
export function checkPath(path: string): string {
  if (!/^\/api\/v2\/[A-Za-z0-9._~%@:+-]+(\/[A-Za-z0-9._~%@:+-]+)*$/.test(path)) {
    throw new OperationInputError(`path ${JSON.stringify(path)}: expected /api/v2/... (letters, digits and ._~%@:+- between slashes)`);
  }
  if (path.split('/').some((s) => s === '.' || s === '..' || /^%2e/i.test(s))) throw new OperationInputError(`path ${JSON.stringify(path)}: no dot segments`);
  return path;
}

const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

function valueAt(body: Record<string, unknown>, dotted: string): unknown {
  let v: unknown = body;
  for (const key of dotted.split('.')) v = isObject(v) && Object.hasOwn(v, key) ? v[key] : undefined;
  return v;
}

function checkParams(entry: CatalogueEntry, body: Record<string, unknown>): void {
  for (const p of entry.params) {
    const v = valueAt(body, p.path);
    if (v === undefined) {
      if (p.required) throw new OperationInputError(`${entry.operation} needs ${p.path}`);
      continue;
    }
    const ok = p.type === 'string' ? typeof v === 'string' && v !== '' : p.type === 'object' ? isObject(v) : Array.isArray(v) && v.every((s) => typeof s === 'string');
    if (!ok) throw new OperationInputError(`${entry.operation}: ${p.path} must be ${p.type === 'string' ? 'a non-empty string' : p.type === 'object' ? 'an object' : 'an array of strings'}`);
  }
  if (entry.oneOf && !entry.oneOf.some((k) => valueAt(body, k) !== undefined)) throw new OperationInputError(`${entry.operation} needs ${entry.oneOf.join(' or ')}`);
}

/**
 * The request for `operation` on `target`. A catalogue operation must target its kind and carry
 * its parameters; anything else is a Custom Request, sent to `path` (default: the target's path).
 */
export function buildRequest(target: OperationTarget, operation: string, body: Record<string, unknown> = {}, path?: string): OperationRequest {
  if (!OPERATION_NAME.test(operation)) throw new OperationInputError(`operation ${JSON.stringify(operation)}: expected a name like Answer (letters and digits)`);
  if (Object.hasOwn(body, 'operationName') && body.operationName !== operation) throw new OperationInputError(`--body names operationName ${JSON.stringify(body.operationName)}, not ${operation}`);
  const entry = catalogueEntry(operation);
  const full: Record<string, unknown> = { operationName: operation };
  for (const key of Object.keys(body)) if (key !== 'operationName' && key !== '__proto__') full[key] = body[key];
  if (entry) {
    if (entry.target !== target.kind) throw new OperationInputError(`${operation} acts on a ${entry.target === 'voice' || entry.target === 'me' ? entry.target : `${entry.target}:ID`} target, not ${formatTarget(target)}`);
    checkParams(entry, full);
    if (path !== undefined && path !== defaultPath(operation, target)) throw new OperationInputError(`${operation} always goes to ${defaultPath(operation, target)}; use a custom operation for another path`);
  }
  return { method: 'POST', path: checkPath(path ?? defaultPath(operation, target)), operation, target, body: full };
}

/** The absolute URL of `path` under `baseUrl` (already public: no userinfo, query or trailing slash). */
export function requestUrl(baseUrl: string, path: string): string {
  const url = new URL(`${baseUrl}${checkPath(path)}`);
  const base = new URL(baseUrl);
  if (url.origin !== base.origin) throw new OperationInputError(`path ${JSON.stringify(path)} leaves ${base.origin}`);
  return url.href;
}
