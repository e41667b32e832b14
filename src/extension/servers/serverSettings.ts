import * as vscode from 'vscode';
import { parseServer, ServerConfig } from './serverEntry';

export { AuthType, ServerConfig, validateServerUrl, serverKey } from './serverEntry';

const SECTION = 'gwsNotifications';

/**
 * Saved servers. In an untrusted workspace only the user's own settings count: a workspace file
 * must not be able to point a stored password at a server of its choosing.
 */
export function readServers(): ServerConfig[] {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('servers');
  const user = (inspected?.globalValue ?? []).map((s) => parseServer(s, 'user'));
  const workspace = vscode.workspace.isTrusted ? [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])].map((s) => parseServer(s, 'workspace')) : [];
  return [...user, ...workspace].filter((s): s is ServerConfig => s !== undefined);
}

/** Adds (or replaces, by URL and user) a server in the user's settings. */
export async function saveServer(server: Omit<ServerConfig, 'source'>): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = (config.inspect<unknown[]>('servers')?.globalValue ?? []).filter((s) => {
    const p = parseServer(s, 'user');
    return !p || p.url !== server.url || p.username !== server.username;
  });
  const entry: Record<string, unknown> = { name: server.name, url: server.url, username: server.username, topics: server.topics, auth: server.auth };
  if (server.caFile) entry.caFile = server.caFile;
  await config.update('servers', [...current, entry], vscode.ConfigurationTarget.Global);
}
