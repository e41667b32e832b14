import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { exportCapture } from '../../src/exchange/exportCapture';
import type { SimulatorOptions } from '../../src/simulator/simulatorTypes';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { REPO, freePort, record, startSim, tempDir, waitFor } from '../support/harness';
import { fault, figure } from './support';

/**
 * After full sessions (basic auth through the CLI with a server restart, a session expiry, a lost
 * cookie and a final refused re-login; cookie and bearer auth through the host API), no secret
 * appears anywhere: the journal, every export format, the CLI's stdout and stderr (the connection
 * process writes there too), and every state detail, failure and log line the host received.
 * Secrets: the password, the Authorization header value (and its base64 credentials), every
 * JSESSIONID and CSRF token the simulator issued (GET /sim/logins), the pasted cookie, the token.
 */
const CLI = join(REPO, 'dist', 'cli.js');
const PASSWORD = 'Pa55-w0rd-Ω-7f3a9c';
const TOKEN = 'Tk-5e1d0c9b8a7f6e5d';

type Login = { jsessionId: string; csrfToken: string };

function run(args: string[], env: Record<string, string> = {}): { done: Promise<{ code: number | null; output: string }>; child: ReturnType<typeof spawn>; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  return { done, child, output: () => output };
}

async function logins(url: string): Promise<Login[]> {
  return (await (await fetch(`${url}/sim/logins`)).json()) as Login[];
}

/** Every place a secret was found, as `secret-name in place-name`. */
function leaks(secrets: Map<string, string>, places: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of secrets) {
    const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
    for (const [place, text] of places) for (const form of forms) if (text.includes(form)) found.push(`${name} in ${place}`);
  }
  return [...new Set(found)];
}

const lineCount = (path: string, kind: string): number => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.includes(`"kind":"${kind}"`)).length : 0);

