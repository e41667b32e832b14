import { ConnectionError, describeHttpStatus } from './connectionErrors';
import { HttpResponse, httpRequest } from './httpClient';

/** How the debugger proves who it is to GWS. Basic by default; bearer or a pasted cookie for SSO. */
export type GwsCredentials =
  | { type: 'basic'; user: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'cookie'; cookie: string };

/**
 * A logged-in GWS session: the cookies GWS set (JSESSIONID, load-balancer cookies) and the CSRF
 * header to send on every POST. Secret: never logged, journaled or exported.
 */
export class GwsSession {
  private readonly cookies = new Map<string, string>();
  csrfHeaderName: string | undefined;
  csrfToken: string | undefined;
  /** The `user` object of GET /api/v2/me, when GWS returned one. */
  user: Record<string, unknown> | undefined;

  constructor(readonly baseUrl: string) {}

  /** Keeps every cookie from Set-Cookie headers; attributes are irrelevant to a single origin. */
  storeCookies(setCookie: string[] | undefined): void {
    for (const header of setCookie ?? []) {
      const pair = header.split(';', 1)[0].trim();
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  /** Parses a pasted `a=b; c=d` cookie string. */
  storeCookieString(cookie: string): void {
    this.storeCookies(cookie.split(';').map((c) => c.trim()).filter(Boolean));
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  /** Headers for CometD and REST POSTs: the cookies and the CSRF header. */
  postHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.hasCookies) headers.Cookie = this.cookieHeader;
    if (this.csrfHeaderName && this.csrfToken) headers[this.csrfHeaderName] = this.csrfToken;
    return headers;
  }

  /** Every secret value this session holds, so that log sanitizers can mask them. */
  secrets(): string[] {
    const values = [...this.cookies.values()];
    if (this.csrfToken) values.push(this.csrfToken);
    return values.filter((v) => v.length >= 4);
  }
}

/** Removes userinfo, query and fragment from a URL and any trailing slash: safe to log and journal. */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}

function authHeaders(credentials: GwsCredentials): Record<string, string> {
  switch (credentials.type) {
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}` };
    case 'bearer':
      return { Authorization: `Bearer ${credentials.token}` };
    case 'cookie':
      return { Cookie: credentials.cookie };
  }
}

/**
 * Logs in as GWS expects: GET {base}/api/v2/me, keeping every cookie it sets and the CSRF header
 * it names. Throws a ConnectionError with a specific message on any failure.
 */
export async function login(baseUrl: string, credentials: GwsCredentials): Promise<GwsSession> {
  const base = publicUrl(baseUrl);
  const url = `${base}/api/v2/me`;
  const res = await httpRequest(url, { headers: { Accept: 'application/json', ...authHeaders(credentials) } });
  if (res.status !== 200) throw new ConnectionError(describeHttpStatus(res.status, url, res.body));
  const session = new GwsSession(base);
  if (credentials.type === 'cookie') session.storeCookieString(credentials.cookie);
  session.storeCookies(res.headers['set-cookie']);
  readCsrf(session, res);
  session.user = parseUser(res.body, url);
  return session;
}

function readCsrf(session: GwsSession, res: HttpResponse): void {
  const headerName = res.headers['x-csrf-header'];
  const name = typeof headerName === 'string' && headerName ? headerName : 'X-CSRF-TOKEN';
  const token = res.headers[name.toLowerCase()];
  if (typeof token === 'string' && token) {
    session.csrfHeaderName = name;
    session.csrfToken = token;
  }
}

function parseUser(body: string, url: string): Record<string, unknown> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ConnectionError({ code: 'protocol', message: `${url} did not answer JSON: is this a GWS server (check the base URL)?`, retryable: false });
  }
  if (json && typeof json === 'object' && 'user' in json && json.user && typeof json.user === 'object') {
    return json.user as Record<string, unknown>;
  }
  return undefined;
}

/** The REST collections fetched after a reconnect to re-sync tracked state. */
export type StateCollection = 'calls' | 'devices' | 'chats';

/** GET {base}/api/v2/me/{collection}: the current resources, or a failure reason. */
export async function fetchCollection(session: GwsSession, collection: StateCollection): Promise<unknown[]> {
  const url = `${session.baseUrl}/api/v2/me/${collection}`;
  const res = await httpRequest(url, { headers: { Accept: 'application/json', ...session.postHeaders() } });
  if (res.status !== 200) throw new ConnectionError(describeHttpStatus(res.status, url, res.body));
  const json: unknown = JSON.parse(res.body);
  const list = json && typeof json === 'object' ? (json as Record<string, unknown>)[collection] : undefined;
  if (!Array.isArray(list)) throw new ConnectionError({ code: 'protocol', message: `${url} answered without a "${collection}" array.`, retryable: false });
  return list;
}
