import { adapt } from 'cometd-nodejs-client';
import { CometD, Message, SubscriptionHandle } from 'cometd';
import type { ConnectionEventName } from '../capture/records';
import { ConnectionError, ConnectionFailure } from './connectionErrors';
import { GwsCredentials, GwsSession, StateCollection, fetchCollection, login, publicUrl } from './gwsAuth';
import { createXhrClass } from './nodeXhr';
import { RawResponses } from './rawResponses';
import { describeTransportFailure, refusal, toFailure, type FailedMessage, type Refusal } from './transportFailures';

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
  /** Called once per delivered message, before any subscription callback. */
  /** `raw`, when given, is the exact UTF-8 text of `data` as received, one line, to journal as is. */
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

let adapted = false;
/** The response bodies the process's XHR class reports (one connection per process). */
const rawResponses = new RawResponses();

/**
 * One GWS CometD connection: login, handshake with the session cookies, (re)subscribe on every
 * handshake, re-login once when the server forgets the session, gap + REST snapshot after a
 * re-handshake. Runs in the connection process only: `adapt()` installs process-wide globals.
 */
export class CometdSession {
  private readonly desired = new Map<string, SubscriptionHandle | undefined>();
  private readonly notificationsUrl: string;
  private cometd: CometD | undefined;
  private gws: GwsSession | undefined;
  private stateNow: SessionState = 'disconnected';
  private everHandshaken = false;
  private lostAt: number | undefined;
  private lastConnectAt: number | undefined;
  private reloginInFlight = false;
  private reloggedSinceSuccess = false;
  private stopped = false;
  private firstHandshake: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(private readonly options: CometdSessionOptions, private readonly listener: CometdSessionListener) {
    this.notificationsUrl = `${publicUrl(options.baseUrl)}/api/v2/notifications`;
    for (const topic of options.topics) this.desired.set(topic, undefined);
  }

  get state(): SessionState {
    return this.stateNow;
  }

  /** The logged-in user's name as GWS reports it, if known. */
  get userName(): string | undefined {
    const u = this.gws?.user;
    const name = u && (u.userName ?? u.employeeId ?? u.id);
    return typeof name === 'string' ? name : undefined;
  }

  /** Secret values to mask in anything the process prints. */
  secrets(): string[] {
    const creds = this.options.credentials;
    const own = creds.type === 'basic' ? [creds.password] : creds.type === 'bearer' ? [creds.token] : [creds.cookie];
    return [...own, ...(this.gws?.secrets() ?? [])].filter((s) => s.length >= 4);
  }

  /** Logs in and handshakes; resolves on the first successful handshake, rejects on a fatal failure. */
  async start(): Promise<void> {
    this.setState('connecting', `logging in to ${publicUrl(this.options.baseUrl)}`);
    this.gws = await this.loginWithRetry();
    this.listener.event('login', undefined, `logged in as ${this.userName ?? '(unknown user)'}`);
    const cometd = this.createClient();
    this.cometd = cometd;
    await new Promise<void>((resolve, reject) => {
      this.firstHandshake = { resolve, reject };
      cometd.handshake();
    });
  }

  /** Adds a subscription; it survives re-handshakes. */
  subscribe(channel: string): void {
    if (this.desired.has(channel)) return;
    this.desired.set(channel, undefined);
    if (this.cometd && this.everHandshaken && !this.cometd.isDisconnected()) this.subscribeOne(this.cometd, channel);
  }

  /** Removes a subscription. */
  unsubscribe(channel: string): void {
    if (!this.desired.has(channel)) return;
    const handle = this.desired.get(channel);
    this.desired.delete(channel);
    if (handle && this.cometd && !this.cometd.isDisconnected()) {
      this.cometd.unsubscribe(handle, (reply) => {
        if (reply.successful) this.listener.event('unsubscribed', channel);
        else this.listener.log('warn', `unsubscribe from ${channel} failed: ${reply.error ?? 'unknown error'}`);
      });
    } else {
      this.listener.event('unsubscribed', channel);
    }
  }

