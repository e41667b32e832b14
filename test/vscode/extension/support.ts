/** Helpers for the suite that runs inside the real VS Code extension host. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GwsTestApi } from '../../../src/extension/testApi';
import type { ResourceKind } from '../../../src/model/gwsTypes';
import { spawnSimulator, SimulatorProcess } from '../../../src/simulator/spawnSimulator';
import type { SimulatorOptions, SimulatorStatus } from '../../../src/simulator/simulatorTypes';
import type { TreeNode } from '../../../src/extension/tree/treeNodes';
import type { CaptureSession } from '../../../src/session/captureSession';
import type { LiveSession } from '../../../src/session/liveSession';

export const EXTENSION_ID = 'gws-tools.gws-notification-debugger';

/** The extension, activated, with the API it gives only in test mode. */
export async function extensionApi(): Promise<{ ext: vscode.Extension<GwsTestApi | undefined>; api: GwsTestApi }> {
  const ext = vscode.extensions.getExtension<GwsTestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api, 'the extension gives its test API in test mode');
  return { ext, api };
}

/** Connects to the saved server `name` through the Connect command, as a keybinding with that argument would. */
export async function connectTo(name: string): Promise<boolean> {
  return (await vscode.commands.executeCommand('gwsNotifications.connect', name)) === true;
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

/** Saves one server in the user's settings, pointing at `url` (more with `others`). */
export async function saveServer(url: string, name = 'Test GWS', topics = ['/v2/me/calls', '/v2/me/devices'], others: Array<{ name: string; url: string; username: string }> = []): Promise<void> {
  const servers = [{ name, url, username: 'agent1', topics, auth: 'basic' }, ...others.map((o) => ({ ...o, topics, auth: 'basic' }))];
  await vscode.workspace.getConfiguration('gwsNotifications').update('servers', servers, vscode.ConfigurationTarget.Global);
}

/** The live session started last (the one a single-session test works with), if any; a replaced one keeps its place in the list. */
export function current(api: GwsTestApi): LiveSession | undefined {
  const n = (s: LiveSession): number => Number(s.id.replace(/\D+/g, ''));
  return [...api.sessions.live].sort((a, b) => n(a) - n(b)).at(-1);
}

/** The label of a tree item. */
export function itemLabel(api: GwsTestApi, node: TreeNode): string {
  const item = api.tree.getTreeItem(node);
  return String(typeof item.label === 'string' ? item.label : item.label?.label);
}

/** What the tree shows for one resource group of `session` (default: the current one): label → description. */
export function groupRows(api: GwsTestApi, kind: ResourceKind, session: CaptureSession | undefined = current(api)): Array<{ label: string; description: string; node: TreeNode }> {
  const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === session);
  assert.ok(root, 'no live session root in the tree');
  const group = api.tree.getChildren(root).find((n) => n.type === 'group' && n.kind === kind);
  assert.ok(group);
  return api.tree.getChildren(group).map((node) => {
    const item = api.tree.getTreeItem(node);
    return { label: String(typeof item.label === 'string' ? item.label : item.label?.label), description: String(item.description ?? ''), node };
  });
}

/** Topic rows under the live session: channel → description. */
export function topicRows(api: GwsTestApi): string[] {
  const root = api.tree.getChildren().find((n) => n.type === 'session' && n.session === current(api))!;
  const topics = api.tree.getChildren(root).find((n) => n.type === 'topics')!;
  return api.tree.getChildren(topics).map((n) => (n.type === 'topic' ? n.channel : ''));
}

/** Direct child processes of the extension host, from /proc. */
export function countChildren(): number {
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) n++;
    } catch {
      // the process ended while we looked
    }
  }
  return n;
}

/** A real GC for the leak check: the extension host does not expose one by default. */
export function gc(): void {
  const v8 = require('node:v8') as typeof import('node:v8');
  const vm = require('node:vm') as typeof import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}
