import { PROGRESS_INTERVAL_MS, REQUEST_TIMEOUT_MS, type Envelope, type FailureCode, type RequestControl } from './timelineProtocol';

/**
 * Request/reply over postMessage for both ends of src/timelineProtocol.ts (after
 * vscode-hexeditor), with neither `vscode` nor the DOM. Every request ends exactly once: its
 * reply, `request/failed`, a timeout after REQUEST_TIMEOUT_MS without a reply or a progress
 * report, or a newer request of the same key superseding it.
 */

/** Why a request ended without its answer; `timeout` and `closed` are decided locally. */
export class RequestFailedError extends Error {
  constructor(readonly code: FailureCode | 'timeout' | 'closed', reason: string) {
    super(reason);
    this.name = 'RequestFailedError';
  }
}

/** True for a request dropped because a newer one replaced it: not an error to show. */
export function isSuperseded(err: unknown): boolean {
  return err instanceof RequestFailedError && err.code === 'superseded';
}

/** What the answering side gives a request's handler. */
export interface RequestContext {
  /** Reports progress; posted at most once per PROGRESS_INTERVAL_MS, and keeps the requester waiting. */
  progress(done: number, total: number): void;
  /** Aborted when a newer request supersedes this one or the handler is disposed. */
  readonly signal: AbortSignal;
}

/** A received message checked: its envelope, or why it was refused and, for a request, whom to answer. */
export type Checked<T> = { ok: true; envelope: Envelope<T> } | { ok: false; reason: string; answerTo?: number };

/** Options of either end. */
export interface MessageHandlerOptions<TOut, TIn> {
  /** Silence after which sendRequest rejects (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Received messages that take no reply. */
  isEvent?(body: TIn): boolean;
  /** Supersede key of a message sent (requester side) or received (answering side). */
  outgoingKey?(body: TOut): string | undefined;
  incomingKey?(body: TIn): string | undefined;
  /** Checks what receive() is given (the answering side does not trust the requester). */
  check?(raw: unknown): Checked<TIn>;
  /** A message was refused or its handler threw (the requester is answered `request/failed` regardless). */
  onError?(what: string, err: unknown): void;
}

interface Waiting {
  resolve(value: unknown): void;
  reject(err: Error): void;
  key: string | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  onProgress: ((done: number, total: number) => void) | undefined;
}

interface Working {
  inReplyTo: number;
  key: string | undefined;
  abort: AbortController;
  answered: boolean;
  lastProgress: number;
}

type Tagged = { type: string };

function isControl(body: Tagged): body is RequestControl {
  return body.type === 'request/failed' || body.type === 'request/progress';
}

/** One end of the channel; see the module comment. */
export class MessageHandler<TOut extends Tagged, TIn extends Tagged> {
  private nextId = 1;
  private disposed = false;
  private readonly waiting = new Map<number, Waiting>();
  private readonly working = new Set<Working>();

  /** `onRequest` answers received messages that are not replies; for a request, undefined counts as a failure. */
  constructor(
    private readonly post: (message: Envelope<TOut | RequestControl>) => void,
    private readonly onRequest: (body: TIn, ctx: RequestContext) => Promise<TOut | undefined> | TOut | undefined,
    private readonly options: MessageHandlerOptions<TOut, TIn> = {},
  ) {}

  /** Posts `body` with no reply expected. */
  sendEvent(body: TOut): void {
    this.send({ messageId: this.nextId++, body });
  }

  /** Posts `body`; resolves with the answer, rejects with a RequestFailedError. */
  sendRequest<R extends TIn = TIn>(body: TOut, onProgress?: (done: number, total: number) => void): Promise<R> {
    const messageId = this.nextId++;
    const key = this.options.outgoingKey?.(body);
    if (key !== undefined) for (const [id, w] of this.waiting) if (w.key === key) this.settle(id, new RequestFailedError('superseded', `superseded by a newer ${body.type}`));
    return new Promise<R>((resolve, reject) => {
      const waiting: Waiting = { resolve: resolve as (value: unknown) => void, reject, key, timer: undefined, onProgress };
      if (this.disposed) return reject(new RequestFailedError('closed', 'the channel is closed'));
      this.waiting.set(messageId, waiting);
      this.arm(messageId, waiting);
      try {
        this.post({ messageId, body });
      } catch (err) {
        this.settle(messageId, new RequestFailedError('error', err instanceof Error ? err.message : String(err)));
      }
    });
  }

