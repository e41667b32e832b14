/** Shared helpers for the simulator integration tests: REST login and a real CometD client. */
import { CometD, type Message } from 'cometd';
import { adapt } from 'cometd-nodejs-client';

adapt();

/** A logged-in HTTP session: the cookie header to send and the CSRF token issued with it. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in with Basic auth through `GET /api/v2/me`. */
export async function login(base: string, user = 'agent1', password = 'secret'): Promise<Session> {
  const res = await fetch(`${base}/api/v2/me`, { headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /JSESSIONID=[^;]+/.exec(setCookie)?.[0];
  const csrf = res.headers.get('x-csrf-token');
  if (!cookie || !csrf) throw new Error('login did not issue a cookie and a CSRF token');
  return { cookie, csrf };
}

/** A real cometd client (long-polling only) that records what it receives. */
export class TestClient {
  readonly cometd = new CometD();
  /** Messages handed to subscription callbacks, in arrival order. */
  readonly received: Message[] = [];
  /** Every non-meta message that reached the client, including ones it will not dispatch. */
  readonly wire: Message[] = [];

  constructor(base: string, headers: Record<string, string>) {
    this.cometd.unregisterTransport('websocket');
    this.cometd.unregisterTransport('callback-polling');
    this.cometd.configure({ url: `${base}/api/v2/notifications`, requestHeaders: headers, logLevel: 'warn' });
    this.cometd.registerExtension('wire', {
      incoming: (m: Message) => {
        if (!m.channel.startsWith('/meta/')) this.wire.push(m);
        return m;
      },
    });
  }

  /** Handshakes and resolves with the handshake reply (successful or not). */
  handshake(): Promise<Message> {
    return new Promise((resolve) => this.cometd.handshake((reply) => resolve(reply)));
  }

  /** Subscribes to every channel in one batch and resolves with the replies. */
  subscribe(channels: readonly string[]): Promise<Message[]> {
    const replies = channels.map(
      (channel) =>
        new Promise<Message>((resolve) => {
          this.cometd.subscribe(channel, (m) => this.received.push(m), (reply) => resolve(reply));
        }),
    );
    return Promise.all(replies);
  }

  /** Received messages on one channel. */
  on(channel: string): Message[] {
    return this.received.filter((m) => m.channel === channel);
  }

  /** Disconnects (best effort; the server may already be gone). */
  disconnect(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** GET a JSON document with an optional cookie. */
export async function getJson(url: string, cookie?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
