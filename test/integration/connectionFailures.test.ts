import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { ConnectionError } from '../../src/connection/connectionErrors';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { freePort, record, startSim, tempDir } from '../support/harness';

/** Each failure mode ends with one specific, actionable error and no retry loop. */
describe('connection failures', () => {
  let sim: SimulatorProcess;
  const tmp = tempDir();
  before(async () => {
    sim = await startSim({ scenario: 'none', users: [{ user: 'agent1', password: 'secret' }, { user: 'mute', password: 'secret' }], denyHandshakeUsers: ['mute'] });
  });
  after(async () => {
    await sim.stop();
    tmp.cleanup();
  });

  async function failureOf(rec: ReturnType<typeof record>): Promise<ConnectionError> {
    try {
      await rec.host.ready;
    } catch (err) {
      await rec.host.stop();
      assert.ok(err instanceof ConnectionError, `expected a ConnectionError, got ${String(err)}`);
      return err;
    }
    await rec.host.stop();
    assert.fail('the connection succeeded');
  }

  test('a wrong password is reported as such, without retrying', async () => {
    const rec = record(sim.url, join(tmp.dir, 'wrong.ndjson'), { credentials: { type: 'basic', user: 'agent1', password: 'nope' } });
    const err = await failureOf(rec);
    assert.equal(err.failure.code, 'auth-failed');
    assert.match(err.message, /HTTP 401/);
    assert.match(err.message, /user name and password/);
    assert.equal(err.failure.retryable, false);
    assert.ok(!err.message.includes('nope'), 'the password must not appear in the message');
  });

  test('a handshake denied even after a fresh login is reported, after exactly one re-login', async () => {
    const rec = record(sim.url, join(tmp.dir, 'denied.ndjson'), { credentials: { type: 'basic', user: 'mute', password: 'secret' } });
    const err = await failureOf(rec);
    assert.equal(err.failure.code, 'handshake-denied');
    assert.match(err.message, /denied the CometD handshake/);
    const logins = rec.entries.filter((e) => e.rec === 'event' && e.event === 'login');
    assert.equal(logins.length, 2, 'one login, then one re-login, then stop');
  });

  test('an unreachable host names the URL and the cause', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const rec = record(url, join(tmp.dir, 'unreachable.ndjson'));
    const err = await failureOf(rec);
    assert.equal(err.failure.code, 'unreachable');
    assert.ok(err.message.includes(`${url}/api/v2/me`), err.message);
    assert.match(err.message, /ECONNREFUSED/);
    assert.equal(err.failure.retryable, true);
  });

  test('an unresolvable host name is reported as a DNS problem', async () => {
    const rec = record('http://gws.invalid:8080', join(tmp.dir, 'dns.ndjson'));
    const err = await failureOf(rec);
    assert.equal(err.failure.code, 'unreachable');
    assert.match(err.message, /could not be resolved|ENOTFOUND|EAI_AGAIN/);
  });

  test('a server that is not GWS is named as such', async () => {
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
    try {
      const rec = record(url, join(tmp.dir, 'notgws.ndjson'));
      const err = await failureOf(rec);
      assert.equal(err.failure.code, 'protocol');
      assert.match(err.message, /did not answer JSON/);
    } finally {
      other.close();
    }
  });

  test('a subscription outside /v2/me is refused with a specific message, and the connection stays up', async () => {
    const rec = record(sim.url, join(tmp.dir, 'sub.ndjson'), { topics: ['/v2/me/calls'] });
    const failures: string[] = [];
    rec.host.onDidFail(({ failure }) => failures.push(`${failure.code}: ${failure.message}`));
    await rec.host.ready;
    rec.host.subscribe('/other/topic');
    const deadline = Date.now() + 5000;
    while (failures.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(rec.host.state, 'connected');
    await rec.host.stop();
    assert.equal(failures.length, 1);
    assert.match(failures[0], /^subscribe-denied: GWS refused the subscription to \/other\/topic/);
  });
});
