/** Public shape of the GWS simulator: what the CLI, the demo and the tests configure and get back. */

export type ScenarioName = 'demo' | 'load' | 'faults' | 'team' | 'none' | 'replay';

export interface SimulatorUser {
  user: string;
  password: string;
}

export interface SimulatorOptions {
  /** 0 picks a free port. Default 8090. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  scenario?: ScenarioName;
  /** Seed for every random choice a scenario makes. Default 1. */
  seed?: number;
  /** Time scale for scripted scenarios: 1 is real time, 10 ten times faster, 0 as fast as possible. */
  speed?: number;
  /** `load`: messages per second, 0 as fast as possible. */
  rate?: number;
  /** `load`: total messages per user session, then the scenario ends. 0 means unbounded. */
  count?: number;
  /** `load`: number of distinct resources the messages are spread over. */
  resources?: number;
  /** Restart a finished scenario from the start. */
  loop?: boolean;
  /**
   * `replay`: the NDJSON capture each user replays from its first subscription, keeping the
   * recorded timing (scaled by `speed`). Setting it makes `replay` the default scenario.
   */
  replay?: { file: string };
  /** Accounts accepted by Basic auth. Default agent1, agent2 and supervisor1, each with password `secret`. */
  users?: SimulatorUser[];
  /** Bearer tokens accepted by `GET /api/v2/me`, token -> user name. Default: `token-<user>` for every user. */
  tokens?: Record<string, string>;
  /** Require the CSRF header on CometD POSTs too. */
  csrfNotifications?: boolean;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /**
   * Accounts that log in over REST but whose CometD handshakes are always denied
   * (`403::handshake_denied`), like a GWS user without notification rights.
   */
  denyHandshakeUsers?: string[];
  /** Print one line per request on stderr. */
  verbose?: boolean;
}

/** Per-user progress of the scripted scenario, as `GET /sim/status` reports it. */
export interface ScenarioStatus {
  user: string;
  scenario: ScenarioName;
  started: boolean;
  done: boolean;
  /** Messages delivered to sessions so far (each message once, however many sessions got it). */
  delivered: number;
}

export interface SimulatorStatus {
  sessions: number;
  scenarios: ScenarioStatus[];
}

export interface SimulatorHandle {
  /** Base URL, e.g. http://127.0.0.1:8090 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  status(): SimulatorStatus;
  close(): Promise<void>;
}
