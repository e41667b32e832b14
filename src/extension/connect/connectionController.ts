import * as vscode from 'vscode';
import { join } from 'node:path';
import type { CaptureDirectory } from '../../capture/captureDirectory';
import { ConnectionError, ConnectionFailure } from '../../connection/connectionErrors';
import type { GwsCredentials } from '../../connection/gwsAuth';
import { publicUrl } from '../../connection/gwsAuth';
import { LiveSession } from '../../session/liveSession';
import { spawnSimulator, SimulatorProcess } from '../../simulator/spawnSimulator';
import type { GwsLog } from '../log';
import type { SessionManager } from '../sessionManager';
import type { CertificatePins } from '../servers/certificatePins';
import type { CredentialStore } from '../servers/credentialStore';
import { AuthType, ServerConfig, readServers, saveServer, serverKey, validateServerUrl } from '../servers/serverSettings';
import { pickTopic } from './topicPicker';

const DEMO_USER = 'agent1';
const DEMO_PASSWORD = 'secret';

/** Everything about connecting: server choice, secrets, progress, failures, demo, topics. */
export class ConnectionController implements vscode.Disposable {
  private demo: SimulatorProcess | undefined;
  private readonly liveListeners: vscode.Disposable[] = [];

  constructor(
    private readonly extensionPath: string,
    private readonly version: string,
    private readonly sessions: SessionManager,
    private readonly log: GwsLog,
    private readonly credentials: CredentialStore,
    private readonly pins: CertificatePins,
    private readonly captures: CaptureDirectory,
    private readonly maxCaptureBytes: () => number,
    private readonly onCaptureCreated: () => void,
    /** Asks for a password or token; extension.ts hands tests a queue of answers instead of the input box. */
    private readonly ask: (options: vscode.InputBoxOptions) => Thenable<string | undefined> = (o) => vscode.window.showInputBox(o),
  ) {}