describe('secrets never leak', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  test('basic auth through the CLI: restart, expiry, lost cookie, refused re-login, exports', async () => {
    const port = await freePort();
    const options: SimulatorOptions = { port, scenario: 'load', rate: 100, resources: 5, csrfNotifications: true, users: [{ user: 'agent1', password: PASSWORD }] };
    let sim = await startSim(options);
    sims.push(sim);
    const journal = join(tmp.dir, 'basic.ndjson');
    const rec = run(['record', '--url', sim.url, '--user', 'agent1', '--password-env', 'GWS_TEST_PW', '--out', journal, '--lines', '--summary'], { GWS_TEST_PW: PASSWORD });
    const issued: Login[] = [];
    await waitFor('traffic', () => lineCount(journal, 'message') >= 30);
    issued.push(...(await logins(sim.url)));
    sim.child.kill('SIGKILL');
    await new Promise((r) => sim.child.once('exit', r));
    sim = await startSim(options);
    sims.push(sim);
    await waitFor('the re-sync after the restart', () => lineCount(journal, 'snapshot') >= 1, 20_000);
    await fault(sim.url, { kind: 'unknown-client' });
    await waitFor('the re-handshake', () => lineCount(journal, 'gap') >= 2, 20_000);
    issued.push(...(await logins(sim.url)));
    await fault(sim.url, { kind: 'drop-session' });
    await waitFor('the re-login after the lost cookie', () => lineCount(journal, 'gap') >= 3, 20_000);
    issued.push(...(await logins(sim.url)));
    await fault(sim.url, { kind: 'handshake-401', count: 5 });
    await fault(sim.url, { kind: 'login-401', count: 5 });
    await fault(sim.url, { kind: 'unknown-client' });
    const { code, output } = await rec.done;
    assert.equal(code, 3, 'the refused re-login ends the CLI with the auth exit code');
    assert.match(output, /error: Logging in again after the session expired failed: GWS rejected the credentials \(HTTP 401/);
    assert.match(output, /HTTP 403 on \/connect: missing or invalid CSRF token/, 'the lost cookie was named');

    const places = new Map<string, string>([['record output', output], ['journal', readFileSync(journal, 'utf8')]]);
    const callId = /"call":\{"id":"([^"]+)"/.exec(places.get('journal')!)![1]!;
    for (const [format, extra] of [['ndjson', []], ['json', []], ['json', ['--redact']], ['markdown', ['--resource', `call:${callId}`]]] as const) {
      const out = join(tmp.dir, `export-${format}-${extra.length}.${format}`);
      const r = await run(['export', journal, '--format', format, '--out', out, ...extra]).done;
      assert.equal(r.code, 0, r.output);
      places.set(`export ${format} ${extra.join(' ')}`, readFileSync(out, 'utf8'));
      places.set(`export ${format} output`, r.output);
    }
    places.set('summary', (await run(['summary', journal, '--json']).done).output);

    const basic = Buffer.from(`agent1:${PASSWORD}`).toString('base64');
    const secrets = new Map<string, string>([['password', PASSWORD], ['Authorization value', `Basic ${basic}`], ['base64 credentials', basic]]);
    issued.forEach((l, i) => {
      secrets.set(`JSESSIONID ${i}`, l.jsessionId);
      secrets.set(`CSRF token ${i}`, l.csrfToken);
    });
    assert.ok(issued.length >= 3, 'sessions were issued by both servers and after the re-login');
    assert.deepEqual(leaks(secrets, places), []);
    figure('secrets.basic', { secrets: secrets.size, places: places.size, leaks: 0 });
  });

  test('pasted cookie and bearer token through the host API: journal, exports, states, failures, logs', async () => {
    const sim = await startSim({ scenario: 'load', rate: 100, resources: 5, csrfNotifications: true, tokens: { [TOKEN]: 'agent1' } });
    sims.push(sim);
    const me = await fetch(`${sim.url}/api/v2/me`, { headers: { Authorization: `Basic ${Buffer.from('agent1:secret').toString('base64')}` } });
    const jsessionId = /JSESSIONID=([^;]+)/.exec(me.headers.get('set-cookie') ?? '')![1]!;
    const csrf = me.headers.get('x-csrf-token')!;
    const places = new Map<string, string>();
    const secrets = new Map<string, string>([['pasted JSESSIONID', jsessionId], ['its CSRF token', csrf], ['bearer token', TOKEN], ['bearer Authorization value', `Bearer ${TOKEN}`]]);

    for (const credentials of [{ type: 'cookie' as const, cookie: `JSESSIONID=${jsessionId}` }, { type: 'bearer' as const, token: TOKEN }]) {
      const journal = join(tmp.dir, `${credentials.type}.ndjson`);
      const rec = record(sim.url, journal, { credentials, maxBackoffMs: 500 });
      const said: string[] = [];
      rec.host.onDidChangeState(({ state, detail }) => said.push(`state ${state}: ${detail ?? ''}`));
      rec.host.onDidFail(({ failure }) => said.push(`failure ${failure.code}: ${failure.message}`));
      rec.host.onDidLog(({ level, text }) => said.push(`log ${level}: ${text}`));
      await rec.host.ready;
      await waitFor('traffic', () => rec.tracker.messageCount >= 30);
      await fault(sim.url, { kind: 'unknown-client' });
      await waitFor('the re-handshake', () => rec.entries.some((e) => e.rec === 'gap'));
      // The session dies: a pasted cookie cannot log in again (a clear error); a token can.
      await fault(sim.url, { kind: 'drop-session' });
      await waitFor('the outcome of the re-login', () => rec.host.state === 'error' || rec.entries.filter((e) => e.rec === 'gap').length >= 2, 20_000);
      if (credentials.type === 'cookie') assert.equal(rec.host.state, 'error', 'a dead pasted cookie ends in an error');
      await rec.host.stop();
      places.set(`${credentials.type} journal`, readFileSync(journal, 'utf8'));
      places.set(`${credentials.type} host messages`, said.join('\n'));
      for (const format of ['ndjson', 'json', 'markdown'] as const) {
        const out = join(tmp.dir, `${credentials.type}-export.${format}`);
        const id = rec.tracker.resources('call')[0]!.id;
        await exportCapture(journal, format === 'markdown' ? { kind: 'resource', resource: { kind: 'call', id } } : { kind: 'all' }, format, out);
        places.set(`${credentials.type} export ${format}`, readFileSync(out, 'utf8'));
      }
    }
    assert.match(places.get('cookie host messages')!, /HTTP 403 on \/connect: missing or invalid CSRF token/);
    assert.deepEqual(leaks(secrets, places), []);
    figure('secrets.cookieAndBearer', { secrets: secrets.size, places: places.size, leaks: 0 });
  });
});
