import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { startSimulator } from '../../src/simulator/server';
import type { SimulatorHandle } from '../../src/simulator/simulatorTypes';
import { login, TestClient, waitFor } from './simulatorSupport';

const emit = async (url: string, body: unknown): Promise<number> => {
  const res = await fetch(`${url}/sim/emit`, { method: 'POST', body: JSON.stringify(body) });
  return ((await res.json()) as { delivered: number }).delivered;
};

describe('simulator CometD endpoint', () => {
  let sim: SimulatorHandle;
  const clients: TestClient[] = [];
  const client = (headers: Record<string, string>) => {
    const c = new TestClient(sim.url, headers);
    clients.push(c);
    return c;
  };
  before(async () => {
    sim = await startSimulator({ port: 0, scenario: 'none', users: [{ user: 'agent1', password: 'secret' }, { user: 'agent2', password: 'pw2' }] });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.disconnect()));
    await sim.close();
  });

  test('the handshake is denied without a valid JSESSIONID', async () => {
    const attempts: Array<Record<string, string>> = [{}, { Cookie: 'JSESSIONID=0123456789ABCDEF0123456789ABCDEF' }];
    for (const headers of attempts) {
      const reply = await client(headers).handshake();
      assert.equal(reply.successful, false);
      assert.match(String(reply.error), /403::handshake_denied/);
    }
    assert.equal(sim.status().sessions, 0);
  });

  test('subscriptions are allowed under /v2/me only; publishing is refused', async () => {
    const s = await login(sim.url);
    const c = client({ Cookie: s.cookie });
    assert.equal((await c.handshake()).successful, true);
    const replies = await c.subscribe(['/foo', '/v2/other', '/v2/me/calls', '/v2/me/*', '/v2/me/**']);
    assert.deepEqual(replies.map((r) => r.successful), [false, false, true, true, true]);
    const published = await new Promise<boolean>((resolve) => c.cometd.publish('/v2/me/calls', { x: 1 }, (r) => resolve(r.successful === true)));
    assert.equal(published, false);
  });

  test('a message reaches every session of its user, once per session, and no other user', async () => {
    const [a, b] = [await login(sim.url), await login(sim.url)];
    const other = await login(sim.url, 'agent2', 'pw2');
    const c1 = client({ Cookie: a.cookie });
    const c2 = client({ Cookie: b.cookie });
    const c3 = client({ Cookie: other.cookie });
    for (const c of [c1, c2, c3]) assert.equal((await c.handshake()).successful, true);
    await c1.subscribe(['/v2/me/calls']);
    await c2.subscribe(['/v2/me/*', '/v2/me/calls']);
    await c3.subscribe(['/v2/me/**']);
    // The session from the earlier test is also agent1's, but subscribed to /v2/me/** too.
    const delivered = await emit(sim.url, { user: 'agent1', channel: '/v2/me/calls', data: { messageType: 'Ping', n: 1 } });
    assert.equal(delivered, 3);
    await waitFor(() => c1.on('/v2/me/calls').length === 1 && c2.wire.length === 1, 'both sessions to receive');
    assert.deepEqual(c1.on('/v2/me/calls')[0]!.data, { messageType: 'Ping', n: 1 });
    assert.equal(c2.received.length, 2, 'one wire message, dispatched to both matching subscriptions');
    assert.equal(await emit(sim.url, { user: 'agent1', channel: '/v2/me/devices', data: {} }), 2, 'c1 has no devices subscription');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(c3.wire.length, 0);
    assert.equal(sim.status().sessions, 4);
  });

  test('/sim/emit can send a message with no data at all', async () => {
    const s = await login(sim.url, 'agent2', 'pw2');
    const c = client({ Cookie: s.cookie });
    await c.handshake();
    await c.subscribe(['/v2/me/calls']);
    assert.equal(await emit(sim.url, { user: 'agent2', channel: '/v2/me/calls' }), 2);
    await waitFor(() => c.wire.length === 1, 'the data-less message');
    assert.equal('data' in c.wire[0]!, false);
  });
});

