/**
 * Fault injection for reliability tests: armed through `POST /sim/fault`, applied by a hook at the
 * head of the simulator's request path. Also keeps the delivery and request logs
 * (`GET /sim/deliveries`, `GET /sim/requests`) and lists issued sessions (`GET /sim/logins`).
 * See docs/SIMULATOR.md, "Fault injection".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CometDServer, ServerMessage, ServerSession } from 'cometd-nodejs-server';
import type { AuthStore } from '../auth';
import { NOTIFICATIONS_PATH } from '../cometdMount';
import type { Delivery } from '../delivery';
import { parseJson, pathOf, readBody, sendJson } from '../http';
import { DeliveryLog } from './deliveryLog';
import { writeShaped, type ResponseShape } from './responseShaping';

/** What the fault control needs from the simulator. */
export interface FaultDeps {
  auth: AuthStore;
  delivery: Delivery;
  cometd: CometDServer;
}

/** Messages just drained from a session's queue into the response being written. */
interface Drained {
  user: string | undefined;
  messages: readonly ServerMessage[];
}

/** Armed faults and the logs; one per simulator. */
export class FaultControl {
  readonly log = new DeliveryLog();
  private stallUntil = 0;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly held = new Set<ServerResponse>();
  private unknownClient = 0;
  private handshake401 = 0;
  private login401 = 0;
  private readonly shapes: ResponseShape[] = [];
  /** Operations to accept and ignore (empty list: any), and how many more times. */
  private ignored: { operations: string[]; count: number } = { operations: [], count: 0 };
  private readonly fired: Record<string, number> = {};
  private drained: Drained | undefined;

  constructor(private readonly deps: FaultDeps) {
    // Sessions drain their queue synchronously just before the response is ended: remember the
    // messages so that the end() of that very response can log (and shape) them.
    deps.cometd.addListener('sessionAdded', (session: ServerSession) => {
      session.addListener('queueDrain', (s: ServerSession, queue: ServerMessage[]) => this.onDrain(s, queue));
    });
  }

  /** Armed faults, for `GET /sim/fault`. */
  status(): Record<string, unknown> {
    return {
      stallMs: Math.max(0, this.stallUntil - Date.now()),
      held: this.held.size,
      unknownClient: this.unknownClient,
      handshake401: this.handshake401,
      login401: this.login401,
      shapes: [...this.shapes],
      ignoreOperations: { ...this.ignored },
      timeoutMs: this.deps.cometd.options.timeout ?? 30_000,
      fired: { ...this.fired },
    };
  }

  /** Answers the next `count` matching operations `{"statusCode":0}` and changes nothing (a mis-configured switch). */
  armIgnoreOperations(operations: string[], count: number): void {
    this.ignored = { operations, count };
  }

  /** Whether `operation` is to be ignored now; counts it down when it is. */
  takeIgnored(operation: string): boolean {
    const { operations, count } = this.ignored;
    if (count <= 0 || (operations.length > 0 && !operations.includes(operation))) return false;
    this.ignored.count -= 1;
    this.fired['ignore-operations'] = (this.fired['ignore-operations'] ?? 0) + 1;
    return true;
  }

  /** Arms `count` HTTP 401 answers to `/handshake` (session gone on the server). */
  armHandshake401(count: number): void {
    this.handshake401 += count;
  }

  /** Arms `count` HTTP 401 answers to `GET /api/v2/me` (the password stopped working). */
  armLogin401(count: number): void {
    this.login401 += count;
  }

  /** Arms `count` `402::unknown_client` answers to `/connect`; each also expires that session. */
  armUnknownClient(count: number): void {
    this.unknownClient += count;
  }

  /** Shapes the next responses that carry messages, one shape each, in order. */
  armShape(shape: ResponseShape, count: number): void {
    for (let i = 0; i < count; i++) this.shapes.push(shape);
  }

