import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConnectionError } from '../../src/connection/connectionErrors';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, startSim, tempDir } from '../support/harness';

/** A self-signed certificate for 127.0.0.1, made now: nothing trusted by default. */
function makeCert(dir: string, name: string): { cert: string; key: string; fingerprint: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=gws-test-${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const fp = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256']).toString().trim().split('=')[1];
  return { cert, key, fingerprint: fp };
}

describe('TLS: verified unless the user trusts a CA or pins the certificate', () => {
  const tmp = tempDir();
  let certA: ReturnType<typeof makeCert>;
  let certB: ReturnType<typeof makeCert>;
  let sim: SimulatorProcess;
  before(async () => {
    certA = makeCert(tmp.dir, 'a');
    certB = makeCert(tmp.dir, 'b');
    sim = await startSim({ scenario: 'none', tls: { cert: readFileSync(certA.cert, 'utf8'), key: readFileSync(certA.key, 'utf8') } });
    assert.match(sim.url, /^https:/);
  });
  after(async () => {
    await sim.stop();
    tmp.cleanup();
  });

  async function outcome(overrides: Parameters<typeof record>[2], name: string): Promise<ConnectionError | 'connected'> {
    const rec = record(sim.url, join(tmp.dir, `${name}.ndjson`), overrides);
    try {
      await rec.host.ready;
      return 'connected';
    } catch (err) {
      assert.ok(err instanceof ConnectionError);
      return err;
    } finally {
      await rec.host.stop();
    }
  }

  test('by default the connection fails and names the certificate problem and its fingerprint', async () => {
    const err = await outcome({}, 'default');
    assert.notEqual(err, 'connected');
    const failure = (err as ConnectionError).failure;
    assert.equal(failure.code, 'tls');
    assert.match(failure.message, /self-signed certificate/);
    assert.equal(failure.certificate?.fingerprint256, certA.fingerprint);
    assert.match(failure.certificate?.subject ?? '', /CN=gws-test-a/);
  });

  test('pinning the certificate the user saw makes it connect, with verification still on', async () => {
    const first = (await outcome({}, 'probe')) as ConnectionError;
    assert.equal(await outcome({ pinnedCertificatePem: first.failure.certificate!.trustPem }, 'pinned'), 'connected');
  });

  test('trusting a CA file makes it connect', async () => {
    assert.equal(await outcome({ caFile: certA.cert }, 'ca'), 'connected');
  });

  test('a CA file joined with a pin makes it connect; an unreadable CA file fails clearly, starting no process', async () => {
    const pinnedA = ((await outcome({}, 'probe3')) as ConnectionError).failure.certificate!.trustPem;
    assert.equal(await outcome({ caFile: certB.cert, pinnedCertificatePem: pinnedA }, 'ca-and-pin'), 'connected');
    const rec = record(sim.url, join(tmp.dir, 'no-ca.ndjson'), { caFile: join(tmp.dir, 'missing.pem'), pinnedCertificatePem: pinnedA });
    const err = await rec.host.ready.then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ConnectionError);
    assert.equal(err.failure.code, 'tls');
    assert.match(err.failure.message, /missing\.pem/);
    assert.equal(rec.host.pid, undefined);
    assert.equal(rec.host.isRunning, false);
    await rec.host.stop();
  });

  test('a different certificate on the same server fails again despite the pin', async () => {
    const pinnedA = ((await outcome({}, 'probe2')) as ConnectionError).failure.certificate!.trustPem;
    await sim.stop();
    sim = await startSim({ port: Number(new URL(sim.url).port), scenario: 'none', tls: { cert: readFileSync(certB.cert, 'utf8'), key: readFileSync(certB.key, 'utf8') } });
    const err = await outcome({ pinnedCertificatePem: pinnedA }, 'changed');
    assert.notEqual(err, 'connected');
    assert.equal((err as ConnectionError).failure.code, 'tls');
    assert.equal((err as ConnectionError).failure.certificate?.fingerprint256, certB.fingerprint);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED in the environment is never passed on', async () => {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const err = await outcome({}, 'env');
      assert.notEqual(err, 'connected');
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    }
  });
});
