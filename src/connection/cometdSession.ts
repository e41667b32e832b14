import type { CometD, Message } from 'cometd';
import type { ConnectionEventName } from '../capture/records';
import { createCometdClient } from './cometdClient';
import { ConnectionError, ConnectionFailure } from './connectionErrors';
import { GapTracker, type Gap } from './gapTracker';
import { GwsCredentials, GwsSession, StateCollection, fetchCollection, publicUrl } from './gwsAuth';
import { SessionLogin } from './sessionLogin';
import { SubscriptionSet } from './subscriptionSet';
import { describeTransportFailure, refusal, type FailedMessage, type Refusal } from './transportFailures';

/** The connection's user-visible state. */
export type SessionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

export interface CometdSessionOptions {
  baseUrl: string;
  credentials: GwsCredentials;
  topics: string[];
  /** Proxy URL for every request (VS Code's http.proxy, or HTTPS_PROXY for the CLI). */
  httpProxy?: string;
  /** Use websocket when the server offers it; GWS 8.5 does not, so off by default. */
  allowWebSocket?: boolean;
  /** How many times an unreachable server is retried before the first login gives up. */
  initialRetries?: number;
  /** Upper bound of the reconnect backoff. */
  maxBackoffMs?: number;
}

/** What the session reports; the recorder journals and forwards it. */
export interface CometdSessionListener {
  /**
   * Called once per delivered message, before any subscription callback. `raw`, when given, is
   * the exact UTF-8 text of `data` as received, one line, to journal as is.
   */
  message(channel: string, data: unknown, receivedAt: number, hasData: boolean, raw?: Uint8Array): void;
  /** Called once per subscription whose pattern matched a delivered message. */
  matched(subscription: string): void;
  /** Called as each /meta/connect long poll goes out: the server now holds it, this process is free. */
  polling?(): void;
  event(name: ConnectionEventName, subject?: string, detail?: string): void;
  state(state: SessionState, detail?: string): void;
  gap(from: number, to: number, reason: string): void;
  snapshot(collections: Partial<Record<StateCollection, unknown[]>>, failed: Record<string, string>, at: number): void;
  failure(failure: ConnectionFailure, fatal: boolean): void;
  log(level: 'info' | 'warn' | 'error', text: string): void;
}

/**
 * One GWS CometD connection: login, handshake with the session cookies, (re)subscribe on every
 * handshake, re-login once when the server forgets the session, gap + REST snapshot after a
 * re-handshake. Runs in the connection process only: `adapt()` installs process-wide globals.
 * The seams live in their own files: sessionLogin.ts (login and re-login), subscriptionSet.ts
 * (what is subscribed across handshakes), gapTracker.ts (when messages may be missing), and
 * cometdClient.ts (the adapted client and the extension that journals every message).
 */
export class CometdSession {
  private readonly notificationsUrl: string;
  private readonly login: SessionLogin;
  private readonly subscriptions: SubscriptionSet;
  private readonly gaps = new GapTracker();
  private cometd: CometD | undefined;
  private stateNow: SessionState = 'disconnected';
  private everHandshaken = false;
  private stopped = false;
  private firstHandshake: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(private readonly options: CometdSessionOptions, private readonly listener: CometdSessionListener) {
    this.notificationsUrl = `${publicUrl(options.baseUrl)}/api/v2/notifications`;
    this.subscriptions = new SubscriptionSet(options.topics, listener);
    this.login = new SessionLogin(options.baseUrl, options.credentials, listener, {
      stopped: () => this.stopped,
      reconnecting: (detail) => this.setState('reconnecting', detail),
      fail: (failure) => this.fail(failure),
    });
  }

  get state(): SessionState {
    return this.stateNow;
  }

  /** The logged-in user's name as GWS reports it, if known. */
  get userName(): string | undefined {
    return this.login.userName;
  }

  /** Secret values to mask in anything the process prints. */
  secrets(): string[] {
    return this.login.secrets();
  }

  /** Logs in and handshakes; resolves on the first successful handshake, rejects on a fatal failure. */
  async start(): Promise<void> {
    this.setState('connecting', `logging in to ${publicUrl(this.options.baseUrl)}`);
    const gws = await this.login.first(this.options.initialRetries ?? 0);
    this.listener.event('login', undefined, `logged in as ${this.userName ?? '(unknown user)'}`);
    const { httpProxy, allowWebSocket, maxBackoffMs } = this.options;
    const cometd = createCometdClient({ url: this.notificationsUrl, requestHeaders: gws.postHeaders(), httpProxy, allowWebSocket, maxBackoffMs }, this.listener);
    cometd.addListener('/meta/handshake', (m) => this.onHandshake(cometd, m));
    cometd.addListener('/meta/connect', (m) => this.onConnect(m));
    this.cometd = cometd;
    await new Promise<void>((resolve, reject) => {
      this.firstHandshake = { resolve, reject };
      cometd.handshake();
    });
  }

  /** Adds a subscription; it survives re-handshakes. */
  subscribe(channel: string): void {
    this.subscriptions.add(channel, this.liveClient());
  }

  /** Removes a subscription. */
  unsubscribe(channel: string): void {
    this.subscriptions.remove(channel, this.liveClient());
  }

  /** The subscriptions the user asked for. */
  get topics(): string[] {
    return this.subscriptions.channels;
  }

