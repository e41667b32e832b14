import { ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexEntry } from '../indexing/indexEntry';
import { unpackIndex, type PackedIndex } from '../indexing/packedIndex';
import { Emitter } from '../util/emitter';
import { ConnectionError, ConnectionFailure } from './connectionErrors';
import type { SessionState } from './cometdSession';
import type { ChildToHost, ConnectionStartOptions, HostToChild, OperationReply } from './ipc';
import type { RedactOptions } from '../exchange/redaction';
import type { OperationRequest } from '../operations/operationRequest';

export interface ConnectionHostOptions extends ConnectionStartOptions {
  /** Path of the bundled connection process (dist/connection.js). */
  processScript: string;
  /** A CA bundle the user trusts for this server (PEM file). */
  caFile?: string;
  /** A certificate the user pinned for this server after seeing its fingerprint (PEM text). */
  pinnedCertificatePem?: string;
  /** Node flags for the connection process (default CONNECTION_PROCESS_FLAGS; diagnostics add e.g. --cpu-prof). */
  processExecArgv?: string[];
}

/**
 * Node flags of the connection process. A larger young generation: a long-poll response parses
 * into megabytes of short-lived objects, which the default 16 MB semi-space copies and promotes;
 * at 32 MB a burst costs markedly less GC, and V8 grows the space only under that pressure.
 */
export const CONNECTION_PROCESS_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** A batch of index entries plus the per-subscription message counts at that point. */
export interface IndexBatch {
  /** The entries in columnar form, as they crossed IPC: ResourceTracker.ingestPacked() takes them. */
  packed: PackedIndex;
  /** The same entries as objects, built on first read: handy, but an object per record. */
  readonly entries: IndexEntry[];
  counts: Record<string, number>;
}

/** An IndexBatch whose `entries` are unpacked lazily. */
function indexBatch(packed: PackedIndex, counts: Record<string, number>): IndexBatch {
  let entries: IndexEntry[] | undefined;
  return {
    packed,
    counts,
    get entries(): IndexEntry[] {
      return (entries ??= unpackIndex(packed));
    },
  };
}

/**
 * The host's handle on one connection process. It forks the process, passes the options (with
 * the secret) over IPC, and turns what the process reports into events. It never parses payloads.
 */
export class ConnectionHost {
  /** Set once forked: at once, or after the trust bundle is written (a pinned certificate). */
  private child: ChildProcess | undefined;
  /** Messages sent before the fork, delivered in order right after it. */
  private readonly unsent: HostToChild[] = [];
  /** Resolves once the process is forked, or has failed to start. */
  private readonly launched: Promise<void>;
  private readonly onStateEmitter = new Emitter<{ state: SessionState; detail?: string }>();
  private readonly onIndexEmitter = new Emitter<IndexBatch>();
  private readonly onFailureEmitter = new Emitter<{ failure: ConnectionFailure; fatal: boolean }>();
  private readonly onLogEmitter = new Emitter<{ level: 'info' | 'warn' | 'error'; text: string }>();
  private readonly onExitEmitter = new Emitter<{ code: number | null; signal: NodeJS.Signals | null }>();
  private readonly replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private trustDir: string | undefined;
  private exited = false;
  private journal: string;
  private stateNow: SessionState = 'connecting';
  private userName: string | null = null;
  /** Resolves when the first handshake succeeded; rejects with a ConnectionError on a fatal failure. */
  readonly ready: Promise<{ user: string | null }>;

  readonly onDidChangeState = this.onStateEmitter.event;
  readonly onDidIndex = this.onIndexEmitter.event;
  readonly onDidFail = this.onFailureEmitter.event;
  readonly onDidLog = this.onLogEmitter.event;
  readonly onDidExit = this.onExitEmitter.event;

  constructor(options: ConnectionHostOptions) {
    const { processScript, caFile, pinnedCertificatePem, processExecArgv, ...start } = options;
    this.journal = start.journalPath;
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Inside VS Code the host is Electron: run the child as plain Node, as language servers do.
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
    delete env.NODE_TLS_REJECT_UNAUTHORIZED;
    const launch = (trust: string | undefined): void => {
      if (trust) env.NODE_EXTRA_CA_CERTS = trust;
      else delete env.NODE_EXTRA_CA_CERTS;
      const child = fork(processScript, [], { execPath: process.execPath, env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: processExecArgv ?? [...CONNECTION_PROCESS_FLAGS] });
      this.child = child;
      child.on('message', (m: ChildToHost) => this.receive(m));
      child.on('exit', (code, signal) => this.onChildExit(code, signal));
      for (const m of this.unsent.splice(0)) this.send(m);
    };
    // The common case forks at once; joining a CA file and a pinned certificate needs file I/O, done asynchronously.
    if (!pinnedCertificatePem) {
      launch(caFile);
      this.launched = Promise.resolve();
    } else {
      this.launched = this.trustBundle(caFile, pinnedCertificatePem).then(launch, (err: unknown) => this.failToStart(caFile, err));
    }
    this.ready = new Promise((resolve, reject) => {
      const started = this.onDidStart((user) => {
        started.dispose();
        failed.dispose();
        resolve({ user });
      });
      const failed = this.onFailureEmitter.event(({ failure, fatal }) => {
        if (!fatal) return;
        started.dispose();
        failed.dispose();
        reject(new ConnectionError(failure));
      });
    });
    this.ready.catch(() => undefined);
    this.send({ type: 'start', options: start });
  }

