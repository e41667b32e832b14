import { resolve } from 'node:path';
import { ConnectionError } from '../connection/connectionErrors';
import { ConnectionHost } from '../connection/connectionHost';
import type { IndexEntry } from '../indexing/indexEntry';
import { correlate, DEFAULT_WINDOW_MS, type OperationOutcome } from '../operations/correlate';
import { OperationInputError, buildRequest, parseBody, parseTarget, type OperationRequest } from '../operations/operationRequest';
import { outcomeJson, outcomeLine } from '../operations/outcomeText';
import { ResourceTracker } from '../tracker/resourceTracker';
import { bundlePath } from '../util/bundles';
import { credentialsFrom, UsageError, type RecordOptions } from './recordCommand';

/** `gws-notify op` options: record's connection options plus the operation's. */
export interface OpOptions extends Omit<RecordOptions, 'topics' | 'duration' | 'count' | 'lines' | 'summary'> {
  /** The correlation window in seconds (default 5). */
  timeout?: number;
  json?: boolean;
  body?: string;
}

/** Exit codes: 0 effect, 3 no-effect, 2 every error (refused, bad arguments, login, network, TLS). */
export const OP_EXIT = { effect: 0, noEffect: 3, error: 2 } as const;

/** What each target needs subscribed to see its effects and errors. */
function topicsFor(request: OperationRequest): string[] {
  return request.target.kind === 'chat' ? ['/v2/me/chats'] : ['/v2/me/calls', '/v2/me/devices'];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `gws-notify op`: logs in, subscribes to what the target needs, sends one operation, waits for
 * its outcome and journals everything to --out. Never asks for confirmation. Returns the exit code.
 */
export async function runOp(targetText: string, operation: string, o: OpOptions): Promise<number> {
  let host: ConnectionHost | undefined;
  try {
    const url = o.url;
    if (url === undefined) throw new UsageError('--url is required');
    let request: OperationRequest;
    try {
      new URL(url);
      request = buildRequest(parseTarget(targetText), operation, o.body === undefined ? {} : parseBody(o.body));
    } catch (err) {
      throw new UsageError(err instanceof OperationInputError ? err.message : `not a URL: ${url}`);
    }
    const windowMs = o.timeout === undefined ? DEFAULT_WINDOW_MS : Math.round(o.timeout * 1000);
    const credentials = await credentialsFrom(o);
    const topics = topicsFor(request);
    const out = resolve(o.out ?? `gws-op-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`);
    const tracker = new ResourceTracker();
    host = new ConnectionHost({
      processScript: bundlePath('connection'), baseUrl: url, credentials, topics, journalPath: out, userLabel: o.user ?? null,
      httpProxy: o.proxy ?? process.env.HTTPS_PROXY ?? process.env.HTTP_PROXY, caFile: o.ca ? resolve(o.ca) : undefined,
      initialRetries: 0, toolVersion: o.version,
    });
    const h = host;
    let subscribed = 0;
    h.onDidIndex(({ entries }: { entries: IndexEntry[] }) => {
      tracker.ingestBatch(entries);
      for (const e of entries) if (e.rec === 'event' && e.event === 'subscribed') subscribed += 1;
    });
    const fatal = new Promise<never>((_, reject) => h.onDidFail(({ failure, fatal: isFatal }) => isFatal && reject(new ConnectionError(failure))));
    await Promise.race([h.ready, fatal]);
    // The effect may come within milliseconds of the answer: send only once every topic is subscribed.
    for (const end = Date.now() + 10_000; subscribed < topics.length && Date.now() < end; ) await Promise.race([sleep(20), fatal]);
    const reply = await Promise.race([h.sendOperation(request, { timeoutMs: Math.max(15_000, windowMs) }), fatal]);
    const outcome = await Promise.race([waitForOutcome(h, tracker, reply.requestSeq, windowMs), fatal]);
    await h.stop();
    process.stdout.write(o.json ? `${JSON.stringify(outcomeJson(outcome))}\n` : `${outcomeLine(outcome, windowMs)}\n`);
    return outcome.outcome === 'effect' ? OP_EXIT.effect : outcome.outcome === 'no-effect' ? OP_EXIT.noEffect : OP_EXIT.error;
  } catch (err) {
    await host?.stop().catch(() => undefined);
    // Login, network and TLS failures read exactly as `record` words them.
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return OP_EXIT.error;
  }
}

/** Polls the live correlation until the outcome is known or the window has closed (then flushes once more). */
async function waitForOutcome(h: ConnectionHost, tracker: ResourceTracker, requestSeq: number, windowMs: number): Promise<OperationOutcome> {
  const find = (now?: number): OperationOutcome | undefined => correlate(tracker, { windowMs, now }).find((x) => x.requestSeq === requestSeq);
  for (;;) {
    const live = find(Date.now());
    if (live && live.outcome !== 'pending') {
      if (live.outcome !== 'no-effect') return live;
      // The window closed on the host's clock: take in whatever the connection process still holds.
      await h.flush();
      await sleep(60);
      return find(Date.now()) ?? live;
    }
    await sleep(25);
  }
}