  /** The GWS session, for the explicit Start Contact Center Session command. */
  get gwsSession(): GwsSession | undefined {
    return this.login.session;
  }

  /** Disconnects politely, without waiting more than `timeoutMs`. */
  async stop(timeoutMs = 2000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const cometd = this.cometd;
    if (cometd && !cometd.isDisconnected()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        cometd.disconnect(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.setState('disconnected');
    this.listener.event('closed');
  }

  /** The client, when a session is up that subscriptions can be sent on now. */
  private liveClient(): CometD | undefined {
    return this.cometd && this.everHandshaken && !this.cometd.isDisconnected() ? this.cometd : undefined;
  }

  private onHandshake(cometd: CometD, m: Message): void {
    if (this.stopped) return;
    if (m.successful) {
      const reestablished = this.everHandshaken;
      this.everHandshaken = true;
      if (!reestablished) this.gaps.firstHandshake();
      this.listener.event('handshake', undefined, `clientId ${m.clientId ?? '?'}${reestablished ? ' (re-handshake)' : ''}`);
      this.subscriptions.resubscribeAll(cometd);
      if (reestablished) this.onReestablished();
      this.firstHandshake?.resolve();
      this.firstHandshake = undefined;
      return;
    }
    const failure = (m as FailedMessage).failure;
    const httpCode = failure?.httpCode ?? 0;
    const denied = (m.error ?? '').startsWith('403::') || httpCode === 401 || httpCode === 403;
    if (denied) {
      this.onSessionRefused(cometd, refusal('/handshake', httpCode, m.error, failure));
      return;
    }
    this.gaps.markLost(Date.now());
    const reason = describeTransportFailure(failure?.reason ?? m.error, this.notificationsUrl);
    this.setState('reconnecting', `${reason.message} Retrying.`);
    if (!this.everHandshaken && !this.firstHandshakeRetryable(reason)) return;
    this.listener.failure(reason, false);
  }

  /** A first handshake that fails on the network is retried like the login; others fail fast. */
  private firstHandshakeRetryable(reason: ConnectionFailure): boolean {
    if (this.firstHandshake && (this.options.initialRetries ?? 0) === 0) {
      this.cometd?.disconnect();
      this.fail(reason);
      return false;
    }
    return true;
  }

  /**
   * The server no longer accepts the session on a handshake or a long poll. The cometd client
   * would retry an HTTP 401/403 forever: stop it, log in again once, and report if that does not help.
   */
  private onSessionRefused(cometd: CometD, refused: Refusal): void {
    cometd.disconnect();
    const givenUp = this.login.verdict(refused);
    if (givenUp) {
      this.fail(givenUp);
      return;
    }
    this.gaps.markLost(Date.now());
    this.login.relogin(refused, {
      loggedIn: (session) => {
        cometd.configure({ url: this.notificationsUrl, requestHeaders: session.postHeaders() });
        cometd.handshake();
      },
      retry: () => this.onSessionRefused(cometd, refused),
    });
  }

  private onConnect(m: Message): void {
    if (this.stopped) return;
    if (m.successful) {
      this.login.pollSucceeded();
      const gap = this.gaps.pollSucceeded(Date.now(), this.stateNow === 'connected');
      if (this.stateNow !== 'connected') {
        // Back on the same session after failed polls: a response lost on the way took its messages.
        if (gap) this.reportGap(gap);
        this.setState('connected');
        this.listener.event('connected');
      }
      return;
    }
    const failure = (m as FailedMessage).failure;
    const httpCode = failure?.httpCode ?? 0;
    if ((httpCode === 401 || httpCode === 403) && this.cometd) {
      this.onSessionRefused(this.cometd, refusal('/connect', httpCode, m.error, failure));
      return;
    }
    if (this.stateNow === 'connected') {
      this.gaps.markLost(Date.now());
      const detail = (m.error ?? '').startsWith('402::')
        ? `GWS no longer knows this session (${m.error}); handshaking again.`
        : m.error ?? describeTransportFailure(failure?.reason, this.notificationsUrl).message;
      this.setState('reconnecting', detail);
      this.listener.event('reconnecting', undefined, detail);
    }
  }

  /** After a re-handshake: record the outage, then re-read the state GWS holds. */
  private onReestablished(): void {
    this.reportGap(this.gaps.reestablished(Date.now()));
    void this.fetchSnapshot();
  }

  private reportGap(gap: Gap): void {
    this.listener.gap(gap.from, gap.to, gap.reason);
  }

  private async fetchSnapshot(): Promise<void> {
    const collections: Partial<Record<StateCollection, unknown[]>> = {};
    const failed: Record<string, string> = {};
    for (const name of ['calls', 'devices', 'chats'] as const) {
      try {
        collections[name] = await fetchCollection(this.login.session!, name);
      } catch (err) {
        failed[name] = err instanceof Error ? err.message : String(err);
      }
    }
    if (!this.stopped) this.listener.snapshot(collections, failed, Date.now());
  }

  private fail(failure: ConnectionFailure): void {
    this.setState('error', failure.message);
    this.listener.event('error', failure.code, failure.message);
    this.listener.failure(failure, true);
    if (this.firstHandshake) {
      this.firstHandshake.reject(new ConnectionError(failure));
      this.firstHandshake = undefined;
    }
  }

  private setState(state: SessionState, detail?: string): void {
    this.stateNow = state;
    this.listener.state(state, detail);
  }
}
