import { resolve } from 'node:path';
import { ConnectionError } from '../connection/connectionErrors';
import { ConnectionHost } from '../connection/connectionHost';
import type { GwsCredentials } from '../connection/gwsAuth';
import { publicUrl } from '../connection/gwsAuth';
import { DEFAULT_TOPICS, isValidChannelName } from '../model/gwsTypes';
import { ResourceTracker } from '../tracker/resourceTracker';
import { formatSummaryTable, summarize } from '../tracker/summary';
import { bundlePath } from '../util/bundles';
import { LiveView } from './liveView';
import { promptPassword } from './prompt';

export interface RecordOptions {
  url: string;
  user?: string;
  auth: 'basic' | 'bearer' | 'cookie';
  passwordEnv?: string;
  tokenEnv?: string;
  cookieEnv?: string;
  topics?: string;
  out?: string;
  duration?: number;
  count?: number;
  ca?: string;
  proxy?: string;
  /** Print one line per record, not only the status line. */
  lines?: boolean;
  /** Print the summary table at the end. */
  summary?: boolean;
  version: string;
}

/** Exit codes: 0 clean stop, 2 bad arguments, 3 login/auth, 4 network/TLS, 1 anything else. */
function exitCodeFor(err: unknown): number {
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

/** The credentials the connection options name (environment variables, or the terminal for a password). */
export async function credentialsFrom(o: Pick<RecordOptions, 'auth' | 'user' | 'url' | 'passwordEnv' | 'tokenEnv' | 'cookieEnv'>): Promise<GwsCredentials> {
  const fromEnv = (name: string | undefined, what: string): string => {
    if (!name) throw new UsageError(`--auth ${o.auth} needs ${what}`);
    const value = process.env[name];
    if (!value) throw new UsageError(`environment variable ${name} is not set`);
    return value;
  };
  switch (o.auth) {
    case 'bearer':
      return { type: 'bearer', token: fromEnv(o.tokenEnv, '--token-env VAR') };
    case 'cookie':
      return { type: 'cookie', cookie: fromEnv(o.cookieEnv, '--cookie-env VAR') };
    case 'basic': {
      if (!o.user) throw new UsageError('--user is required with basic auth');
      const password = o.passwordEnv ? fromEnv(o.passwordEnv, '--password-env VAR') : await promptPassword(`Password for ${o.user} at ${publicUrl(o.url)}: `);
      return { type: 'basic', user: o.user, password };
    }
  }
}

/** A mistake in the command line: reported with exit code 2. */
export class UsageError extends Error {}

function parseTopics(text: string | undefined): string[] {
  const topics = text ? text.split(',').map((t) => t.trim()).filter(Boolean) : [...DEFAULT_TOPICS];
  for (const t of topics) if (!isValidChannelName(t)) throw new UsageError(`not a valid Bayeux channel name: ${t}`);
  return topics;
}

/**
 * `gws-notify record`: connects through a connection process, journals to --out, tracks resources
 * and shows a live status line until Ctrl-C, --duration or --count. Returns the exit code.
 */
export async function runRecord(o: RecordOptions): Promise<number> {
  let host: ConnectionHost | undefined;
  try {
    try {
      new URL(o.url);
    } catch {
      throw new UsageError(`not a URL: ${o.url}`);
    }
    const topics = parseTopics(o.topics);
    const credentials = await credentialsFrom(o);
    const out = resolve(o.out ?? `gws-capture-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`);
    const tracker = new ResourceTracker();
    const view = new LiveView(tracker, process.stderr, Boolean(o.lines));
    host = new ConnectionHost({
      processScript: bundlePath('connection'),
      baseUrl: o.url,
      credentials,
      topics,
      journalPath: out,
      userLabel: o.user ?? null,
      httpProxy: o.proxy ?? process.env.HTTPS_PROXY ?? process.env.HTTP_PROXY,
      caFile: o.ca ? resolve(o.ca) : undefined,
      initialRetries: 0,
      toolVersion: o.version,
    });
    const h = host;
    let stopReason: string | undefined;
    const done = new Promise<void>((resolveDone) => {
      const stop = (reason: string): void => {
        if (stopReason) return;
        stopReason = reason;
        resolveDone();
      };
      h.onDidIndex(({ entries }) => {
        tracker.ingestBatch(entries);
        view.show(entries);
        if (o.count !== undefined && tracker.messageCount >= o.count) stop(`${o.count} messages`);
      });
      h.onDidChangeState(({ state, detail }) => view.setState(state, detail));
      h.onDidLog(({ level, text }) => level !== 'info' && !process.stderr.isTTY && process.stderr.write(`${level}: ${text}\n`));
      process.once('SIGINT', () => stop('interrupted'));
      process.once('SIGTERM', () => stop('terminated'));
      if (o.duration !== undefined) setTimeout(() => stop(`${o.duration} s`), o.duration * 1000).unref();
    });
    const fatal = new Promise<never>((_, reject) => {
      h.onDidFail(({ failure, fatal: isFatal }) => {
        if (isFatal) reject(new ConnectionError(failure));
        else if (!process.stderr.isTTY) process.stderr.write(`warning: ${failure.message}\n`);
      });
    });
    await Promise.race([h.ready, fatal]);
    view.start();
    await Promise.race([done, fatal]);
    await h.stop();
    view.stop();
    const summary = summarize(tracker);
    if (o.summary) process.stderr.write(`${formatSummaryTable(summary)}\n`);
    process.stderr.write(`recorded ${summary.messages} messages (${summary.malformed} malformed) to ${out} [${stopReason}]\n`);
    return 0;
  } catch (err) {
    await host?.stop().catch(() => undefined);
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitCodeFor(err);
  }
}
