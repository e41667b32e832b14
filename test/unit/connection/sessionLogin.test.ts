import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ConnectionFailure } from '../../../src/connection/connectionErrors';
import type { GwsSession } from '../../../src/connection/gwsAuth';
import { loginRetryDelay, refusalVerdict, SessionLogin } from '../../../src/connection/sessionLogin';
import { refusal } from '../../../src/connection/transportFailures';

describe('login and re-login decisions', () => {
  test('the first refusal is worth a fresh login, whatever its kind', () => {
    for (const r of [refusal('/connect', 403, undefined, { transport: { responseText: 'invalid CSRF token' } }), refusal('/handshake', 401, undefined, undefined), refusal('/handshake', 0, '403::handshake_denied', undefined)]) {
      assert.equal(refusalVerdict(r, false), undefined, r.what);
    }
  });

  test('a refusal after a fresh login ends the session, named for what GWS blamed', () => {
    const csrf = refusalVerdict(refusal('/connect', 403, undefined, { transport: { responseText: '{"statusMessage":"Missing or invalid Csrf token"}' } }), true);
    assert.equal(csrf?.code, 'forbidden');
    assert.equal(csrf?.httpStatus, 403);
    assert.match(csrf?.message ?? '', /HTTP 403 on \/connect: missing or invalid CSRF token\) even after a fresh login: the session cookie or CSRF token/);
    const unauthorized = refusalVerdict(refusal('/handshake', 401, undefined, undefined), true);
    assert.equal(unauthorized?.code, 'handshake-unauthorized');
    assert.equal(unauthorized?.httpStatus, 401);
    const denied = refusalVerdict(refusal('/handshake', 0, '403::handshake_denied', undefined), true);
    assert.equal(denied?.code, 'handshake-denied');
    assert.equal(denied?.httpStatus, undefined, 'a Bayeux-level denial has no HTTP status');
    assert.match(denied?.message ?? '', /\(403::handshake_denied\) even after a fresh login/);
    for (const f of [csrf, unauthorized, denied]) assert.equal(f?.retryable, false);
  });

  test('the first login backs off doubling from 1 s up to 30 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map(loginRetryDelay), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  test('secrets to mask: the credential given and nothing shorter than 4 characters', () => {
    const host = { stopped: () => false, reconnecting: () => undefined, fail: () => undefined };
    const quiet = { event: () => undefined, failure: () => undefined, log: () => undefined };
    assert.deepEqual(new SessionLogin('http://gws', { type: 'basic', user: 'agent1', password: 'hunter22' }, quiet, host).secrets(), ['hunter22']);
    assert.deepEqual(new SessionLogin('http://gws', { type: 'bearer', token: 'tok-123' }, quiet, host).secrets(), ['tok-123']);
    assert.deepEqual(new SessionLogin('http://gws', { type: 'cookie', cookie: 'abc' }, quiet, host).secrets(), []);
    assert.equal(new SessionLogin('http://gws', { type: 'cookie', cookie: 'JSESSIONID=x1' }, quiet, host).verdict(refusal('/handshake', 401, undefined, undefined)), undefined, 'no fresh login tried yet');
  });
});

describe('re-login against a GWS-like server on loopback', () => {
  let url = '';
  let accept = true;
  const server = createServer((req, res) => {
    if (req.url === '/api/v2/me' && accept) {
      res.writeHead(200, { 'Set-Cookie': 'JSESSIONID=fresh-session', 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ user: { userName: 'agent1' } }));
      return;
    }
    res.writeHead(401).end();
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  function make(): { login: SessionLogin; reports: string[]; failed: ConnectionFailure[] } {
    const reports: string[] = [];
    const failed: ConnectionFailure[] = [];
    const host = { stopped: () => false, reconnecting: (d: string) => reports.push(`reconnecting ${d}`), fail: (f: ConnectionFailure) => failed.push(f) };
    const listener = { event: (n: string, _s?: string, d?: string) => reports.push(`${n} ${d ?? ''}`), failure: () => undefined, log: (_l: string, t: string) => reports.push(t) };
    return { login: new SessionLogin(url, { type: 'basic', user: 'agent1', password: 'pw-1234' }, listener, host), reports, failed };
  }

  test('one fresh login per refusal: a second refusal before a poll succeeds ends the session', async () => {
    accept = true;
    const { login, reports, failed } = make();
    const refused = refusal('/handshake', 401, undefined, undefined);
    const session = await new Promise<GwsSession>((resolve, reject) => {
      login.relogin(refused, { loggedIn: resolve, retry: () => reject(new Error('no retry expected')) });
      assert.equal(login.verdict(refused)?.code, 'handshake-unauthorized', 'a refusal while the login is under way is not retried');
    });
    assert.equal(login.session, session);
    assert.equal(login.userName, 'agent1');
    assert.ok(login.secrets().includes('fresh-session'), 'the new session cookie is masked too');
    assert.deepEqual(reports, ['reconnecting session expired (HTTP 401 on /handshake); logging in again', 'session refused (HTTP 401 on /handshake); logging in again once', 'login logged in again after the session expired']);
    assert.equal(login.verdict(refused)?.code, 'handshake-unauthorized');
    login.pollSucceeded();
    assert.equal(login.verdict(refused), undefined, 'after a successful poll, a new refusal may log in again');
    assert.deepEqual(failed, []);
  });

  test('a re-login the server refuses ends the session with why', async () => {
    accept = false;
    const { login, failed } = make();
    login.relogin(refusal('/connect', 403, undefined, undefined), { loggedIn: () => assert.fail('no session expected'), retry: () => assert.fail('a 401 is not retried') });
    for (let i = 0; i < 100 && failed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(failed.length, 1);
    assert.match(failed[0].message, /^Logging in again after the session expired failed: /);
    assert.equal(failed[0].retryable, false);
  });
});