  /** Connect…: saved servers and "Add server…"; given a saved server's name, that server without asking which. */
  async connectCommand(name?: string): Promise<boolean> {
    const servers = readServers();
    if (name !== undefined) {
      const named = servers.find((s) => s.name === name);
      if (!named) void vscode.window.showErrorMessage(`No saved GWS server is named "${name}".`);
      return named ? this.connectTo(named) : false;
    }
    const items: Array<vscode.QuickPickItem & { server?: ServerConfig; add?: boolean; demo?: boolean }> = servers.map((s) => ({
      label: s.name,
      description: `${s.username ?? ''}@${s.url}`,
      detail: s.source === 'workspace' ? 'from workspace settings' : undefined,
      server: s,
    }));
    items.push({ label: '$(add) Add server…', add: true }, { label: '$(play) Start the demo simulator', demo: true });
    const picked = await vscode.window.showQuickPick(items, { title: 'Connect to a GWS server', placeHolder: 'Pick a saved server or add one' });
    if (!picked) return false;
    if (picked.demo) return this.startDemo();
    const server = picked.add ? await this.addServer() : picked.server;
    return server ? this.connectTo(server) : false;
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
    const server: Omit<ServerConfig, 'source'> = { name: new URL(url).host, url: url.trim().replace(/\/+$/, ''), username: username.trim(), topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], auth };
    await saveServer(server);
    return { ...server, source: 'user' };
  }

  /** Connects to `server`, replacing the live connection after asking. */
  async connectTo(server: ServerConfig, fixedSecret?: string): Promise<boolean> {
    if (!(await this.confirmReplace(server.name))) return false;
    const secret = fixedSecret ?? (await this.secretFor(server));
    if (secret === undefined) return false;
    const credentials = toCredentials(server, secret);
    await this.pruneCaptures();
    const journalPath = await this.captures.newJournalPath(server.name);
    const session = new LiveSession(server.name, {
      processScript: join(this.extensionPath, 'dist', 'connection.js'),
      baseUrl: server.url,
      credentials,
      topics: server.topics,
      journalPath,
      userLabel: server.username ?? null,
      httpProxy: vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined,
      caFile: server.caFile,
      pinnedCertificatePem: this.pins.pemFor(server.url),
      initialRetries: 5,
      toolVersion: this.version,
    });
    this.log.addSecrets([secret]);
    this.watchLive(session, server);
    this.sessions.setLive(session);
    this.onCaptureCreated();
    this.log.info(`connecting to ${publicUrl(server.url)} as ${server.username ?? '(token)'}; journal ${journalPath}`);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${server.name}…`, cancellable: true }, async (_p, token) => {
        token.onCancellationRequested(() => void session.stop());
        await session.ready;
      });
    } catch (err) {
      const failure = err instanceof ConnectionError ? err.failure : { code: 'protocol' as const, message: String(err), retryable: false };
      await session.stop();
      if (failure.code === 'auth-failed' && !fixedSecret) await this.credentials.forget(serverKey(server));
      void this.reportFailure(server, failure, fixedSecret);
      return false;
    }
    if (!fixedSecret && server.source === 'user') await this.credentials.store(server, secret);
    this.log.info(`connected to ${publicUrl(server.url)}; subscribed to ${server.topics.join(', ')}`);
    return true;
  }

  /** Start Demo Simulator: the simulator in its own process, then a connection to it. */
  async startDemo(speed = 1): Promise<boolean> {
    if (!this.demo) {
      this.demo = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the demo simulator…' }, () =>
        spawnSimulator(join(this.extensionPath, 'dist', 'simulator.js'), { port: 0, scenario: 'demo', speed, loop: vscode.workspace.getConfiguration('gwsNotifications').get<boolean>('demo.loop', false), users: [{ user: DEMO_USER, password: DEMO_PASSWORD }] }),
      );
      this.log.info(`demo simulator listening on ${this.demo.url}`);
      this.demo.child.once('exit', () => (this.demo = undefined));
    }
    const server: ServerConfig = { name: 'Demo simulator', url: this.demo.url, username: DEMO_USER, topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], auth: 'basic', source: 'user' };
    return this.connectTo(server, DEMO_PASSWORD);
  }

  async disconnect(): Promise<void> {
    const live = this.sessions.live;
    if (!live) return;
    await live.stop();
    this.log.info(`disconnected from ${live.label}`);
    this.onCaptureCreated();
  }

  /** Clear: the current journal is closed (it stays in Recent Captures), a new one starts. */
  async clear(): Promise<void> {
    const live = this.sessions.live;
    if (!live || live.state === 'disconnected' || live.state === 'error') return;
    const path = await this.captures.newJournalPath(live.label);
    await live.clear(path);
    this.log.info(`cleared: recording into ${path}`);
    this.onCaptureCreated();
  }

  async subscribeCommand(channel?: string): Promise<void> {
    const live = this.sessions.live;
    if (!live) return;
    const topic = channel ?? (await pickTopic(new Set(live.topics.map((t) => t.channel))));
    if (!topic) return;
    live.subscribe(topic);
    this.log.info(`subscribe ${topic}`);
  }

  async unsubscribeCommand(channel?: string): Promise<void> {
    const live = this.sessions.live;
    if (!live) return;
    const topic = channel ?? (await vscode.window.showQuickPick(live.topics.map((t) => ({ label: t.channel, description: `${t.count} messages` })), { title: 'Unsubscribe from' }))?.label;
    if (!topic) return;
    live.unsubscribe(topic);
    this.log.info(`unsubscribe ${topic}`);
  }

  /** The only action that changes the agent's state: explicit and confirmed. */
  async startContactCenterSession(): Promise<void> {
    const live = this.sessions.live;
    if (!live || live.state !== 'connected') return;
    const channels = await vscode.window.showQuickPick(['voice', 'chat', 'email', 'workitem'].map((c) => ({ label: c, picked: c === 'voice' })), { canPickMany: true, title: 'Start Contact Center Session: channels' });
    if (!channels?.length) return;
    const names = channels.map((c) => c.label);
    const ok = await vscode.window.showWarningMessage(
      `Start a contact center session for ${live.user ?? 'this user'} on ${live.label} (${names.join(', ')})? This changes the agent's state on the server.`,
      { modal: true },
      'Start Session',
    );
    if (ok !== 'Start Session') return;
    try {
      const result = (await live.connection.startContactCenterSession(names)) as { statusCode: number };
      const text = result.statusCode === 0 ? 'started' : result.statusCode === 7 ? 'partially started (some channels are unknown)' : `answered statusCode ${result.statusCode}`;
      this.log.info(`StartContactCenterSession ${names.join(',')}: ${text}`);
      void vscode.window.showInformationMessage(`Contact center session ${text}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Start Contact Center Session failed: ${err instanceof Error ? err.message : String(err)}`);
    }
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
    this.liveListeners.forEach((d) => d.dispose());
    void this.demo?.stop();
  }

  private async confirmReplace(name: string): Promise<boolean> {
    const live = this.sessions.live;
    if (!live || live.state === 'disconnected' || live.state === 'error') return true;
    const answer = await vscode.window.showWarningMessage(`Disconnect from ${live.label} and connect to ${name}?`, { modal: true }, 'Replace Connection');
    if (answer !== 'Replace Connection') return false;
    await live.stop();
    return true;
  }

  private async secretFor(server: ServerConfig): Promise<string | undefined> {
    // A server that came from workspace settings never gets a stored password sent to it untrusted.
    const stored = server.source === 'user' || vscode.workspace.isTrusted ? await this.credentials.get(server) : undefined;
    if (stored) return stored;
    const what = server.auth === 'basic' ? `Password for ${server.username} at ${server.name}` : server.auth === 'bearer' ? `Access token for ${server.name}` : `Session cookie for ${server.name} (name=value; name2=value2)`;
    return this.ask({ title: `Connect to ${server.name}`, prompt: what, password: true, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : 'Required') });
  }

  private watchLive(session: LiveSession, server: ServerConfig): void {
    this.liveListeners.forEach((d) => d.dispose());
    this.liveListeners.length = 0;
    this.liveListeners.push(
      session.connection.onDidLog(({ level, text }) => this.log[level](text)),
      session.connection.onDidChangeState(({ state, detail }) => this.log.info(`state ${state}${detail ? `: ${detail}` : ''}`)),
      session.connection.onDidFail(({ failure, fatal }) => {
        (fatal ? this.log.error.bind(this.log) : this.log.warn.bind(this.log))(`${failure.code}: ${failure.message}`);
        // Failures after the first handshake are reported here; those before it by connectTo.
        if (fatal && session.state !== 'connecting') void this.reportFailure(server, failure);
      }),
    );
  }

  private async reportFailure(server: ServerConfig, failure: ConnectionFailure, fixedSecret?: string): Promise<void> {
    const actions = ['Retry', 'Edit Server', 'Show Log'];
    if (failure.code === 'tls' && failure.certificate) actions.unshift('Trust this certificate…');
    const choice = await vscode.window.showErrorMessage(failure.message, ...actions);
    switch (choice) {
      case 'Retry':
        await this.connectTo(server, fixedSecret);
        return;
      case 'Edit Server':
        await vscode.commands.executeCommand('workbench.action.openSettingsJson');
        return;
      case 'Show Log':
        this.log.show();
        return;
      case 'Trust this certificate…':
        await this.trustCertificate(server, failure);
        return;
    }
  }

  private async trustCertificate(server: ServerConfig, failure: ConnectionFailure): Promise<void> {
    const cert = failure.certificate!;
    const answer = await vscode.window.showWarningMessage(
      `Trust this certificate for ${new URL(server.url).origin} only?`,
      { modal: true, detail: `Subject: ${cert.subject}\nIssuer: ${cert.issuer}\nValid: ${cert.validFrom} – ${cert.validTo}\nSHA-256: ${cert.fingerprint256}\n\nCompare the fingerprint with the one your GWS administrator gives you. Verification stays on: a different certificate will be refused.` },
      'Trust Certificate',
    );
    if (answer !== 'Trust Certificate') return;
    await this.pins.pin(server.url, cert);
    this.log.info(`pinned certificate ${cert.fingerprint256} for ${new URL(server.url).origin}`);
    await this.connectTo(server);
  }

  private async pruneCaptures(): Promise<void> {
    const keep = new Set(this.sessions.all.map((s) => s.journalPath));
    const removed = await this.captures.prune(this.maxCaptureBytes(), keep);
    if (removed.length) this.log.info(`removed ${removed.length} old capture(s) to stay under gwsNotifications.captures.maxTotalMB`);
    const free = await this.captures.freeBytes();
    if (free !== undefined && free < 512 * 1024 * 1024) {
      void vscode.window.showWarningMessage(`Only ${(free / 1024 / 1024).toFixed(0)} MB free where captures are stored (${this.captures.dir}). Capture stops with an error when the disk is full.`);
    }
  }
}

function toCredentials(server: ServerConfig, secret: string): GwsCredentials {
  switch (server.auth) {
    case 'bearer':
      return { type: 'bearer', token: secret };
    case 'cookie':
      return { type: 'cookie', cookie: secret };
    default:
      return { type: 'basic', user: server.username ?? '', password: secret };
  }
}
