import * as vscode from 'vscode';
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

const SECTION = 'gwsNotifications';

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

function parse(raw: unknown, source: ServerConfig['source']): ServerConfig | undefined {
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

/**
 * Saved servers. In an untrusted workspace only the user's own settings count: a workspace file
 * must not be able to point a stored password at a server of its choosing.
 */
export function readServers(): ServerConfig[] {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('servers');
  const user = (inspected?.globalValue ?? []).map((s) => parse(s, 'user'));
  const workspace = vscode.workspace.isTrusted ? [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])].map((s) => parse(s, 'workspace')) : [];
  return [...user, ...workspace].filter((s): s is ServerConfig => s !== undefined);
}

/** Adds (or replaces, by URL and user) a server in the user's settings. */
export async function saveServer(server: Omit<ServerConfig, 'source'>): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = (config.inspect<unknown[]>('servers')?.globalValue ?? []).filter((s) => {
    const p = parse(s, 'user');
    return !p || p.url !== server.url || p.username !== server.username;
  });
  const entry: Record<string, unknown> = { name: server.name, url: server.url, username: server.username, topics: server.topics, auth: server.auth };
  if (server.caFile) entry.caFile = server.caFile;
  await config.update('servers', [...current, entry], vscode.ConfigurationTarget.Global);
}

/** The key of a server in SecretStorage and pins: origin plus user name. */
export function serverKey(server: Pick<ServerConfig, 'url' | 'username'>): string {
  return `${new URL(server.url).origin}|${server.username ?? ''}`;
}