  private readonly onStartEmitter = new Emitter<string | null>();
  private readonly onDidStart = this.onStartEmitter.event;

  /** The connection process's pid (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get state(): SessionState {
    return this.stateNow;
  }

  get user(): string | null {
    return this.userName;
  }

  get isRunning(): boolean {
    return !this.exited;
  }

  subscribe(channel: string): void {
    this.send({ type: 'subscribe', channel });
  }

  unsubscribe(channel: string): void {
    this.send({ type: 'unsubscribe', channel });
  }

  /** Makes the process write its buffered journal lines and send pending index entries. */
  flush(): Promise<void> {
    return this.request((id) => ({ type: 'flush', id })).then(() => undefined);
  }

  /** The journal being written now. */
  get journalPath(): string {
    return this.journal;
  }

  /**
   * Closes the current journal and continues into `journalPath` without reconnecting. Index
   * batches of the old journal still in flight are dropped from then on.
   */
  rotate(journalPath: string): Promise<void> {
    // Switch inside the reply handler, synchronously: new-journal batches may follow in the same tick.
    return this.request((id) => ({ type: 'rotate', id, journalPath }), () => (this.journal = journalPath)).then(() => undefined);
  }

  /** The explicit, confirmed command that changes the agent's state. */
  startContactCenterSession(channels: string[]): Promise<unknown> {
    return this.request((id) => ({ type: 'startContactCenterSession', id, channels }));
  }

  /** Sends one explicit operation through the connection process, which journals it; resolves with its response's facts. */
  sendOperation(request: OperationRequest, options: { timeoutMs?: number; redact?: RedactOptions } = {}): Promise<OperationReply> {
    return this.request((id) => ({ type: 'operation', id, request, ...options })) as Promise<OperationReply>;
  }

  /** Disconnects, closes the journal and waits for the process to exit (killing it after `timeoutMs`). */
  async stop(timeoutMs = 5000): Promise<void> {
    await this.launched;
    const child = this.child;
    if (this.exited || !child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the process at once (tests of crash recovery). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child) this.child.kill(signal);
    else void this.launched.then(() => this.child?.kill(signal));
  }

  private receive(m: ChildToHost): void {
    switch (m.type) {
      case 'started':
        this.userName = m.user;
        this.onStartEmitter.fire(m.user);
        return;
      case 'state':
        this.stateNow = m.state;
        this.onStateEmitter.fire({ state: m.state, detail: m.detail });
        return;
      case 'index':
        if (m.journalPath === this.journal) this.onIndexEmitter.fire(indexBatch(m.batch, m.counts));
        return;
      case 'failure':
        this.onFailureEmitter.fire({ failure: m.failure, fatal: m.fatal });
        return;
      case 'log':
        this.onLogEmitter.fire({ level: m.level, text: m.text });
        return;
      case 'reply': {
        const pending = this.replies.get(m.id);
        this.replies.delete(m.id);
        if (m.ok) pending?.resolve(m.result);
        else pending?.reject(new Error(m.error ?? 'failed'));
        return;
      }
      case 'stopped':
        return;
    }
  }

  private request(build: (id: number) => HostToChild, onOk?: () => void): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('the connection process has exited'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve: (v) => (onOk?.(), resolve(v)), reject });
      this.send(build(id));
    });
  }

  private send(message: HostToChild): void {
    if (this.exited) return;
    if (!this.child) this.unsent.push(message);
    else if (this.child.connected) this.child.send(message);
  }

  private onChildExit(code: number | null, signal: NodeJS.Signals | null, unexpected = code !== 0 && signal !== 'SIGKILL'): void {
    this.exited = true;
    if (this.stateNow !== 'error') this.stateNow = 'disconnected';
    for (const pending of this.replies.values()) pending.reject(new Error('the connection process has exited'));
    this.replies.clear();
    if (this.trustDir) void rm(this.trustDir, { recursive: true, force: true }).catch(() => undefined);
    if (unexpected) {
      this.onFailureEmitter.fire({ failure: { code: 'protocol', message: `The connection process stopped unexpectedly (${signal ?? `exit code ${code}`}). The journal up to the last flush is kept.`, retryable: true }, fatal: true });
    }
    this.onExitEmitter.fire({ code, signal });
    for (const e of [this.onStateEmitter, this.onIndexEmitter, this.onFailureEmitter, this.onLogEmitter, this.onExitEmitter, this.onStartEmitter]) e.dispose();
  }

  /** NODE_EXTRA_CA_CERTS takes one file: join the user's CA file and the pinned certificate. */
  private async trustBundle(caFile: string | undefined, pinned: string): Promise<string> {
    const ca = caFile ? await readFile(caFile, 'utf8') : '';
    this.trustDir = await mkdtemp(join(tmpdir(), 'gws-trust-'));
    const path = join(this.trustDir, 'trust.pem');
    await writeFile(path, `${ca}\n${pinned}`, { mode: 0o600 });
    return path;
  }

  /** The trust bundle could not be written (say, an unreadable CA file): a fatal failure, and no process. */
  private failToStart(caFile: string | undefined, err: unknown): void {
    const why = err instanceof Error ? err.message : String(err);
    this.onFailureEmitter.fire({ failure: { code: 'tls', message: `Cannot prepare the trusted certificates${caFile ? ` (CA file ${caFile})` : ''}: ${why}`, retryable: false }, fatal: true });
    this.onChildExit(1, null, false);
  }
}
