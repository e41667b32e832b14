import type { CometdSessionListener } from './cometdSession';
import { ConnectionError, type ConnectionFailure } from './connectionErrors';
import { GwsCredentials, GwsSession, login } from './gwsAuth';
import { toFailure, type Refusal } from './transportFailures';

/**
 * Login and re-login. The first login retries an unreachable server with backoff. Later, when
 * the server refuses the session (restart, expiry, lost cookie or CSRF token), the session logs
 * in again once; a fresh login counts until a long poll succeeds, so a refusal never loops.
 */

/** What the login needs of the session it logs in for. */
export interface LoginHost {
  /** Whether the session was stopped: nothing more is tried. */
  stopped(): boolean;
  /** Reports the session as reconnecting, with why. */
  reconnecting(detail: string): void;
  /** Ends the session with a fatal failure. */
  fail(failure: ConnectionFailure): void;
}

/** Wait before retry `attempt` (0-based) of the first login: doubling from 1 s, at most 30 s. */
export function loginRetryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

/** How long a re-login waits before it tries an unreachable server again. */
export const RELOGIN_RETRY_MS = 5000;

/**
 * Whether a refusal is worth a fresh login: undefined when it is, else the failure to report
 * because a fresh login was already tried (or is under way) and the server still refuses.
 */
export function refusalVerdict(refused: Refusal, alreadyRelogged: boolean): ConnectionFailure | undefined {
  if (!alreadyRelogged) return undefined;
  const { what, httpCode, csrf } = refused;
  const httpStatus = httpCode || undefined;
  if (csrf) {
    return { code: 'forbidden', message: `GWS refused the notification requests (${what}) even after a fresh login: the session cookie or CSRF token is lost on the way or not accepted (a proxy dropping cookies or the X-CSRF-TOKEN header?).`, retryable: false, httpStatus };
  }
  const code = httpCode === 401 ? 'handshake-unauthorized' : 'handshake-denied';
  return { code, message: `GWS denied the CometD handshake (${what}) even after a fresh login: the user may lack notification rights, or GWS requires a header the debugger does not send.`, retryable: false, httpStatus };
}

export class SessionLogin {
  private gws: GwsSession | undefined;
  private reloginInFlight = false;
  private reloggedSinceSuccess = false;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: GwsCredentials,
    private readonly listener: Pick<CometdSessionListener, 'event' | 'failure' | 'log'>,
    private readonly host: LoginHost,
  ) {}

  /** The current GWS session (cookies, CSRF header, user), once logged in. */
  get session(): GwsSession | undefined {
    return this.gws;
  }

  /** The logged-in user's name as GWS reports it, if known. */
  get userName(): string | undefined {
    const u = this.gws?.user;
    const name = u && (u.userName ?? u.employeeId ?? u.id);
    return typeof name === 'string' ? name : undefined;
  }

  /** Secret values to mask in anything the process prints: the credentials and what the session holds. */
  secrets(): string[] {
    const creds = this.credentials;
    const given = creds.type === 'basic' ? [creds.password] : creds.type === 'bearer' ? [creds.token] : [creds.cookie];
    return [...given, ...(this.gws?.secrets() ?? [])].filter((s) => s.length >= 4);
  }

  /** The first login: an unreachable server is retried `retries` times with backoff, anything else fails at once. */
  async first(retries: number): Promise<GwsSession> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.gws = await login(this.baseUrl, this.credentials);
        return this.gws;
      } catch (err) {
        const failure = toFailure(err, this.baseUrl);
        if (!failure.retryable || attempt >= retries || this.host.stopped()) throw new ConnectionError(failure);
        const delay = loginRetryDelay(attempt);
        this.listener.failure(failure, false);
        this.host.reconnecting(`${failure.message} Retrying in ${Math.round(delay / 1000)} s.`);
        await sleep(delay);
      }
    }
  }

  /** A long poll succeeded on the current session: a later refusal may log in again. */
  pollSucceeded(): void {
    this.reloggedSinceSuccess = false;
  }

  /** The failure to end with when a refusal comes after a fresh login, else undefined (log in again). */
  verdict(refused: Refusal): ConnectionFailure | undefined {
    return refusalVerdict(refused, this.reloggedSinceSuccess || this.reloginInFlight);
  }

  /**
   * Logs in again after a refusal. `loggedIn` gets the new session (not called once stopped);
   * while the server is unreachable, `retry` is called after RELOGIN_RETRY_MS to start over.
   */
  relogin(refused: Refusal, then: { loggedIn(session: GwsSession): void; retry(): void }): void {
    const { what } = refused;
    this.reloginInFlight = true;
    this.host.reconnecting(`session expired (${what}); logging in again`);
    this.listener.log('info', `session refused (${what}); logging in again once`);
    login(this.baseUrl, this.credentials).then(
      (session) => {
        this.reloginInFlight = false;
        this.reloggedSinceSuccess = true;
        if (this.host.stopped()) return;
        this.gws = session;
        this.listener.event('login', undefined, 'logged in again after the session expired');
        then.loggedIn(session);
      },
      (err: unknown) => {
        this.reloginInFlight = false;
        const failure = toFailure(err, this.baseUrl);
        if (failure.retryable && !this.host.stopped()) {
          // The server is still away: keep trying the login with backoff, visibly.
          this.host.reconnecting(`${failure.message} Retrying in ${RELOGIN_RETRY_MS / 1000} s.`);
          this.listener.failure(failure, false);
          setTimeout(() => !this.host.stopped() && then.retry(), RELOGIN_RETRY_MS).unref();
          return;
        }
        this.host.fail({ ...failure, message: `Logging in again after the session expired failed: ${failure.message}` });
      },
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
