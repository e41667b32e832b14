import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { freePort, startSim, tempDir } from '../support/harness';
import { CLI, runCli } from './cliSupport';


const run = runCli;

describe('gws-notify CLI', () => {
  const tmp = tempDir();
  let sim: SimulatorProcess;
  before(async () => {
    sim = await startSim({ scenario: 'demo', speed: 0 });
  });
  after(async () => {
    await sim.stop();
    tmp.cleanup();
  });

  test('record --count stops once that many message records are in, exits 0, and summary --json reads the capture', async () => {
    const out = join(tmp.dir, 'cli.ndjson');
    const r = await run(['record', '--url', sim.url, '--user', 'agent1', '--password-env', 'GWS_PW', '--topics', '/v2/me/calls,/v2/me/devices,/v2/me/chats', '--count', '20', '--out', out], { GWS_PW: 'secret' });
    assert.equal(r.code, 0, r.stderr);
    // The final count is said once (it was also the stop reason: "[20 messages]").
    const final = /^recorded (\d+) messages \(0 malformed\) to .*cli\.ndjson \[--count reached\]$/m.exec(r.stderr);
    assert.ok(final, r.stderr);
    assert.equal(r.stderr.split(`${final[1]} messages`).length - 1, 1, r.stderr);
    assert.ok(!readFileSync(out, 'utf8').includes('secret'), 'no password in the journal');
    const s = await run(['summary', out, '--json']);
    assert.equal(s.code, 0, s.stderr);
    const summary = JSON.parse(s.stdout);
    assert.deepEqual(Object.keys(summary), ['messages', 'malformed', 'byChannel', 'resources', 'operations', 'delivery']);
    assert.ok(summary.messages >= 20);
    assert.equal(summary.malformed, 0);
    for (const r2 of summary.resources) {
      assert.deepEqual(Object.keys(r2), ['kind', 'id', 'state', 'states', 'messages', 'ended', 'timeInState']);
      assert.ok(['call', 'device', 'chat', 'error', 'other'].includes(r2.kind));
    }
    const table = await run(['summary', out]);
    assert.match(table.stdout, /KIND\s+ID\s+STATE/);
  });

  test('record --lines --summary: event lines name their topic, the table is alone on stdout, after every log line (issue 18.14)', async () => {
    const out = join(tmp.dir, 'lines.ndjson');
    // Its own simulator: the demo script plays once per simulator, and the first test heard it.
    const own = await startSim({ scenario: 'demo', speed: 0 });
    const r = await run(['record', '--url', own.url, '--user', 'agent1', '--password-env', 'GWS_PW', '--topics', '/v2/me/calls,/v2/me/devices', '--count', '5', '--lines', '--summary', '--out', out], { GWS_PW: 'secret' });
    await own.stop();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /-- subscribed \/v2\/me\/calls$/m);
    assert.match(r.stderr, /-- subscribed \/v2\/me\/devices$/m);
    assert.doesNotMatch(r.stderr, /-- subscribed$/m);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^Messages: \d+ {3}Malformed: 0$/, r.stdout);
    assert.ok(lines.some((l) => /^KIND\s+ID\s+STATE/.test(l)), r.stdout);
    assert.ok(!lines.some((l) => /^\[|^\d\d:\d\d:|^recorded|^warning/.test(l)), `no log line inside the table:\n${r.stdout}`);
    assert.match(r.stderr.trimEnd().split('\n').at(-1)!, /^recorded to .*lines\.ndjson \[--count reached\]$/);
  });

  test('demo plays its script once, then records nothing more (issue 18.13; --loop repeats it)', async () => {
    const out = join(tmp.dir, 'demo.ndjson');
    const r = await run(['demo', '--speed', '0', '--duration', '8', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    // The whole script on five topics is 47 messages (test/integration/demo.test.ts); a looping demo at speed 0 gives thousands.
    const summary = JSON.parse((await run(['summary', out, '--json'])).stdout) as { messages: number };
    assert.equal(summary.messages, 47);
  });

  test('a wrong password exits non-zero with the specific message', async () => {
    const r = await run(['record', '--url', sim.url, '--user', 'agent1', '--password-env', 'GWS_PW', '--duration', '5', '--out', join(tmp.dir, 'bad.ndjson')], { GWS_PW: 'wrong' });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /error: GWS rejected the credentials \(HTTP 401/);
    assert.ok(!r.stderr.includes('wrong'));
  });

  test('an unreachable server exits non-zero naming the URL', async () => {
    const port = await freePort();
    const r = await run(['record', '--url', `http://127.0.0.1:${port}`, '--user', 'agent1', '--password-env', 'GWS_PW', '--out', join(tmp.dir, 'down.ndjson')], { GWS_PW: 'secret' });
    assert.equal(r.code, 4);
    assert.match(r.stderr, new RegExp(`Cannot reach http://127\\.0\\.0\\.1:${port}/api/v2/me: .*ECONNREFUSED`));
  });

  test('without a password variable and no terminal, it says how to give one', async () => {
    const r = await run(['record', '--url', sim.url, '--user', 'agent1', '--out', join(tmp.dir, 'nopw.ndjson')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--password-env/);
  });

  test('bad arguments are refused with exit code 2', async () => {
    assert.equal((await run(['record', '--url', 'not-a-url', '--user', 'a', '--password-env', 'X'], { X: 'y' })).code, 2);
    const topics = await run(['record', '--url', sim.url, '--user', 'a', '--password-env', 'X', '--topics', 'no-slash'], { X: 'y' });
    assert.equal(topics.code, 2);
    assert.match(topics.stderr, /not a valid Bayeux channel name: no-slash/);
    const summary = await run(['summary', join(tmp.dir, 'missing.ndjson')]);
    assert.equal(summary.code, 2);
  });

  test('sim prints the URL it listens on and serves GWS', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'sim', '--port', String(port), '--scenario', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => resolve(c.toString().trim()));
        child.on('exit', (code) => reject(new Error(`sim exited ${code}`)));
      });
      assert.equal(url, `http://127.0.0.1:${port}`);
      const res = await fetch(`${url}/api/v2/me`, { headers: { Authorization: `Basic ${Buffer.from('agent1:secret').toString('base64')}` } });
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGINT');
    }
  });
});
