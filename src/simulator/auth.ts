/**
 * GWS-style authentication: Basic or Bearer credentials open an HTTP session (JSESSIONID cookie)
 * that carries a CSRF token; the cookie alone then authenticates REST calls and the CometD handshake.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SimulatorUser } from './simulatorTypes';

/** One HTTP session opened by a successful login. */
export interface Login {
  user: string;
  jsessionId: string;
  csrfToken: string;
}

/** Name of the header carrying the CSRF token, as GWS announces it in `X-CSRF-HEADER`. */
export const CSRF_HEADER = 'X-CSRF-TOKEN';

/** Parses a Cookie header into name/value pairs; the first occurrence of a name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** Compares secrets in constant time (lengths may differ). */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Accounts, bearer tokens and open HTTP sessions of one simulator. */
export class AuthStore {
  private readonly logins = new Map<string, Login>();
  private readonly tokens: Map<string, string>;

  /** `tokens` maps bearer token to user name; by default `token-<user>` is accepted for every user. */
  constructor(
    private readonly users: readonly SimulatorUser[],
    tokens?: Readonly<Record<string, string>>,
  ) {
    this.tokens = new Map(
      tokens ? Object.entries(tokens) : users.map((u): [string, string] => [`token-${u.user}`, u.user]),
    );
  }

  /** The user named by a valid `Authorization: Basic` or `Bearer` header, else undefined. */
  authenticate(authorization: string | undefined): string | undefined {
    if (!authorization) return undefined;
    const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
    if (/^basic$/i.test(scheme ?? '')) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      const name = decoded.slice(0, colon);
      const account = this.users.find((u) => u.user === name);
      return account && sameSecret(account.password, decoded.slice(colon + 1)) ? account.user : undefined;
    }
    if (/^bearer$/i.test(scheme ?? '')) {
      for (const [token, user] of this.tokens) if (sameSecret(token, value)) return user;
    }
    return undefined;
  }

  /** Opens a new HTTP session for `user`. */
  open(user: string): Login {
    const login: Login = {
      user,
      jsessionId: randomBytes(16).toString('hex').toUpperCase(),
      csrfToken: randomUUID(),
    };
    this.logins.set(login.jsessionId, login);
    return login;
  }

  /** The session named by the JSESSIONID cookie of a Cookie header, if it is open. */
  fromCookie(cookieHeader: string | undefined): Login | undefined {
    const id = parseCookies(cookieHeader).get('JSESSIONID');
    return id ? this.logins.get(id) : undefined;
  }

  /** Whether `header` (the X-CSRF-TOKEN value) is the token issued to `login`. */
  csrfValid(login: Login | undefined, header: string | string[] | undefined): boolean {
    return !!login && typeof header === 'string' && sameSecret(login.csrfToken, header);
  }

  /** Every HTTP session still open, oldest first (the fault control lists them for secret-leak tests). */
  issued(): Login[] {
    return [...this.logins.values()];
  }

  /** Forgets every HTTP session of `user` (session expiry, cookie loss); returns how many were open. */
  drop(user: string): number {
    let n = 0;
    for (const [id, login] of this.logins) {
      if (login.user !== user) continue;
      this.logins.delete(id);
      n++;
    }
    return n;
  }

  /** Whether `user` is a configured account. */
  knows(user: string): boolean {
    return this.users.some((u) => u.user === user);
  }
}
