import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import type { ConnectionFailure } from '../../src/connection/connectionErrors';
import type { SimulatorOptions } from '../../src/simulator/simulatorTypes';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { record, startSim, tempDir, waitFor, type Recording } from '../support/harness';
import { emit, fault, figure, journalRecords, requests, sleep } from './support';

/** The server stalls, forgets the session, refuses the handshake or the CSRF token: named, and survived. */
describe('session faults', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  /** A simulator streaming the load scenario (50 msg/s) and a connection recording from it, with its state details and failures. */
  async function streaming(name: string, options: SimulatorOptions = {}, beforeConnect?: (url: string) => Promise<unknown>) {
    const sim = await startSim({ scenario: 'load', rate: 50, resources: 5, ...options });
    sims.push(sim);
    await beforeConnect?.(sim.url);
    const rec = record(sim.url, join(tmp.dir, `${name}.ndjson`), { maxBackoffMs: 1000 });
    const details: Array<{ at: number; state: string; detail?: string }> = [];
    const failures: Array<{ failure: ConnectionFailure; fatal: boolean }> = [];
    rec.host.onDidChangeState(({ state, detail }) => details.push({ at: Date.now(), state, detail }));
    rec.host.onDidFail((f) => failures.push(f));
    await rec.host.ready;
    await waitFor('traffic', () => rec.tracker.messageCount >= 20);
    return { sim, rec, details, failures };
  }

  const messagesNow = (rec: Recording): number => rec.tracker.messageCount;
  const flowsAgain = async (rec: Recording, what: string, timeoutMs = 20_000): Promise<void> => {
    const floor = messagesNow(rec);
    await waitFor(what, () => rec.host.state === 'connected' && messagesNow(rec) >= floor + 20, timeoutMs);
  };
  const count = (list: Array<{ path: string; fault?: string }>, path: string, fault?: string): number =>
    list.filter((r) => r.path === path && (fault === undefined || r.fault === fault)).length;

  test('a stalled /meta/connect (longer than the CometD timeout) is detected, named, and recovered from without user action', async () => {
    // Long-poll timeout 1 s: the client gives up on a silent poll after 1 s + its 15 s network allowance.
    const { sim, rec, details } = await streaming('stall', {}, (url) => fault(url, { kind: 'timeout', ms: 1000 }));
    const stallMs = 18_000;
    const stalledAt = Date.now();
    await fault(sim.url, { kind: 'stall-connect', ms: stallMs });
    await waitFor('the stall to be detected', () => rec.host.state === 'reconnecting', stallMs);
    const detected = details.find((d) => d.at >= stalledAt && d.state === 'reconnecting')!;
    assert.match(detected.detail ?? '', /No answer from .*\/api\/v2\/notifications for \d+ s: the server or a proxy stopped responding/);
    await flowsAgain(rec, 'traffic after the stall', stallMs + 15_000);
    const recoveredAt = Date.now();
    await rec.host.stop();
    const records = await journalRecords(rec.journalPath);
    const gap = records.find((r) => r.kind === 'gap');
    assert.ok(gap?.kind === 'gap' && Date.parse(gap.from) <= stalledAt + 100 && Date.parse(gap.to) >= stalledAt + stallMs - 1000, 'a gap covers the stall');
    assert.equal(records.filter((r) => r.kind === 'snapshot').length, 1, 'state re-synced from REST once');
    figure('stall.detectedAfterMs', detected.at - stalledAt);
    figure('stall.flowingAgainAfterStallEndMs', recoveredAt - stalledAt - stallMs);
  });

  test('402::unknown_client mid-stream: re-handshake with the same login, gap, snapshot, traffic again', async () => {
    const { sim, rec, details } = await streaming('unknown-client');
    const armedAt = Date.now();
    await fault(sim.url, { kind: 'unknown-client' });
    await flowsAgain(rec, 'traffic after the re-handshake');
    await rec.host.stop();
    const detail = details.find((d) => d.at >= armedAt && d.state === 'reconnecting')?.detail ?? '';
    assert.match(detail, /no longer knows this session \(402::unknown_client\)/);
    const reqs = await requests(sim.url);
    assert.equal(count(reqs, '/api/v2/notifications/connect', 'unknown-client'), 1);
    assert.equal(count(reqs, '/api/v2/notifications/handshake'), 2, 'one handshake, one re-handshake');
    assert.equal(count(reqs, '/api/v2/me'), 1, 'no new login was needed: the HTTP session is still valid');
    const records = await journalRecords(rec.journalPath);
    assert.equal(records.filter((r) => r.kind === 'gap').length, 1);
    assert.equal(records.filter((r) => r.kind === 'snapshot').length, 1);
    figure('unknownClient.requests', { handshakes: 2, logins: 1 });
  });

  test('HTTP 401 on /handshake: exactly one re-login with the stored secret, then success', async () => {
    const { sim, rec } = await streaming('handshake-401');
    await fault(sim.url, { kind: 'handshake-401' });
    await fault(sim.url, { kind: 'unknown-client' });
    await flowsAgain(rec, 'traffic after the re-login');
    await rec.host.stop();
    const reqs = await requests(sim.url);
    assert.equal(count(reqs, '/api/v2/notifications/handshake', 'handshake-401'), 1);
    assert.equal(count(reqs, '/api/v2/me'), 2, 'the first login and exactly one re-login');
    assert.equal(count(reqs, '/api/v2/notifications/handshake'), 3, 'handshake, refused re-handshake, re-handshake after the re-login');
    const logins = (await journalRecords(rec.journalPath)).filter((r) => r.kind === 'event' && r.event === 'login');
    assert.equal(logins.length, 2);
  });

  test('when the re-login fails too: one clear error, and no retry loop', async () => {
    const { sim, rec, failures } = await streaming('relogin-fails');
    await fault(sim.url, { kind: 'handshake-401', count: 100 });
    await fault(sim.url, { kind: 'login-401', count: 100 });
    await fault(sim.url, { kind: 'unknown-client' });
    await waitFor('the fatal error', () => rec.host.state === 'error', 10_000);
    const fatal = failures.filter((f) => f.fatal);
    assert.equal(fatal.length, 1);
    assert.equal(fatal[0].failure.code, 'auth-failed');
    assert.match(fatal[0].failure.message, /^Logging in again after the session expired failed: GWS rejected the credentials \(HTTP 401 on .*\/api\/v2\/me\): check the user name and password\.$/);
    const atError = (await requests(sim.url)).length;
    await sleep(3000);
    const later = (await requests(sim.url)).slice(atError).filter((r) => !r.path.startsWith('/sim/'));
    assert.deepEqual(later.map((r) => `${r.method} ${r.path}`), [], 'nothing more is tried after the error');
    const reqs = await requests(sim.url);
    assert.equal(count(reqs, '/api/v2/me', 'login-401'), 1, 'one re-login attempt');
    assert.equal(count(reqs, '/api/v2/notifications/handshake', 'handshake-401'), 1, 'one refused handshake');
    await rec.host.stop();
    figure('reloginFails.requestsAfterError', later.length);
  });

  test('lost session cookie with CSRF-protected notifications: the 403 is named as a CSRF failure, one re-login recovers', async () => {
    // No scripted traffic: the long poll stays parked until a message wakes it, so the order of events is fixed.
    const sim = await startSim({ scenario: 'none', csrfNotifications: true });
    sims.push(sim);
    const rec = record(sim.url, join(tmp.dir, 'csrf.ndjson'), { maxBackoffMs: 1000 });
    const details: Array<{ state: string; detail?: string }> = [];
    rec.host.onDidChangeState((d) => details.push(d));
    await rec.host.ready;
    await waitFor('subscriptions', () => rec.entries.filter((e) => e.rec === 'event' && e.event === 'subscribed').length === 3);
    const dropped = await fault(sim.url, { kind: 'drop-session' });
    assert.equal(dropped.dropped, 1);
    // The explicit REST operation names it.
    await assert.rejects(rec.host.startContactCenterSession(['voice']), /HTTP 403 .*missing or invalid CSRF token/);
    // A message wakes the parked poll; the next poll is refused.
    await emit(sim.url, '/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'before', state: 'Ringing' } });
    await waitFor('the re-login', () => rec.entries.filter((e) => e.rec === 'event' && e.event === 'subscribed').length === 6, 10_000);
    await emit(sim.url, '/v2/me/calls', { messageType: 'CallStateChangeMessage', call: { id: 'after', state: 'Ringing' } });
    await waitFor('the message after the re-login', () => rec.tracker.get('call', 'after') !== undefined);
    await rec.host.stop();
    const refused = details.find((d) => d.state === 'reconnecting')?.detail ?? '';
    assert.match(refused, /HTTP 403 on \/connect: missing or invalid CSRF token/);
    const reqs = await requests(sim.url);
    assert.equal(reqs.filter((r) => r.path === '/api/v2/notifications/connect' && r.status === 403).length, 1, 'one refused poll, no retry loop');
    assert.equal(reqs.filter((r) => r.path === '/api/v2/me' && r.method === 'GET').length, 2, 'one re-login');
    assert.ok(rec.tracker.get('call', 'before') && rec.tracker.get('call', 'after'), 'nothing lost around the refusal');
  });
});