describe('simulator CometD endpoint under hostile requests', () => {
  test('answers junk with errors and keeps serving', async () => {
    const sim = await startSimulator({ port: 0, scenario: 'none' });
    try {
      const s = await login(sim.url);
      const post = (body: string) =>
        fetch(`${sim.url}/api/v2/notifications`, { method: 'POST', headers: { Cookie: s.cookie, 'Content-Type': 'application/json' }, body });
      for (const junk of ['{not json', '[]', '[42]', '[{"no":"channel"}]', 'x'.repeat(2 * 1024 * 1024)]) {
        assert.ok([400, 413].includes((await post(junk)).status), junk.slice(0, 20));
      }
      assert.equal((await fetch(`${sim.url}/api/v2/notifications/connect`)).status, 400, 'GET is not a transport');
      const [hs] = (await (await post(JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]))).json()) as Array<{ clientId: string }>;
      const [sub] = (await (await post(JSON.stringify([{ channel: '/meta/subscribe', clientId: hs!.clientId, subscription: 42 }]))).json()) as Array<{ successful: boolean }>;
      assert.equal(sub!.successful, false);
      const c = new TestClient(sim.url, { Cookie: s.cookie });
      assert.equal((await c.handshake()).successful, true);
      assert.deepEqual((await c.subscribe(['/v2/me/calls'])).map((r) => r.successful), [true]);
      await c.disconnect();
    } finally {
      await sim.close();
    }
  });
});

describe('simulator with csrfNotifications', () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ port: 0, scenario: 'none', csrfNotifications: true });
  });
  after(() => sim.close());

  test('rejects CometD POSTs without the CSRF header with 403', async () => {
    const s = await login(sim.url);
    const raw = await fetch(`${sim.url}/api/v2/notifications/handshake`, {
      method: 'POST',
      headers: { Cookie: s.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]),
    });
    assert.equal(raw.status, 403);
    assert.equal(((await raw.json()) as { statusMessage: string }).statusMessage, 'Missing or invalid Csrf token');
    const c = new TestClient(sim.url, { Cookie: s.cookie });
    const reply = await c.handshake();
    await c.disconnect();
    assert.equal(reply.successful, false);
    assert.equal(sim.status().sessions, 0);
  });

  test('accepts them with the token issued at login', async () => {
    const s = await login(sim.url);
    const c = new TestClient(sim.url, { Cookie: s.cookie, 'X-CSRF-TOKEN': s.csrf });
    try {
      assert.equal((await c.handshake()).successful, true);
      assert.deepEqual((await c.subscribe(['/v2/me/calls'])).map((r) => r.successful), [true]);
      assert.equal(await emit(sim.url, { user: 'agent1', channel: '/v2/me/calls', data: { ok: true } }), 1);
      await waitFor(() => c.received.length === 1, 'the message');
    } finally {
      await c.disconnect();
    }
  });
});

describe('simulator CometD endpoint on one keep-alive connection', () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ port: 0, scenario: 'none', users: [{ user: 'agent1', password: 'secret' }] });
  });
  after(async () => {
    await sim.close();
  });

  /** One POST to the Bayeux endpoint, as raw HTTP/1.1 text. */
  const post = (path: string, cookie: string, body: unknown): string => {
    const json = JSON.stringify(body);
    return `POST /api/v2/notifications/${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
  };

  test('a request queued behind a held long poll is answered once that poll completes', async () => {
    const s = await login(sim.url);
    const bayeux = async (path: string, body: unknown): Promise<Array<Record<string, unknown>>> => {
      const res = await fetch(`${sim.url}/api/v2/notifications/${path}`, { method: 'POST', headers: { Cookie: s.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as Array<Record<string, unknown>>;
    };
    const [hs] = await bayeux('handshake', [{ id: '1', channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]);
    const clientId = String(hs.clientId);
    await bayeux('', [{ id: '2', channel: '/meta/subscribe', clientId, subscription: '/v2/me/calls' }]);
    await bayeux('connect', [{ id: '3', channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 0 } }]);
    // Pipelined: the connect is held (nothing queued), so the subscribe's response has no socket yet.
    const socket = connect(new URL(sim.url).port ? Number(new URL(sim.url).port) : 80, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    try {
      await once(socket, 'connect');
      socket.write(post('connect', s.cookie, [{ id: '4', channel: '/meta/connect', clientId, connectionType: 'long-polling' }]) + post('', s.cookie, [{ id: '5', channel: '/meta/subscribe', clientId, subscription: '/v2/me/chats' }]));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await emit(sim.url, { user: 'agent1', channel: '/v2/me/calls', data: { n: 1 } }), 1);
      await waitFor(() => text.includes('"/meta/subscribe"'), 'the reply to the queued subscribe', 5000);
      assert.equal(text.match(/HTTP\/1\.1 200/g)?.length, 2);
      assert.ok(text.indexOf('"/meta/connect"') < text.indexOf('"/meta/subscribe"'), 'responses come in request order');
    } finally {
      socket.destroy();
    }
  });
});
