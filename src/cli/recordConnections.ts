import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { publicUrl } from '../connection/gwsAuth';
import { formatSummaryTable, summarize } from '../tracker/summary';
import { plural } from '../util/wording';
import { ConnectionsFileError, parseConnectionsFile, type ConnectionEntry } from './connectionsFile';
import type { RecordOptions } from './recordCommand';
import { parseTopics } from './recordCommand';
import { interruption, recordSession, type SessionResult } from './recordSession';

/**
 * `gws-notify record --connections FILE`: every connection of the file at once, one connection
 * process and one capture each. --count and --duration apply to each; a connection that fails
 * (wrong password, unreachable) fails alone while the others record. The exit code is the worst
 * connection's (the highest: 4 network, 3 login, 1 other, 0 clean).
 */

/** Options that name one connection, which the file replaces. */
const ONE_CONNECTION: ReadonlyArray<[keyof RecordOptions, string]> = [
  ['url', '--url'], ['user', '--user'], ['passwordEnv', '--password-env'], ['tokenEnv', '--token-env'],
  ['cookieEnv', '--cookie-env'], ['topics', '--topics'], ['out', '--out'], ['lines', '--lines'],
];

function usage(message: string): number {
  process.stderr.write(`error: ${message}\n`);
  return 2;
}

/** A connection's name on its output lines: user@host:port. */
function labelOf(c: ConnectionEntry): string {
  const url = new URL(publicUrl(c.url));
  return `${c.user}@${url.host}`;
}

export async function runRecordConnections(file: string, o: RecordOptions): Promise<number> {
  const clash = ONE_CONNECTION.filter(([key]) => o[key] !== undefined && o[key] !== false).map(([, flag]) => flag);
  if (clash.length > 0) return usage(`--connections replaces ${clash.join(', ')}: give them per connection in the file`);
  if (o.auth !== 'basic') return usage('--connections records with basic auth (user and passwordEnv per connection)');
  let connections: ConnectionEntry[];
  try {
    const base = dirname(resolve(file));
    connections = parseConnectionsFile(await readFile(file, 'utf8'), (a, b) => resolve(base, a) === resolve(base, b)).map((c) => ({ ...c, out: resolve(base, c.out) }));
  } catch (err) {
    if (err instanceof ConnectionsFileError) return usage(`${file}: ${err.message}`);
    return usage(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const unset = [...new Set(connections.map((c) => c.passwordEnv).filter((name) => !process.env[name]))];
  if (unset.length > 0) return usage(`environment variable${unset.length > 1 ? 's' : ''} ${unset.join(', ')} not set (named by passwordEnv in ${file})`);
  const interrupted = interruption();
  const labels = connections.map(labelOf);
  const say = (i: number, text: string): void => {
    process.stderr.write(`[${labels[i]}] ${text}\n`);
  };
  const results: SessionResult[] = await Promise.all(
    connections.map((c, i) =>
      recordSession(
        {
          url: c.url, user: c.user, out: c.out, topics: c.topics ?? parseTopics(undefined),
          credentials: { type: 'basic', user: c.user, password: process.env[c.passwordEnv] ?? '' },
          ca: o.ca ? resolve(o.ca) : undefined, proxy: o.proxy, count: o.count, duration: o.duration, version: o.version,
        },
        { interrupted, onState: (state, detail) => say(i, `[${state}]${detail ? ` ${detail}` : ''}`), warn: (text) => say(i, text) },
      ),
    ),
  );
  results.forEach((r, i) => {
    if (r.error !== undefined) return say(i, `error: ${r.error}`);
    const summary = summarize(r.tracker);
    if (o.summary) say(i, `\n${formatSummaryTable(summary)}`);
    say(i, `recorded ${plural(summary.messages, 'message')} (${summary.malformed} malformed) to ${connections[i].out} [${r.stopReason}]`);
  });
  return Math.max(...results.map((r) => r.code));
}