  /** The subscriptions the user asked for. */
  get topics(): string[] {
    return [...this.desired.keys()];
  }

  /** The GWS session, for the explicit Start Contact Center Session command. */
  get gwsSession(): GwsSession | undefined {
    return this.gws;
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

  private async loginWithRetry(): Promise<GwsSession> {
    const retries = this.options.initialRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await login(this.options.baseUrl, this.options.credentials);
      } catch (err) {
        const failure = toFailure(err, this.options.baseUrl);
        if (!failure.retryable || attempt >= retries || this.stopped) throw new ConnectionError(failure);
        const delay = Math.min(30_000, 1000 * 2 ** attempt);
        this.listener.failure(failure, false);
        this.setState('reconnecting', `${failure.message} Retrying in ${Math.round(delay / 1000)} s.`);
        await sleep(delay);
      }
    }
  }

  private createClient(): CometD {
    if (!adapted) {
      adapt(this.options.httpProxy ? { httpProxy: { uri: this.options.httpProxy } } : undefined);
      // adapt()'s XHR corrupts UTF-8 split across reads (see nodeXhr.ts): use ours for the transport.
      (globalThis as unknown as { window: { XMLHttpRequest: unknown } }).window.XMLHttpRequest = createXhrClass({ httpProxy: this.options.httpProxy, bodies: rawResponses });
      adapted = true;
    }
    const cometd = new CometD();
    cometd.unregisterTransport('callback-polling');
    if (!this.options.allowWebSocket) cometd.unregisterTransport('websocket');
    cometd.configure({
      url: this.notificationsUrl,
      logLevel: 'warn',
      useWorkerScheduler: false,
      requestHeaders: this.gws!.postHeaders(),
      backoffIncrement: 1000,
      maxBackoff: this.options.maxBackoffMs ?? 10_000,
      maxNetworkDelay: 15_000,
    });
    cometd.registerExtension('gwsRecorder', {
      // Extensions see every inbound message exactly once, before listeners and subscriptions:
      // the place to journal, whatever overlapping subscriptions then do with it.
      incoming: (message: Message) => {
        if (message.channel.startsWith('/meta/')) {
          rawResponses.skip();
        } else {
          const hasData = Object.prototype.hasOwnProperty.call(message, 'data');
          const raw = hasData ? rawResponses.take(message.channel) : (rawResponses.skip(), undefined);
          this.listener.message(message.channel, message.data, Date.now(), hasData, raw);
        }
        return message;
      },
      outgoing: (message: Message) => {
        if (message.channel === '/meta/connect') this.listener.polling?.();
        return message;
      },
    });
    cometd.addListener('/meta/handshake', (m) => this.onHandshake(cometd, m));
    cometd.addListener('/meta/connect', (m) => this.onConnect(m));
    return cometd;
  }

  private onHandshake(cometd: CometD, m: Message): void {
    if (this.stopped) return;
    if (m.successful) {
      const reestablished = this.everHandshaken;
      this.everHandshaken = true;
      if (!reestablished) this.lostAt = undefined;
      this.listener.event('handshake', undefined, `clientId ${m.clientId ?? '?'}${reestablished ? ' (re-handshake)' : ''}`);
      cometd.clearSubscriptions();
      cometd.batch(() => {
        for (const channel of this.desired.keys()) this.subscribeOne(cometd, channel);
      });
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
    this.markLost();
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
   * The server no longer accepts the session (restart, expiry, lost cookie or CSRF token) on a
   * handshake or a long poll. The cometd client would retry an HTTP 401/403 forever: stop it, log
   * in again once, and report if that does not help (a fresh login counts until a poll succeeds).
   */
  private onSessionRefused(cometd: CometD, refused: Refusal): void {
    cometd.disconnect();
    const { what, httpCode, csrf } = refused;
    if (this.reloggedSinceSuccess || this.reloginInFlight) {
      if (csrf) {
        this.fail({ code: 'forbidden', message: `GWS refused the notification requests (${what}) even after a fresh login: the session cookie or CSRF token is lost on the way or not accepted (a proxy dropping cookies or the X-CSRF-TOKEN header?).`, retryable: false, httpStatus: httpCode || undefined });
        return;
      }
      const code = httpCode === 401 ? 'handshake-unauthorized' : 'handshake-denied';
      this.fail({ code, message: `GWS denied the CometD handshake (${what}) even after a fresh login: the user may lack notification rights, or GWS requires a header the debugger does not send.`, retryable: false, httpStatus: httpCode || undefined });
      return;
    }
    this.markLost();
    this.reloginInFlight = true;
    this.setState('reconnecting', `session expired (${what}); logging in again`);
    this.listener.log('info', `session refused (${what}); logging in again once`);
    login(this.options.baseUrl, this.options.credentials).then(
      (session) => {
        this.reloginInFlight = false;
        this.reloggedSinceSuccess = true;
        if (this.stopped) return;
        this.gws = session;
        this.listener.event('login', undefined, 'logged in again after the session expired');
        cometd.configure({ url: this.notificationsUrl, requestHeaders: session.postHeaders() });
        cometd.handshake();
      },
      (err: unknown) => {
        this.reloginInFlight = false;
        const failure = toFailure(err, this.options.baseUrl);
        if (failure.retryable && !this.stopped) {
          // The server is still away: keep trying the login with backoff, visibly.
          this.setState('reconnecting', `${failure.message} Retrying in 5 s.`);
          this.listener.failure(failure, false);
          setTimeout(() => !this.stopped && this.onSessionRefused(cometd, refused), 5000).unref();
          return;
        }
        this.fail({ ...failure, message: `Logging in again after the session expired failed: ${failure.message}` });
      },
    );
  }

  private onConnect(m: Message): void {
    if (this.stopped) return;
    if (m.successful) {
      this.lastConnectAt = Date.now();
      this.reloggedSinceSuccess = false;
      if (this.stateNow !== 'connected') {
        // Back on the same session after failed polls: a response lost on the way took its messages.
        if (this.lostAt !== undefined) this.listener.gap(this.lostAt, this.lastConnectAt, 'long poll failed; the session survived, but messages in a lost response may be missing');
        this.lostAt = undefined;
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
      this.markLost();
      const detail = (m.error ?? '').startsWith('402::')
        ? `GWS no longer knows this session (${m.error}); handshaking again.`
        : m.error ?? describeTransportFailure(failure?.reason, this.notificationsUrl).message;
      this.setState('reconnecting', detail);
      this.listener.event('reconnecting', undefined, detail);
    }
  }

  /** The outage starts at the last poll answered: anything sent after it may be lost. */
  private markLost(): void {
    this.lostAt ??= this.lastConnectAt ?? Date.now();
  }

  /** After a re-handshake: record the outage, then re-read the state GWS holds. */
  private onReestablished(): void {
    const now = Date.now();
    const from = this.lostAt ?? this.lastConnectAt ?? now;
    this.listener.gap(from, now, 're-handshake: the server lost the session; messages in this window may be missing');
    this.lostAt = undefined;
    void this.fetchSnapshot();
  }

  private async fetchSnapshot(): Promise<void> {
    const collections: Partial<Record<StateCollection, unknown[]>> = {};
    const failed: Record<string, string> = {};
    for (const name of ['calls', 'devices', 'chats'] as const) {
      try {
        collections[name] = await fetchCollection(this.gws!, name);
      } catch (err) {
        failed[name] = err instanceof Error ? err.message : String(err);
      }
    }
    if (!this.stopped) this.listener.snapshot(collections, failed, Date.now());
  }

  private subscribeOne(cometd: CometD, channel: string): void {
    const handle = cometd.subscribe(
      channel,
      () => this.listener.matched(channel),
      (reply) => {
        if (reply.successful) {
          this.listener.event('subscribed', channel);
          return;
        }
        this.desired.delete(channel);
        this.listener.failure({ code: 'subscribe-denied', message: `GWS refused the subscription to ${channel}: ${reply.error ?? 'no reason given'}. GWS accepts topics under /v2/me/.`, retryable: false }, false);
      },
    );
    if (this.desired.has(channel)) this.desired.set(channel, handle);
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
