import * as vscode from 'vscode';
import { ConnectionSet, resolveConnectionSet } from './serverEntry';
import { readServers } from './serverSettings';

export type { ConnectionSet } from './serverEntry';

/**
 * The saved sets. Like `servers`, the workspace's sets count only in a trusted workspace: a
 * workspace file must not be able to send stored passwords to servers of its choosing.
 */
export function readConnectionSets(): ConnectionSet[] {
  const inspected = vscode.workspace.getConfiguration('gwsNotifications').inspect<unknown[]>('connectionSets');
  const servers = readServers();
  const user = (inspected?.globalValue ?? []).map((s) => resolveConnectionSet(s, servers.filter((x) => x.source === 'user'), 'user'));
  const workspace = vscode.workspace.isTrusted ? [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])].map((s) => resolveConnectionSet(s, servers, 'workspace')) : [];
  return [...user, ...workspace].filter((s): s is ConnectionSet => s !== undefined);
}
