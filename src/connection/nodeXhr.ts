/**
 * The XMLHttpRequest the cometd client's long-polling transport uses in the connection process.
 *
 * cometd-nodejs-client 2.0.0's own XHR appends each response chunk to a string (`text += chunk`),
 * decoding every chunk on its own: a multi-byte UTF-8 character split across two TCP reads turns
 * into two U+FFFD. Any long-poll response larger than one read (a burst of chat text in Arabic,
 * emoji...) is silently corrupted. This one collects bytes and decodes the whole body once. It
 * also keeps the cookies servers set (load-balancer stickiness, BAYEUX_BROWSER) per connection
 * instead of in one process-wide jar. TLS is verified by Node's default agents, never turned off.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

/** The part of XMLHttpRequest that cometd's LongPollingTransport uses. */
export interface XhrLike {
  readonly readyState: number;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  withCredentials: boolean;
  context: unknown;
  onload: (() => void) | null;
  onerror: ((err?: unknown) => void) | null;
  onabort: ((err?: unknown) => void) | null;
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body?: string): void;
  abort(): void;
}

/** A constructor of XHRs sharing one cookie jar and one pair of agents. */
export interface XhrClass {
  new (): XhrLike;
  readonly UNSENT: 0;
  readonly OPENED: 1;
  readonly HEADERS_RECEIVED: 2;
  readonly LOADING: 3;
  readonly DONE: 4;
}

/** Told about each response body around its onload, so that its raw bytes can be journaled. */
export interface ResponseBodyObserver {
  open(body: Buffer): void;
  close(): void;
}

/**
 * Builds the XHR class for one connection; `httpProxy` routes every request through a proxy,
 * `bodies` sees each response body for the duration of its onload.
 */
export function createXhrClass(options: { httpProxy?: string; bodies?: ResponseBodyObserver } = {}): XhrClass {
  const bodies = options.bodies;
  const proxy = options.httpProxy;
  const agents = {
    http: proxy ? new HttpProxyAgent(proxy, { keepAlive: true }) : new http.Agent({ keepAlive: true }),
    https: proxy ? new HttpsProxyAgent(proxy, { keepAlive: true }) : new https.Agent({ keepAlive: true }),
  };
  /** Cookies set by the server, by host: name -> `name=value`. */
  const jar = new Map<string, Map<string, string>>();

  const storeCookies = (host: string, setCookie: string[] | undefined): void => {
    for (const header of setCookie ?? []) {
      const pair = header.split(';', 1)[0]!.trim();
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      let cookies = jar.get(host);
      if (!cookies) jar.set(host, (cookies = new Map()));
      cookies.set(pair.slice(0, eq), pair);
    }
  };

  return class NodeXhr implements XhrLike {
    static readonly UNSENT = 0 as const;
    static readonly OPENED = 1 as const;
    static readonly HEADERS_RECEIVED = 2 as const;
    static readonly LOADING = 3 as const;
    static readonly DONE = 4 as const;

    readyState = 0;
    status = 0;
    statusText = '';
    responseText = '';
    withCredentials = false;
    context: unknown = undefined;
    onload: (() => void) | null = null;
    onerror: ((err?: unknown) => void) | null = null;
    onabort: ((err?: unknown) => void) | null = null;
    private url: URL | undefined;
    private method = 'GET';
    private readonly headers: Record<string, string> = {};
    private request: http.ClientRequest | undefined;
    private settled = false;

    open(method: string, url: string): void {
      this.method = method;
      this.url = new URL(url);
      this.readyState = NodeXhr.OPENED;
    }

    setRequestHeader(name: string, value: string): void {
      this.headers[name] = value;
    }

    send(body?: string): void {
      const url = this.url;
      if (!url) throw new Error('send() before open()');
      const headers = { ...this.headers };
      const own = Object.keys(headers).find((k) => /^cookie$/i.test(k));
      const fromServer = [...(jar.get(url.hostname)?.values() ?? [])];
      if (fromServer.length > 0) {
        // The request's own cookies (the GWS session) come first; the server's never replace them.
        const given = own ? headers[own]! : '';
        const names = new Set(given.split(';').map((c) => c.split('=', 1)[0]!.trim()));
        const extra = fromServer.filter((c) => !names.has(c.split('=', 1)[0]!));
        if (own) delete headers[own];
        headers.Cookie = [given, ...extra].filter(Boolean).join('; ');
      }
      if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body, 'utf8'));
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, { method: this.method, headers, agent: secure ? agents.https : agents.http }, (res) => this.receive(url, res));
      this.request = request;
      request.on('error', (err) => this.fail(err));
      request.end(body);
    }

    abort(): void {
      this.request?.destroy();
      this.fail(new Error('abort'));
    }

    private receive(url: URL, res: http.IncomingMessage): void {
      this.status = res.statusCode ?? 0;
      this.statusText = res.statusMessage ?? '';
      this.readyState = NodeXhr.HEADERS_RECEIVED;
      storeCookies(url.hostname, res.headers['set-cookie']);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        this.readyState = NodeXhr.LOADING;
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (this.settled) return;
        this.settled = true;
        // One decode of the whole body: characters split across reads come out whole.
        const body = Buffer.concat(chunks);
        this.responseText = body.toString('utf8');
        this.readyState = NodeXhr.DONE;
        if (!bodies) {
          this.onload?.();
          return;
        }
        bodies.open(body);
        try {
          this.onload?.();
        } finally {
          bodies.close();
        }
      });
      res.on('error', (err) => this.fail(err));
      res.on('close', () => {
        if (!res.complete) this.fail(new Error('the connection closed before the response was complete'));
      });
    }

    private fail(err: Error): void {
      if (this.settled) return;
      this.settled = true;
      this.readyState = NodeXhr.DONE;
      if (err.message) this.statusText = err.message;
      this.onerror?.(err);
    }
  };
}
