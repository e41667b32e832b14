import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/server';
import type { SimulatorHandle } from '../../src/simulator/simulatorTypes';
import { getJson, login } from './simulatorSupport';
import { missingTool } from '../support/missingTool';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('simulator REST and auth', () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ port: 0, scenario: 'none', users: [{ user: 'agent1', password: 'secret' }, { user: 'agent2', password: 'pw2' }] });
  });
  after(() => sim.close());

  test('wrong password and no credentials get 401 with a Basic challenge', async () => {
    const attempts: Array<Record<string, string>> = [{ Authorization: basic('agent1', 'wrong') }, {}, { Authorization: 'Bearer nope' }];
    for (const headers of attempts) {
      const res = await fetch(`${sim.url}/api/v2/me`, { headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="GWS"');
      assert.equal(res.headers.get('set-cookie'), null);
    }
  });

  test('Basic login returns the user, a JSESSIONID cookie and the CSRF headers', async () => {
    const res = await fetch(`${sim.url}/api/v2/me`, { headers: { Authorization: basic('agent1', 'secret') } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /^JSESSIONID=[0-9A-F]{32}; Path=\/; HttpOnly$/);
    assert.equal(res.headers.get('x-csrf-header'), 'X-CSRF-TOKEN');
    assert.match(res.headers.get('x-csrf-token') ?? '', /^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { statusCode: number; user: Record<string, unknown> };
    assert.equal(body.statusCode, 0);
    assert.equal(body.user.userName, 'agent1');
    assert.deepEqual(body.user.roles, ['ROLE_AGENT']);
    for (const key of ['id', 'firstName', 'lastName']) assert.equal(typeof body.user[key], 'string');
  });

  test('a session cookie alone authenticates and keeps its CSRF token; a bearer token logs in', async () => {
    const s = await login(sim.url);
    const res = await fetch(`${sim.url}/api/v2/me`, { headers: { Cookie: s.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-csrf-token'), s.csrf);
    assert.equal(res.headers.get('set-cookie'), null);
    const bearer = await fetch(`${sim.url}/api/v2/me`, { headers: { Authorization: 'Bearer token-agent2' } });
    assert.equal(bearer.status, 200);
    assert.equal(((await bearer.json()) as { user: { userName: string } }).user.userName, 'agent2');
    assert.ok(bearer.headers.get('set-cookie'));
  });

  test('POST /api/v2/me needs the cookie and its CSRF token', async () => {
    const s = await login(sim.url);
    const other = await login(sim.url);
    const body = JSON.stringify({ operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] });
    const post = (headers: Record<string, string>, b = body) =>
      fetch(`${sim.url}/api/v2/me`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: b });
    const refused: Array<Record<string, string>> = [{ Cookie: s.cookie }, { Cookie: s.cookie, 'X-CSRF-TOKEN': other.csrf }, { 'X-CSRF-TOKEN': s.csrf }];
    for (const headers of refused) {
      const res = await post(headers);
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { statusMessage: string }).statusMessage, 'Missing or invalid Csrf token');
    }
    const ok = await post({ Cookie: s.cookie, 'X-CSRF-TOKEN': s.csrf });
    assert.deepEqual(await ok.json(), { statusCode: 0 });
    const partial = await post({ Cookie: s.cookie, 'X-CSRF-TOKEN': s.csrf }, JSON.stringify({ operationName: 'StartContactCenterSession', channels: ['voice', 'fax'] }));
    assert.equal(((await partial.json()) as { statusCode: number }).statusCode, 7);
    const bad = await post({ Cookie: s.cookie, 'X-CSRF-TOKEN': s.csrf }, '{not json');
    assert.equal(bad.status, 400);
  });

  test('resource lists need the cookie and start empty', async () => {
    for (const kind of ['calls', 'devices', 'chats']) {
      assert.equal((await getJson(`${sim.url}/api/v2/me/${kind}`)).status, 401);
    }
    const s = await login(sim.url);
    assert.deepEqual((await getJson(`${sim.url}/api/v2/me/calls`, s.cookie)).body, { statusCode: 0, calls: [] });
    assert.equal((await getJson(`${sim.url}/api/v2/nowhere`, s.cookie)).status, 404);
  });

  test('control endpoints: status, and emit input checks', async () => {
    const status = await getJson(`${sim.url}/sim/status`);
    assert.deepEqual(status.body, {
      sessions: 0,
      scenarios: [
        { user: 'agent1', scenario: 'none', started: false, done: false, delivered: 0 },
        { user: 'agent2', scenario: 'none', started: false, done: false, delivered: 0 },
      ],
    });
    const emit = (b: string) => fetch(`${sim.url}/sim/emit`, { method: 'POST', body: b });
    assert.equal((await emit('{"user":"ghost","channel":"/v2/me/calls","data":1}')).status, 400);
    assert.equal((await emit('{"user":"agent1","channel":"/meta/connect","data":1}')).status, 400);
    assert.equal((await emit('nope')).status, 400);
    const ok = await emit('{"user":"agent1","channel":"/v2/me/calls","data":{"x":1}}');
    assert.deepEqual(await ok.json(), { delivered: 0 });
  });
});

describe('simulator over TLS', () => {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  } catch {
    dir = undefined;
  }
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  test('serves HTTPS when given a key and certificate', { skip: dir ? false : missingTool('openssl') }, async () => {
    const cert = readFileSync(join(dir!, 'cert.pem'), 'utf8');
    const sim = await startSimulator({ port: 0, scenario: 'none', tls: { key: readFileSync(join(dir!, 'key.pem'), 'utf8'), cert } });
    try {
      assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number>((resolve, reject) => {
        get(`${sim.url}/api/v2/me`, { ca: cert, headers: { Authorization: basic('agent1', 'secret') } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      assert.equal(status, 200);
    } finally {
      await sim.close();
    }
  });
});
