/**
 * Entry of the connection process (dist/connection.js). The extension host or the CLI forks one
 * per connection: cometd-nodejs-client's adapt() installs a global `window` and rewrites
 * console.debug, which must never happen in the shared extension host. This process also owns
 * the journal and TLS trust (NODE_EXTRA_CA_CERTS is set by the host when it forks).
 */
import { ConnectionError } from './connectionErrors';
import { CometdSession } from './cometdSession';
import { describeHttpStatus } from './connectionErrors';
import type { GwsSession } from './gwsAuth';
import type { ChildToHost, ConnectionStartOptions, HostToChild, OperationReply } from './ipc';
import { sendOperation, type OperationResult, type OperationSendOptions } from './operationSender';
import { buildRequest, type OperationRequest } from '../operations/operationRequest';
import { Recorder } from './recorder';

let session: CometdSession | undefined;
let recorder: Recorder | undefined;

function send(message: ChildToHost): void {
  if (process.connected) process.send!(message);
}

function openRecorder(options: ConnectionStartOptions): Recorder {
  return new Recorder(
    {
      journalPath: options.journalPath,
      baseUrl: options.baseUrl,
      user: options.userLabel,
      topics: options.topics,
      toolVersion: options.toolVersion,
      flushIntervalMs: options.flushIntervalMs,
      batchIntervalMs: options.batchIntervalMs,
    },
    {
      index: (journalPath, batch, counts) => send({ type: 'index', journalPath, batch, counts }),
      state: (state, detail) => send({ type: 'state', state, detail }),
      failure: (failure, fatal) => {
        send({ type: 'failure', failure, fatal });
        // A journal that cannot be written ends the capture: never record into the void.
        if (fatal && failure.code === 'journal') void session?.stop();
      },
      log: (level, text) => send({ type: 'log', level, text }),
    },
  );
}

function start(options: ConnectionStartOptions): void {
  let rec: Recorder;
  try {
    rec = openRecorder(options);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    send({ type: 'failure', failure: { code: 'journal', message: `Cannot create the capture journal ${options.journalPath}: ${why}.`, retryable: false }, fatal: true });
    return;
  }
  recorder = rec;
  const s = new CometdSession(options, rec);
  session = s;
  rec.setSecrets(s.secrets());
  rec.event('connecting', undefined, options.baseUrl);
  s.start().then(
    () => {
      rec.setSecrets(s.secrets());
      send({ type: 'started', user: s.userName ?? null, journalPath: rec.journalPath });
    },
    (err: unknown) => {
      // Fatal failures were already reported through the listener; anything else is reported here.
      if (!(err instanceof ConnectionError)) send({ type: 'failure', failure: { code: 'protocol', message: String(err), retryable: false }, fatal: true });
      else if (s.state !== 'error') send({ type: 'failure', failure: err.failure, fatal: true });
      rec.flush();
    },
  );
}

async function handle(message: HostToChild): Promise<void> {
  switch (message.type) {
    case 'start':
      start(message.options);
      return;
    case 'subscribe':
      session?.subscribe(message.channel);
      return;
    case 'unsubscribe':
      session?.unsubscribe(message.channel);
      return;
    case 'flush':
      recorder?.flush();
      send({ type: 'reply', id: message.id, ok: true });
      return;
    case 'rotate':
      try {
        recorder?.rotate(message.journalPath, session?.topics ?? []);
        send({ type: 'reply', id: message.id, ok: true });
      } catch (err) {
        send({ type: 'reply', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
      return;
    case 'startContactCenterSession':
      // Journaled like every operation; the host still gets GWS's statusCode and body, or the HTTP error.
      await reply(message.id, buildRequest({ kind: 'me', id: '' }, 'StartContactCenterSession', { channels: message.channels }), {}, (r) => {
        if (r.error !== undefined) throw new Error(r.error);
        if (r.status !== 200) throw new Error(describeHttpStatus(r.status, `${gws()?.baseUrl ?? ''}/api/v2/me`, typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '')).message);
        return { statusCode: r.statusCode ?? -1, body: r.body };
      });
      return;
    case 'operation':
      await reply(message.id, message.request, { timeoutMs: message.timeoutMs, redact: message.redact }, (r): OperationReply => {
        const { body: _body, ...fields } = r;
        return fields;
      });
      return;
    case 'stop':
      await shutdown();
      return;
  }
}

function gws(): GwsSession | undefined {
  return session?.gwsSession;
}

/** Sends `request` through the logged-in session and replies with `shape` of the result, or the error. */
async function reply(id: number, request: OperationRequest, options: OperationSendOptions, shape: (r: OperationResult) => unknown): Promise<void> {
  const s = gws();
  if (!s || !recorder) {
    send({ type: 'reply', id, ok: false, error: 'not logged in' });
    return;
  }
  try {
    send({ type: 'reply', id, ok: true, result: shape(await sendOperation(s, recorder, request, options)) });
  } catch (err) {
    send({ type: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

let shuttingDown = false;
async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  try {
    await session?.stop();
  } finally {
    recorder?.close();
    send({ type: 'stopped' });
    // Let the IPC message drain before leaving.
    setTimeout(() => process.exit(0), 20);
  }
}

process.on('message', (message: HostToChild) => {
  handle(message).catch((err: unknown) => send({ type: 'log', level: 'error', text: `connection process: ${String(err)}` }));
});
// An orphaned connection process would keep polling forever: leave with the host.
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
process.on('exit', () => recorder?.close());
