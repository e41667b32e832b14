import { resolve } from 'node:path';
import type { GwsCredentials } from '../connection/gwsAuth';
import { publicUrl } from '../connection/gwsAuth';
import { DEFAULT_TOPICS, isValidChannelName } from '../model/gwsTypes';
import { ResourceTracker } from '../tracker/resourceTracker';
import { formatSummaryTable, summarize } from '../tracker/summary';
import { plural } from '../util/wording';
import { LiveView } from './liveView';
import { promptPassword } from './prompt';
import { runRecordConnections } from './recordConnections';
import { interruption, recordSession } from './recordSession';

export interface RecordOptions {
  /** Required unless `connections` names a connections file. */
  url?: string;
  /** A JSON file of connections to record at once, one capture each (./recordConnections.ts). */
  connections?: string;
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
      const password = o.passwordEnv ? fromEnv(o.passwordEnv, '--password-env VAR') : await promptPassword(`Password for ${o.user} at ${publicUrl(o.url ?? '')}: `);
      return { type: 'basic', user: o.user, password };
    }
  }
}

/** A mistake in the command line: reported with exit code 2. */
export class UsageError extends Error {}

export function parseTopics(text: string | undefined): string[] {
  const topics = text ? text.split(',').map((t) => t.trim()).filter(Boolean) : [...DEFAULT_TOPICS];
  for (const t of topics) if (!isValidChannelName(t)) throw new UsageError(`not a valid Bayeux channel name: ${t}`);
  return topics;
}

/**
 * `gws-notify record`: connects through a connection process, journals to --out, tracks resources
 * and shows a live status line until Ctrl-C, --duration or --count. With --connections, records
 * every connection of the file at once (./recordConnections.ts). Returns the exit code.
 */
export async function runRecord(o: RecordOptions): Promise<number> {
  if (o.connections !== undefined) return runRecordConnections(o.connections, o);
  try {
    try {
      new URL(o.url ?? '');
    } catch {
      throw new UsageError(o.url === undefined ? '--url or --connections is required' : `not a URL: ${o.url}`);
    }
    const topics = parseTopics(o.topics);
    const credentials = await credentialsFrom(o);
    const out = resolve(o.out ?? `gws-capture-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`);
    const tracker = new ResourceTracker();
    const view = new LiveView(tracker, process.stderr, Boolean(o.lines));
    const result = await recordSession(
      { url: o.url!, credentials, topics, out, user: o.user, ca: o.ca ? resolve(o.ca) : undefined, proxy: o.proxy, count: o.count, duration: o.duration, version: o.version },
      {
        interrupted: interruption(),
        onIndex: (batch) => view.show(batch.entries),
        onState: (state, detail) => view.setState(state, detail),
        warn: (text) => !process.stderr.isTTY && process.stderr.write(`${text}\n`),
        onReady: () => view.start(),
      },
      tracker,
    );
    if (result.error !== undefined) {
      process.stderr.write(`error: ${result.error}\n`);
      return result.code;
    }
    view.stop();
    const summary = summarize(tracker);
    // The count is said once, after every log line; the table is the command's result, on stdout.
    const counts = o.summary ? '' : `${plural(summary.messages, 'message')} (${summary.malformed} malformed) `;
    process.stderr.write(`recorded ${counts}to ${out} [${result.stopReason}]\n`);
    if (o.summary) process.stdout.write(`${formatSummaryTable(summary)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
