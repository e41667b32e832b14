/** Saved server entries as pure data (no vscode import): validation, parsing, the secret's key. */
import { DEFAULT_TOPICS } from '../../model/gwsTypes';

export type AuthType = 'basic' | 'bearer' | 'cookie';

/** One entry of `gwsNotifications.servers`. */
export interface ServerConfig {
  name: string;
  url: string;
  username?: string;
  topics: string[];
  auth: AuthType;
  caFile?: string;
  /** Where the entry came from: stored secrets are only ever used for entries the user made. */
  source: 'user' | 'workspace';
}

/** A URL the debugger can connect to: http(s), a host, no credentials in it. */
export function validateServerUrl(text: string): string | undefined {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return 'Enter a full URL, e.g. https://gws.example.com:8080';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'The URL must start with http:// or https://';
  if (u.username || u.password) return 'Do not put credentials in the URL: you will be asked for the password, which is kept in the OS secret store';
  if (u.search || u.hash) return 'The URL must not have a query or fragment';
  return undefined;
}

/** One saved server entry, validated; undefined when it is not one. */
export function parseServer(raw: unknown, source: ServerConfig['source']): ServerConfig | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.url !== 'string' || validateServerUrl(r.url)) return undefined;
  const auth = r.auth === 'bearer' || r.auth === 'cookie' ? r.auth : 'basic';
  const topics = Array.isArray(r.topics) && r.topics.every((t) => typeof t === 'string') && r.topics.length > 0 ? (r.topics as string[]) : [...DEFAULT_TOPICS];
  return {
    name: typeof r.name === 'string' && r.name ? r.name : new URL(r.url).host,
    url: r.url.trim().replace(/\/+$/, ''),
    username: typeof r.username === 'string' ? r.username : undefined,
    topics,
    auth,
    caFile: typeof r.caFile === 'string' && r.caFile ? r.caFile : undefined,
    source,
  };
}

/** The key of a server in SecretStorage and pins: origin plus user name. */
export function serverKey(server: Pick<ServerConfig, 'url' | 'username'>): string {
  return `${new URL(server.url).origin}|${server.username ?? ''}`;
}

/** One entry of `gwsNotifications.connectionSets`, with its connections resolved to servers. */
export interface ConnectionSet {
  name: string;
  servers: ServerConfig[];
  /** What could not be resolved: unknown server names, invalid entries (each says why). */
  problems: string[];
  source: ServerConfig['source'];
}

/**
 * Resolves one set. A connection is the name of a saved server or a server entry of its own (the
 * same fields as `gwsNotifications.servers`, never a password). Pure, unit-tested.
 */
export function resolveConnectionSet(raw: unknown, servers: readonly ServerConfig[], source: ServerConfig['source']): ConnectionSet | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.name !== 'string' || !r.name.trim()) return undefined;
  const list = Array.isArray(r.connections) ? r.connections : [];
  const resolved: ServerConfig[] = [];
  const problems: string[] = [];
  list.forEach((c, i) => {
    if (typeof c === 'string') {
      const named = servers.find((s) => s.name === c);
      if (named) resolved.push(named);
      else problems.push(`no saved server is named "${c}"`);
      return;
    }
    if (c && typeof c === 'object' && ('password' in c || 'token' in c || 'cookie' in c)) {
      problems.push(`connection ${i + 1} holds a secret: passwords belong in the OS secret store, never in settings`);
      return;
    }
    const entry = parseServer(c, source);
    if (entry) resolved.push(entry);
    else problems.push(`connection ${i + 1} is neither a saved server's name nor a server entry with a valid url`);
  });
  if (list.length === 0) problems.push('it lists no connections');
  return { name: r.name.trim(), servers: resolved, problems, source };
}
