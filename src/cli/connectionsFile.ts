import { isValidChannelName } from '../model/gwsTypes';
import { isObject, own } from '../util/jsonObject';

/**
 * The connections file of `gws-notify record --connections FILE`:
 * `{"connections": [{"url", "user", "passwordEnv", "topics"?, "out"}]}`. Passwords never live in
 * it: each connection names the environment variable holding its password, and a field that
 * looks like a secret is refused. Anything else unknown is refused too, so a typo cannot be
 * silently ignored.
 */

/** One connection to record. */
export interface ConnectionEntry {
  url: string;
  user: string;
  /** The environment variable holding the password. */
  passwordEnv: string;
  /** Topics to subscribe; undefined means the default topics. */
  topics?: string[];
  /** The capture to write. */
  out: string;
}

/** Why a connections file was refused; the message names the file's field. */
export class ConnectionsFileError extends Error {}

const FIELDS = new Set(['url', 'user', 'passwordEnv', 'topics', 'out']);
/** Field names that would hold a secret (compared without case, `-` and `_`). */
const SECRET_FIELDS = /^(password|passwd|pwd|pass|secret|token|cookie|credentials?|auth(orization)?)$/;
const MAX_CONNECTIONS = 64;

/** A non-empty string without control characters, else an error naming `where`. */
function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConnectionsFileError(`${where} must be a non-empty string`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ConnectionsFileError(`${where} must not contain control characters`);
  return value;
}

function entry(value: unknown, i: number): ConnectionEntry {
  const at = `connections[${i}]`;
  if (!isObject(value)) throw new ConnectionsFileError(`${at} must be an object`);
  for (const key of Object.keys(value)) {
    if (SECRET_FIELDS.test(key.toLowerCase().replace(/[-_]/g, ''))) {
      throw new ConnectionsFileError(`${at}.${key}: a password field is refused; put the password in an environment variable and name it in "passwordEnv"`);
    }
    if (!FIELDS.has(key)) throw new ConnectionsFileError(`${at}.${key}: unknown field (expected url, user, passwordEnv, topics, out)`);
  }
  const url = text(own(value, 'url'), `${at}.url`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectionsFileError(`${at}.url is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConnectionsFileError(`${at}.url must be http or https`);
  if (parsed.username !== '' || parsed.password !== '') throw new ConnectionsFileError(`${at}.url: credentials in the URL are refused; use "user" and "passwordEnv"`);
  const passwordEnv = text(own(value, 'passwordEnv'), `${at}.passwordEnv`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv)) throw new ConnectionsFileError(`${at}.passwordEnv must name an environment variable (letters, digits, _)`);
  const out: ConnectionEntry = { url, user: text(own(value, 'user'), `${at}.user`), passwordEnv, out: text(own(value, 'out'), `${at}.out`) };
  const topics = own(value, 'topics');
  if (topics !== undefined) {
    if (!Array.isArray(topics) || topics.length === 0) throw new ConnectionsFileError(`${at}.topics must be a non-empty list of topics`);
    out.topics = topics.map((t, j) => {
      const topic = text(t, `${at}.topics[${j}]`);
      if (!isValidChannelName(topic)) throw new ConnectionsFileError(`${at}.topics[${j}] is not a valid Bayeux channel name: ${JSON.stringify(topic)}`);
      return topic;
    });
  }
  return out;
}

/**
 * Parses the text of a connections file; throws ConnectionsFileError, never anything else.
 * `sameFile` says whether two `out` paths name one file (the caller resolves them).
 */
export function parseConnectionsFile(textOfFile: string, sameFile: (a: string, b: string) => boolean = (a, b) => a === b): ConnectionEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(textOfFile);
  } catch (err) {
    throw new ConnectionsFileError(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(doc)) throw new ConnectionsFileError('expected an object {"connections": [...]}');
  for (const key of Object.keys(doc)) if (key !== 'connections') throw new ConnectionsFileError(`${key}: unknown field (expected "connections")`);
  const list = own(doc, 'connections');
  if (!Array.isArray(list) || list.length === 0) throw new ConnectionsFileError('"connections" must be a non-empty list');
  if (list.length > MAX_CONNECTIONS) throw new ConnectionsFileError(`"connections" lists ${list.length}; at most ${MAX_CONNECTIONS}`);
  const entries = list.map(entry);
  entries.forEach((e, i) => {
    const j = entries.findIndex((other) => sameFile(other.out, e.out));
    if (j !== i) throw new ConnectionsFileError(`connections[${i}].out: connections[${j}] writes the same file`);
  });
  return entries;
}
