import * as vscode from 'vscode';
import { join } from 'node:path';
import type { SimulatorUser } from '../../simulator/simulatorTypes';
import { spawnSimulator, SimulatorProcess } from '../../simulator/spawnSimulator';
import type { GwsLog } from '../log';
import { readConnectionSets } from '../servers/connectionSets';
import type { CredentialStore } from '../servers/credentialStore';
import { AuthType, ServerConfig, readServers, saveServer, validateServerUrl } from '../servers/serverSettings';
import type { ConnectionController } from './connectionController';

const DEMO_PASSWORD = 'secret';
const DEMO_TOPICS = ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'];
/** The team scenario's users, in its order (TEAM_ROLES of src/simulator/scenarios/team.ts, not imported: it would bundle the simulator into the extension). */
const TEAM_USERS = ['agent1', 'agent2', 'supervisor1'] as const;

/** Which demo Start Demo Simulator plays. */
export type DemoKind = 'agent' | 'team';

/** The commands that pick what to connect: Connect…, Connect Connection Set…, Start Demo Simulator, Forget Saved Password. */
export class ConnectCommands implements vscode.Disposable {
  private demos = new Map<DemoKind, SimulatorProcess>();

  constructor(
    private readonly extensionPath: string,
    private readonly controller: ConnectionController,
    private readonly credentials: CredentialStore,
    private readonly log: GwsLog,
  ) {}

  /** Connect…: saved servers, sets and "Add server…"; given a saved server's name, that server without asking. */
  async connect(name?: string): Promise<boolean> {
    const servers = readServers();
    if (name !== undefined) {
      const named = servers.find((s) => s.name === name);
      if (!named) void vscode.window.showErrorMessage(`No saved GWS server is named "${name}".`);
      return named ? this.controller.connectTo(named) : false;
    }
    type Item = vscode.QuickPickItem & { server?: ServerConfig; set?: string; add?: boolean; demo?: boolean };
    const items: Item[] = servers.map((s) => ({ label: s.name, description: `${s.username ?? ''}@${s.url}`, detail: s.source === 'workspace' ? 'from workspace settings' : undefined, server: s }));
    for (const set of readConnectionSets()) items.push({ label: `$(layers) ${set.name}`, description: `connection set: ${set.servers.map((s) => s.username ?? s.name).join(', ')}`, set: set.name });
    items.push({ label: '$(add) Add server…', add: true }, { label: '$(play) Start the demo simulator', demo: true });
    const picked = await vscode.window.showQuickPick(items, { title: 'Connect to a GWS server', placeHolder: 'Pick a saved server or connection set, or add a server' });
    if (!picked) return false;
    if (picked.demo) return this.startDemo();
    if (picked.set !== undefined) return (await this.connectSet(picked.set)) > 0;
    const server = picked.add ? await this.addServer() : picked.server;
    return server ? this.controller.connectTo(server) : false;
  }

  /** Connect Connection Set…: every connection of a `gwsNotifications.connectionSets` entry at once. */
  async connectSet(name?: string): Promise<number> {
    const sets = readConnectionSets();
    if (sets.length === 0) {
      void vscode.window.showInformationMessage('No connection sets saved. Add one to the gwsNotifications.connectionSets setting: [{"name": "Transfer test", "connections": ["server name", …]}].');
      return 0;
    }
    const set = name !== undefined ? sets.find((s) => s.name === name) : (await vscode.window.showQuickPick(sets.map((s) => ({ label: s.name, description: s.servers.map((x) => `${x.username ?? ''}@${x.name}`).join(', '), set: s })), { title: 'Connect Connection Set' }))?.set;
    if (!set) {
      if (name !== undefined) void vscode.window.showErrorMessage(`No connection set is named "${name}".`);
      return 0;
    }
    return this.controller.connectSet(set, set.servers.map((server) => ({ server })));
  }