  /** Stops answering `/connect` for `ms`; held requests are then dropped (connection reset). */
  stallConnects(ms: number): void {
    this.stallUntil = Date.now() + ms;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => this.endStall(), ms);
  }

  /** Disarms every fault and releases held requests. */
  clear(): void {
    this.unknownClient = this.handshake401 = this.login401 = 0;
    this.ignored = { operations: [], count: 0 };
    this.shapes.length = 0;
    if (this.stallUntil > Date.now()) this.endStall();
  }

  /** Closes held requests (server shutdown). */
  close(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  /**
   * The hook at the head of the request path: answers the request itself when an armed fault
   * applies (true), else watches its response and lets it through (false).
   */
  intercept(req: IncomingMessage, res: ServerResponse): boolean {
    const path = pathOf(req);
    const started = Date.now();
    let fault: string | undefined;
    res.once('close', () => this.log.addRequest({ at: started, end: Date.now(), method: req.method ?? '', path, status: res.statusCode, complete: res.writableFinished, fault }));
    const take = (name: string): true => {
      fault = name;
      this.fired[name] = (this.fired[name] ?? 0) + 1;
      return true;
    };
    if (path.replace(/\/+$/, '') === '/api/v2/me' && req.method === 'GET' && this.login401 > 0) {
      this.login401--;
      req.resume();
      sendJson(res, 401, { statusCode: 5, statusMessage: 'Bad credentials' }, { 'WWW-Authenticate': 'Basic realm="GWS"' });
      return take('login-401');
    }
    if (!path.startsWith(`${NOTIFICATIONS_PATH}/`) || req.method !== 'POST') return false;
    const meta = path.slice(NOTIFICATIONS_PATH.length);
    if (meta === '/handshake' && this.handshake401 > 0) {
      this.handshake401--;
      req.resume();
      sendJson(res, 401, { statusCode: 5, statusMessage: 'Not authenticated' });
      return take('handshake-401');
    }
    if (meta === '/connect' && Date.now() < this.stallUntil) {
      req.resume();
      this.held.add(res);
      res.once('close', () => this.held.delete(res));
      return take('stall-connect');
    }
    if (meta === '/connect' && this.unknownClient > 0) {
      this.unknownClient--;
      void this.answerUnknownClient(req, res);
      return take('unknown-client');
    }
    this.watch(res, (name) => {
      fault = name;
      this.fired[name] = (this.fired[name] ?? 0) + 1;
    });
    return false;
  }

  private endStall(): void {
    this.stallUntil = 0;
    this.stallTimer = undefined;
    for (const res of this.held) res.socket?.resetAndDestroy();
    this.held.clear();
  }

  /** Expires the session named in the /connect and answers as a server that forgot it. */
  private async answerUnknownClient(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req, 1024 * 1024).catch(() => '');
    const parsed = parseJson(text);
    const list: unknown[] = parsed.ok ? (Array.isArray(parsed.value) ? parsed.value : [parsed.value]) : [];
    const connect = list.find((m): m is { id?: unknown; clientId?: unknown } => typeof m === 'object' && m !== null && (m as { channel?: unknown }).channel === '/meta/connect');
    const clientId = typeof connect?.clientId === 'string' ? connect.clientId : undefined;
    const session = clientId ? this.deps.cometd.getServerSession(clientId) : undefined;
    // The server forgets the session as its sweeper would; what was queued for it is lost.
    if (session) (this.deps.cometd as unknown as { _removeServerSession(s: ServerSession, timeout: boolean): void })._removeServerSession(session, true);
    sendJson(res, 200, [{ id: connect?.id, channel: '/meta/connect', clientId, successful: false, error: '402::unknown_client', advice: { reconnect: 'handshake', interval: 0 } }]);
  }

  private onDrain(session: ServerSession, queue: readonly ServerMessage[]): void {
    if (queue.length === 0) return;
    const drained: Drained = { user: this.deps.delivery.userOf(session.id), messages: queue };
    this.drained = drained;
    queueMicrotask(() => {
      if (this.drained !== drained) return;
      // Drained but never written (the client's connection was already gone): not delivered.
      this.drained = undefined;
      if (drained.user !== undefined) this.log.addResponse(drained.user, drained.messages, Date.now(), false);
    });
  }

  /** Wraps res.end so the messages this response carries are logged and, when armed, shaped. */
  private watch(res: ServerResponse, onFault: (name: string) => void): void {
    const end = res.end;
    res.end = ((...args: unknown[]) => {
      res.end = end;
      const drained = this.drained;
      this.drained = undefined;
      const carries = drained !== undefined && drained.messages.some((m) => !m.channel.startsWith('/meta/'));
      if (!drained || drained.user === undefined || !carries) return (end as (...a: unknown[]) => ServerResponse).apply(res, args);
      const user = drained.user;
      res.once('close', () => this.log.addResponse(user, drained.messages, Date.now(), res.writableFinished));
      const shape = this.shapes.shift();
      if (!shape) return (end as (...a: unknown[]) => ServerResponse).apply(res, args);
      onFault(shape.kind);
      const body = Buffer.isBuffer(args[0]) ? args[0] : Buffer.from(String(args[0] ?? ''), 'utf8');
      writeShaped(res, (chunk) => (end as (c?: Buffer) => ServerResponse).call(res, chunk), body, shape);
      return res;
    }) as ServerResponse['end'];
  }
}
