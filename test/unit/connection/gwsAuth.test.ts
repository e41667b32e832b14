import assert from 'node:assert/strict';
import { createServer, IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ConnectionError } from '../../../src/connection/connectionErrors';
import { GwsSession, fetchCollection, login, publicUrl } from '../../../src/connection/gwsAuth';
import { sendOperation } from '../../../src/connection/operationSender';
import { buildRequest } from '../../../src/operations/operationRequest';

describe('GwsSession', () => {
  test('keeps every cookie GWS sets and builds the POST headers with the CSRF token', () => {
    const s = new GwsSession('http://gws');
    s.storeCookies(['JSESSIONID=abc123; Path=/; HttpOnly', 'LB=node7; Path=/']);
    s.csrfHeaderName = 'X-CSRF-TOKEN';
    s.csrfToken = 'tok-999';
    assert.equal(s.cookieHeader, 'JSESSIONID=abc123; LB=node7');
    assert.deepEqual(s.postHeaders(), { Cookie: 'JSESSIONID=abc123; LB=node7', 'X-CSRF-TOKEN': 'tok-999' });
    assert.deepEqual(s.secrets().sort(), ['abc123', 'node7', 'tok-999']);
  });

  test('publicUrl drops credentials, query, fragment and trailing slashes', () => {
    assert.equal(publicUrl('https://u:p@gws.example.com:8443/base/?q=1#x'), 'https://gws.example.com:8443/base');
    assert.equal(publicUrl('not a url'), '(invalid URL)');
  });
});

describe('login against a GWS-like server', () => {
  const seen: IncomingMessage[] = [];
  let url = '';
  const server = createServer((req, res) => {
    seen.push(req);
    if (req.url === '/api/v2/me' && req.method === 'GET') {
      if (req.headers.authorization !== `Basic ${Buffer.from('agent:pw').toString('base64')}` && req.headers.authorization !== 'Bearer tkn') {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'Set-Cookie': ['JSESSIONID=s1; Path=/', 'AWSELB=lb1'], 'X-CSRF-HEADER': 'X-CSRF-TOKEN', 'X-CSRF-TOKEN': 'c1', 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 0, user: { userName: 'agent', id: 'u1' } }));
      return;
    }
    if (req.url === '/api/v2/me/calls') {
      res.writeHead(req.headers.cookie?.includes('JSESSIONID=s1') ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 0, calls: [{ id: 'c' }] }));
      return;
    }
    if (req.url === '/api/v2/me' && req.method === 'POST') {
      const ok = req.headers['x-csrf-token'] === 'c1';
      res.writeHead(ok ? 200 : 403).end(JSON.stringify(ok ? { statusCode: 0 } : { statusMessage: 'Missing or invalid Csrf token' }));
      return;
    }
    res.writeHead(404).end();
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  test('basic auth: cookies and CSRF kept, user parsed, then REST and the CSRF-protected POST work', async () => {
    const s = await login(url, { type: 'basic', user: 'agent', password: 'pw' });
    assert.equal(s.cookieHeader, 'JSESSIONID=s1; AWSELB=lb1');
    assert.equal(s.csrfToken, 'c1');
    assert.equal(s.user?.userName, 'agent');
    assert.deepEqual(await fetchCollection(s, 'calls'), [{ id: 'c' }]);
    const records: unknown[] = [];
    const journal = { operation: (build: (seq: number) => unknown) => records.push(build(records.length + 1)), scrubSecrets: (t: string) => t };
    const sent = await sendOperation(s, journal, buildRequest({ kind: 'me', id: '' }, 'StartContactCenterSession', { channels: ['voice'] }));
    assert.equal(sent.statusCode, 0);
    assert.equal(records.length, 2);
  });

  test('bearer auth sends the token', async () => {
    const s = await login(url, { type: 'bearer', token: 'tkn' });
    assert.equal(s.csrfToken, 'c1');
    assert.equal(seen.at(-1)?.headers.authorization, 'Bearer tkn');
  });

  test('a wrong password is a 401 auth-failed ConnectionError', async () => {
    await assert.rejects(login(url, { type: 'basic', user: 'agent', password: 'bad' }), (e: unknown) => e instanceof ConnectionError && e.failure.code === 'auth-failed');
  });
});
