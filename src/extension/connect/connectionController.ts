import * as vscode from 'vscode';
import { join } from 'node:path';
import type { CaptureDirectory } from '../../capture/captureDirectory';
import { ConnectionError, ConnectionFailure } from '../../connection/connectionErrors';
import type { GwsCredentials } from '../../connection/gwsAuth';
import { publicUrl } from '../../connection/gwsAuth';
import { LiveSession } from '../../session/liveSession';
import type { GwsLog } from '../log';
import type { SessionManager } from '../sessionManager';
import { isActiveState } from '../sessionRules';
import type { CertificatePins } from '../servers/certificatePins';
import type { ConnectionSet } from '../servers/connectionSets';
import type { CredentialStore } from '../servers/credentialStore';
import { ServerConfig, serverKey } from '../servers/serverSettings';

/** A server to connect and, for the demo's users, the secret that needs no asking. */
export interface ConnectTarget {
  server: ServerConfig;
  fixedSecret?: string;
}

/**
 * Connecting: secrets, the connection process per session, progress, failures. Any number of
 * sessions run side by side; each fails alone and reports why on its own tree root.
 */
export class ConnectionController implements vscode.Disposable {
  private readonly listeners = new Map<LiveSession, vscode.Disposable[]>();
  private readonly sessionsWatch: vscode.Disposable;

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
  ) {
    // A closed or replaced session's listeners go with it.
    this.sessionsWatch = sessions.onDidChangeSessions(() => {
      for (const [session, list] of this.listeners) {
        if (sessions.live.includes(session)) continue;
        list.forEach((d) => d.dispose());
        this.listeners.delete(session);
      }
    });
  }

  /**
   * Connects to `server` in a session of its own. A stopped session of the same server and user is
   * replaced in place; while one is running, a second one is started only if the user says so.
   */
  async connectTo(server: ServerConfig, fixedSecret?: string): Promise<boolean> {
    const slot = await this.slotFor(server, true);
    if (slot === 'skip') return false;
    const secret = fixedSecret ?? (await this.secretFor(server));
    if (secret === undefined) return false;
    const session = await this.start(server, secret, slot);
    return this.settle(`Connecting to ${session.label}…`, [{ session, server, secret, fixedSecret }]).then((ok) => ok[0]);
  }

  /**
   * Connects every server of a set, each in its own session, each password from SecretStorage
   * (asked for, one after the other, only when none is stored). Those already running are kept.
   * Resolves to how many connected.
   */
  async connectSet(set: Pick<ConnectionSet, 'name' | 'problems'>, targets: readonly ConnectTarget[]): Promise<number> {
    for (const p of set.problems) this.log.warn(`connection set ${set.name}: ${p}`);
    if (set.problems.length) void vscode.window.showWarningMessage(`Connection set "${set.name}": ${set.problems.join('; ')}.`);
    const started: Array<{ session: LiveSession; server: ServerConfig; secret: string; fixedSecret?: string }> = [];
    for (const { server, fixedSecret } of targets) {
      const slot = await this.slotFor(server, false);
      if (slot === 'skip') {
        this.log.info(`connection set ${set.name}: ${server.name} (${server.username ?? 'token'}) is already connected`);
        continue;
      }
      const secret = fixedSecret ?? (await this.secretFor(server));
      if (secret === undefined) continue;
      started.push({ session: await this.start(server, secret, slot), server, secret, fixedSecret });
    }
    if (started.length === 0) return 0;
    const ok = await this.settle(`Connecting ${set.name} (${started.length} sessions)…`, started);
    return ok.filter(Boolean).length;
  }

  dispose(): void {
    this.sessionsWatch.dispose();
    for (const list of this.listeners.values()) list.forEach((d) => d.dispose());
    this.listeners.clear();
  }

  /** The stopped session to replace, undefined for a new one, or 'skip'. */
  private async slotFor(server: ServerConfig, askForSecond: boolean): Promise<LiveSession | undefined | 'skip'> {
    const key = slotKey(server);
    const same = this.sessions.live.filter((s) => this.serverOf.get(s) === key);
    const stopped = same.find((s) => !isActiveState(s.state));
    if (stopped || same.length === 0) return stopped;
    if (!askForSecond) return 'skip';
    const answer = await vscode.window.showWarningMessage(
      `${same[0].label} is already connected. Connect a second session for the same user?`,
      { modal: true, detail: 'Both sessions run side by side, each with its own connection and journal; the second is labelled #2.' },
      'Connect Another Session',
    );
    return answer === 'Connect Another Session' ? undefined : 'skip';
  }

  /** Sessions past their first handshake: their failures are reported as they come. */
  private readonly settled = new WeakSet<LiveSession>();
  /** Which server entry (name, origin and user) each session was started for. */
  private readonly serverOf = new WeakMap<LiveSession, string>();

  private async start(server: ServerConfig, secret: string, replacing: LiveSession | undefined): Promise<LiveSession> {
    await this.pruneCaptures();
    const label = this.sessions.labelFor(server.url, server.username, replacing);
    const journalPath = await this.captures.newJournalPath(label);
    const session = new LiveSession(server.name, {
      processScript: join(this.extensionPath, 'dist', 'connection.js'),
      baseUrl: server.url,
      credentials: toCredentials(server, secret),
      topics: server.topics,
      journalPath,
      userLabel: server.username ?? null,
      httpProxy: vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined,
      caFile: server.caFile,
      pinnedCertificatePem: this.pins.pemFor(server.url),
      initialRetries: 5,
      toolVersion: this.version,
    }, label);
    this.serverOf.set(session, slotKey(server));
    this.log.addSecrets([secret]);
    this.watch(session, server);
    this.sessions.addLive(session, replacing);
    this.onCaptureCreated();
    this.log.info(`[${label}] connecting to ${publicUrl(server.url)} as ${server.username ?? '(token)'}; journal ${journalPath}`);
    return session;
  }

  /** Waits for each session's first handshake under one progress notification; each fails alone. */
  private async settle(title: string, list: Array<{ session: LiveSession; server: ServerConfig; secret: string; fixedSecret?: string }>): Promise<boolean[]> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
      token.onCancellationRequested(() => list.forEach(({ session }) => void session.stop()));
      return Promise.all(list.map((item) => this.settleOne(item)));
    });
  }

  private async settleOne({ session, server, secret, fixedSecret }: { session: LiveSession; server: ServerConfig; secret: string; fixedSecret?: string }): Promise<boolean> {
    try {
      await session.ready;
      this.settled.add(session);
      await firstPoll(session);
    } catch (err) {
      const failure = err instanceof ConnectionError ? err.failure : { code: 'protocol' as const, message: String(err), retryable: false };
      await session.stop();
      if (failure.code === 'auth-failed' && !fixedSecret) await this.credentials.forget(serverKey(server));
      void this.reportFailure(session, server, failure, fixedSecret);
      return false;
    }
    if (!fixedSecret && server.source === 'user') await this.credentials.store(server, secret);
    this.log.info(`[${session.label}] connected to ${publicUrl(server.url)}; subscribed to ${server.topics.join(', ')}`);
    return true;
  }

  private async secretFor(server: ServerConfig): Promise<string | undefined> {
    // A server that came from workspace settings never gets a stored password sent to it untrusted.
    const stored = server.source === 'user' || vscode.workspace.isTrusted ? await this.credentials.get(server) : undefined;
    if (stored) return stored;
    const what = server.auth === 'basic' ? `Password for ${server.username} at ${server.name}` : server.auth === 'bearer' ? `Access token for ${server.name}` : `Session cookie for ${server.name} (name=value; name2=value2)`;
    return this.ask({ title: `Connect to ${server.name}`, prompt: what, password: true, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : 'Required') });
  }

  private watch(session: LiveSession, server: ServerConfig): void {
    const tag = (text: string): string => `[${session.label}] ${text}`;
    this.listeners.set(session, [
      session.connection.onDidLog(({ level, text }) => this.log[level](tag(text))),
      session.connection.onDidChangeState(({ state, detail }) => this.log.info(tag(`state ${state}${detail ? `: ${detail}` : ''}`))),
      session.connection.onDidFail(({ failure, fatal }) => {
        (fatal ? this.log.error.bind(this.log) : this.log.warn.bind(this.log))(tag(`${failure.code}: ${failure.message}`));
        // Failures after the first handshake are reported here; those before it by settleOne.
        if (fatal && this.settled.has(session)) void this.reportFailure(session, server, failure);
      }),
    ]);
  }

  private async reportFailure(session: LiveSession, server: ServerConfig, failure: ConnectionFailure, fixedSecret?: string): Promise<void> {
    const actions = ['Retry', 'Edit Server', 'Show Log'];
    if (failure.code === 'tls' && failure.certificate) actions.unshift('Trust this certificate…');
    const choice = await vscode.window.showErrorMessage(`${session.label}: ${failure.message}`, ...actions);
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

/**
 * Sessions of one saved entry replace each other when stopped; two entries for the same user (say, a
 * second tab) are two sessions side by side, the second labelled #2.
 */
function slotKey(server: ServerConfig): string {
  return `${server.name}|${serverKey(server)}`;
}

/**
 * `ready` is the first handshake; the session reads "connected" after the first long poll, a
 * moment later. Waits for that (or any other state) so that a caller sees the state it reports.
 */
function firstPoll(session: LiveSession, boundMs = 10_000): Promise<void> {
  if (session.state !== 'connecting') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = session.onDidChange((c) => c.state && session.state !== 'connecting' && done());
    const timer = setTimeout(done, boundMs);
  });
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
