import { ConnectionError } from '../connection/connectionErrors';
import { ConnectionHost, type IndexBatch } from '../connection/connectionHost';
import type { GwsCredentials } from '../connection/gwsAuth';
import { ResourceTracker } from '../tracker/resourceTracker';
import { bundlePath } from '../util/bundles';

/**
 * One recording: a connection process journaling to `out`, a tracker fed from its index batches,
 * until the interruption, --duration or --count. `gws-notify record` runs one; `record
 * --connections` runs several side by side, each failing alone.
 */

/** What to record and when to stop. */
export interface SessionSpec {
  url: string;
  credentials: GwsCredentials;
  topics: string[];
  /** Absolute path of the capture to write. */
  out: string;
  user?: string;
  ca?: string;
  proxy?: string;
  count?: number;
  duration?: number;
  version: string;
}

/** How a recording reports while it runs. */
export interface SessionHooks {
  /** Resolves, with the reason, when every recording must stop (Ctrl-C, SIGTERM). */
  interrupted: Promise<string>;
  /** Each index batch, after the tracker has ingested it. */
  onIndex?(batch: IndexBatch): void;
  onState?(state: string, detail: string | undefined): void;
  /** Non-fatal warnings and the connection's warn/error log lines. */
  warn(text: string): void;
  /** The connection is up and subscribed. */
  onReady?(): void;
}

/** How a recording ended: exit code 0 with the stop reason, or the code and message of its failure. */
export interface SessionResult {
  code: number;
  tracker: ResourceTracker;
  stopReason?: string;
  error?: string;
}

/** Exit codes: 0 clean stop, 3 login/auth, 4 network/TLS, 1 anything else (2, bad arguments, comes before). */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof ConnectionError)) return 1;
  switch (err.failure.code) {
    case 'auth-failed':
    case 'forbidden':
    case 'handshake-denied':
    case 'handshake-unauthorized':
      return 3;
    case 'unreachable':
    case 'tls':
      return 4;
    default:
      return 1;
  }
}

/** A promise of SIGINT or SIGTERM, whichever comes first, for every recording of one command. */
export function interruption(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('interrupted'));
    process.once('SIGTERM', () => resolve('terminated'));
  });
}

/** Records until a stop condition or a fatal failure; never throws. */
export async function recordSession(spec: SessionSpec, hooks: SessionHooks, tracker = new ResourceTracker()): Promise<SessionResult> {
  const host = new ConnectionHost({
    processScript: bundlePath('connection'),
    baseUrl: spec.url,
    credentials: spec.credentials,
    topics: spec.topics,
    journalPath: spec.out,
    userLabel: spec.user ?? null,
    httpProxy: spec.proxy ?? process.env.HTTPS_PROXY ?? process.env.HTTP_PROXY,
    caFile: spec.ca,
    initialRetries: 0,
    toolVersion: spec.version,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    let stopReason: string | undefined;
    const done = new Promise<void>((resolveDone) => {
      const stop = (reason: string): void => {
        if (stopReason) return;
        stopReason = reason;
        resolveDone();
      };
      host.onDidIndex((batch) => {
        tracker.ingestPacked(batch.packed);
        hooks.onIndex?.(batch);
        if (spec.count !== undefined && tracker.messageCount >= spec.count) stop('--count reached');
      });
      host.onDidChangeState(({ state, detail }) => hooks.onState?.(state, detail));
      host.onDidLog(({ level, text }) => level !== 'info' && !stopReason && hooks.warn(`${level}: ${text}`));
      void hooks.interrupted.then(stop);
      if (spec.duration !== undefined) timer = setTimeout(() => stop('--duration reached'), spec.duration * 1000).unref();
    });
    const fatal = new Promise<never>((_, reject) => {
      host.onDidFail(({ failure, fatal: isFatal }) => {
        if (isFatal) reject(new ConnectionError(failure));
        else hooks.warn(`warning: ${failure.message}`);
      });
    });
    await Promise.race([host.ready, fatal]);
    hooks.onReady?.();
    await Promise.race([done, fatal]);
    await host.stop();
    return { code: 0, tracker, stopReason };
  } catch (err) {
    await host.stop().catch(() => undefined);
    return { code: exitCodeFor(err), tracker, error: err instanceof Error ? err.message : String(err) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
