/** Helpers for the suite that runs inside the real VS Code extension host. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GwsExtensionApi } from '../../../src/extension/extension';
import type { ResourceKind } from '../../../src/model/gwsTypes';
import { spawnSimulator, SimulatorProcess } from '../../../src/simulator/spawnSimulator';
import type { SimulatorOptions, SimulatorStatus } from '../../../src/simulator/simulatorTypes';
import type { TreeNode } from '../../../src/extension/tree/treeNodes';

export const EXTENSION_ID = 'gws-tools.gws-notification-debugger';

/** The extension, activated, with its test-facing API. */
export async function extensionApi(): Promise<{ ext: vscode.Extension<GwsExtensionApi>; api: GwsExtensionApi }> {
  const ext = vscode.extensions.getExtension<GwsExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  return { ext, api };
}

/** The simulator in its own process, from the extension's own bundle. */
export async function startSimulator(ext: vscode.Extension<unknown>, options: SimulatorOptions): Promise<SimulatorProcess> {
  return spawnSimulator(join(ext.extensionPath, 'dist', 'simulator.js'), { port: 0, ...options });
}

export async function simStatus(url: string): Promise<SimulatorStatus> {
  return (await (await fetch(`${url}/sim/status`)).json()) as SimulatorStatus;
}

/** Delivers a raw message to agent1's sessions through the simulator's control endpoint. */
export async function emit(url: string, channel: string, data: unknown): Promise<void> {
  const res = await fetch(`${url}/sim/emit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'agent1', channel, data }) });
  assert.equal(res.status, 200, `emit failed: ${res.status}`);
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Saves one server in the user's settings, pointing at `url`. */
export async function saveServer(url: string, name = 'Test GWS', topics = ['/v2/me/calls', '/v2/me/devices']): Promise<void> {
  await vscode.workspace.getConfiguration('gwsNotifications').update('servers', [{ name, url, username: 'agent1', topics, auth: 'basic' }], vscode.ConfigurationTarget.Global);
}

/** What the tree shows for one resource group: label → description. */
export function groupRows(api: GwsExtensionApi, kind: ResourceKind): Array<{ label: string; description: string; node: TreeNode }> {
  const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === api.sessions.live);
  assert.ok(root, 'no live session root in the tree');
  const group = api.tree.getChildren(root).find((n) => n.type === 'group' && n.kind === kind);
  assert.ok(group);
  return api.tree.getChildren(group).map((node) => {
    const item = api.tree.getTreeItem(node);
    return { label: String(typeof item.label === 'string' ? item.label : item.label?.label), description: String(item.description ?? ''), node };
  });
}

/** Topic rows under the live session: channel → description. */
export function topicRows(api: GwsExtensionApi): string[] {
  const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === api.sessions.live)!;
  const topics = api.tree.getChildren(root).find((n) => n.type === 'topics')!;
  return api.tree.getChildren(topics).map((n) => (n.type === 'topic' ? n.channel : ''));
}