  /** "Add server…": InputBoxes that validate, saved to the user's settings (never the password). */
  async addServer(): Promise<ServerConfig | undefined> {
    const url = await vscode.window.showInputBox({ title: 'Add GWS server (1/3)', prompt: 'GWS base URL', placeHolder: 'https://gws.example.com:8080', validateInput: validateServerUrl, ignoreFocusOut: true });
    if (!url) return undefined;
    const authPick = await vscode.window.showQuickPick(
      [
        { label: 'basic', description: 'user name and password (default)' },
        { label: 'bearer', description: 'an access token (SSO deployments)' },
        { label: 'cookie', description: 'a pasted session cookie (SSO deployments)' },
      ],
      { title: 'Add GWS server (2/3): authentication', ignoreFocusOut: true },
    );
    if (!authPick) return undefined;
    const auth = authPick.label as AuthType;
    const username = await vscode.window.showInputBox({ title: 'Add GWS server (3/3)', prompt: auth === 'basic' ? 'User name' : 'A label for this login (user name), used to key the stored secret', validateInput: (v) => (v.trim() ? undefined : 'Required'), ignoreFocusOut: true });
    if (!username) return undefined;
    const server: Omit<ServerConfig, 'source'> = { name: new URL(url).host, url: url.trim().replace(/\/+$/, ''), username: username.trim(), topics: [...DEMO_TOPICS], auth };
    await saveServer(server);
    return { ...server, source: 'user' };
  }

  /**
   * Start Demo Simulator: the simulator in its own process, then its sessions. `agent` plays the
   * one-agent demo; `team` plays the team scenario and connects agent1, agent2 and supervisor1 at
   * once. Without an argument (the palette, the welcome view) it asks which.
   */
  async startDemo(kind?: DemoKind, speed = 1): Promise<boolean> {
    const which =
      kind ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'One agent', description: 'agent1: calls, a chat, a device', demo: 'agent' as const },
            { label: 'Team', description: 'agent1, agent2 and supervisor1: a transfer, a conference, monitoring, a chat transfer', demo: 'team' as const },
          ],
          { title: 'Start Demo Simulator' },
        )
      )?.demo;
    if (!which) return false;
    let sim = this.demos.get(which);
    if (!sim) {
      const users: SimulatorUser[] = (which === 'team' ? TEAM_USERS : TEAM_USERS.slice(0, 1)).map((user) => ({ user, password: DEMO_PASSWORD }));
      const options = which === 'team' ? { port: 0, scenario: 'team' as const, speed, users } : { port: 0, scenario: 'demo' as const, speed, loop: vscode.workspace.getConfiguration('gwsNotifications').get<boolean>('demo.loop', false), users };
      const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the demo simulator…' }, () => spawnSimulator(join(this.extensionPath, 'dist', 'simulator.js'), options));
      sim = started;
      this.demos.set(which, started);
      this.log.info(`demo simulator (${which}) listening on ${started.url}`);
      started.child.once('exit', () => this.demos.get(which) === started && this.demos.delete(which));
    }
    const server = (user: string): ServerConfig => ({ name: which === 'team' ? `Team demo: ${user}` : 'Demo simulator', url: sim.url, username: user, topics: [...DEMO_TOPICS], auth: 'basic', source: 'user' });
    if (which === 'agent') return this.controller.connectTo(server('agent1'), DEMO_PASSWORD);
    const targets = TEAM_USERS.map((user) => ({ server: server(user), fixedSecret: DEMO_PASSWORD }));
    return (await this.controller.connectSet({ name: 'the team demo', problems: [] }, targets)) > 0;
  }

  async forgetPassword(): Promise<void> {
    const keys = this.credentials.keys();
    if (keys.length === 0) {
      void vscode.window.showInformationMessage('No saved GWS passwords.');
      return;
    }
    const picked = await vscode.window.showQuickPick(keys.map((k) => ({ label: k.split('|')[1] || '(no user)', description: k.split('|')[0], key: k })), { title: 'Forget Saved Password' });
    if (!picked) return;
    await this.credentials.forget(picked.key);
    void vscode.window.showInformationMessage(`Forgot the saved password of ${picked.label} at ${picked.description}.`);
  }

  dispose(): void {
    for (const sim of this.demos.values()) void sim.stop();
  }
}