  /** Requests sent and not ended yet. */
  get pendingCount(): number {
    return this.waiting.size;
  }

  /** Answers `inReplyTo` with `request/failed` (for a message refused before it reached the handler). */
  fail(inReplyTo: number, code: FailureCode, reason: string): void {
    this.send({ messageId: this.nextId++, inReplyTo, body: { type: 'request/failed', code, reason } });
  }

  /** Checks `raw` (see options.check), answers it `request/failed` when refused, else handles it. */
  receive(raw: unknown): Promise<void> {
    const checked = this.options.check ? this.options.check(raw) : { ok: true as const, envelope: raw as Envelope<TIn> };
    if (checked.ok) return this.handleMessage(checked.envelope);
    this.options.onError?.('refused a message', new Error(checked.reason));
    if (checked.answerTo !== undefined) this.fail(checked.answerTo, 'invalid', checked.reason);
    return Promise.resolve();
  }

  /** Routes one received envelope: ends a pending request, or answers it through `onRequest`. */
  async handleMessage(message: Envelope<TIn>): Promise<void> {
    if (message.inReplyTo !== undefined) return this.onReply(message.inReplyTo, message.body);
    const body = message.body;
    if (this.options.isEvent?.(body)) {
      try {
        await this.onRequest(body, { progress: () => undefined, signal: new AbortController().signal });
      } catch (err) {
        this.options.onError?.(`${body.type} failed`, err);
      }
      return;
    }
    const key = this.options.incomingKey?.(body);
    if (key !== undefined) for (const older of this.working) if (older.key === key) this.finish(older, { type: 'request/failed', code: 'superseded', reason: `superseded by a newer ${body.type}` });
    const work: Working = { inReplyTo: message.messageId, key, abort: new AbortController(), answered: false, lastProgress: Date.now() };
    this.working.add(work);
    const progress = (done: number, total: number): void => {
      const now = Date.now();
      if (work.answered || now - work.lastProgress < PROGRESS_INTERVAL_MS) return;
      work.lastProgress = now;
      this.send({ messageId: this.nextId++, inReplyTo: work.inReplyTo, body: { type: 'request/progress', done, total } });
    };
    let reply: TOut | RequestControl;
    try {
      reply = (await this.onRequest(body, { progress, signal: work.abort.signal })) ?? { type: 'request/failed', code: 'error', reason: `${body.type} has no answer` };
    } catch (err) {
      if (!work.answered) this.options.onError?.(`${body.type} failed`, err);
      reply = { type: 'request/failed', code: err instanceof RequestFailedError && err.code !== 'timeout' && err.code !== 'closed' ? err.code : 'error', reason: err instanceof Error ? err.message : String(err) };
    }
    this.finish(work, reply);
  }

  /** Ends every pending request and aborts the work in progress (the other side went away). */
  dispose(reason = 'closed'): void {
    this.disposed = true;
    for (const id of [...this.waiting.keys()]) this.settle(id, new RequestFailedError('closed', reason));
    for (const work of this.working) {
      work.answered = true;
      work.abort.abort();
    }
    this.working.clear();
  }

  private send(message: Envelope<TOut | RequestControl>): void {
    if (!this.disposed) this.post(message);
  }

  private onReply(id: number, body: TIn): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    const control: RequestControl | undefined = isControl(body) ? body : undefined;
    if (control?.type === 'request/progress') {
      this.arm(id, waiting);
      waiting.onProgress?.(control.done, control.total);
    } else if (control?.type === 'request/failed') {
      this.settle(id, new RequestFailedError(control.code, control.reason));
    } else {
      this.settle(id);
      waiting.resolve(body);
    }
  }

  /** (Re)starts the silence timer of a pending request. */
  private arm(id: number, waiting: Waiting): void {
    clearTimeout(waiting.timer);
    const ms = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    waiting.timer = setTimeout(() => this.settle(id, new RequestFailedError('timeout', `no answer for ${Math.round(ms / 1000)} s`)), ms);
  }

  /** Forgets a pending request; rejects it with `err` when given. */
  private settle(id: number, err?: RequestFailedError): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    if (err) waiting.reject(err);
  }

  /** Posts the one reply of `work`, unless it already had one. */
  private finish(work: Working, reply: TOut | RequestControl): void {
    this.working.delete(work);
    if (work.answered) return;
    work.answered = true;
    if (reply.type === 'request/failed') work.abort.abort();
    this.send({ messageId: this.nextId++, inReplyTo: work.inReplyTo, body: reply });
  }
}
