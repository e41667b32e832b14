import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { LiveSession } from '../../src/session/liveSession';
import { bundlePath } from '../../src/util/bundles';
import { REPO, record, startSim, tempDir, waitFor, type Recording } from '../support/harness';
import { deliveries, emit, fault, figure, journalRecords, loadSeq, requests } from './support';

/** Responses trickled byte by byte, cut mid-body, or 40 MB at once: no crash, no loss the server did not cause. */
describe('wire faults', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  async function quiet(name: string): Promise<{ sim: SimulatorProcess; rec: Recording }> {
    const sim = await startSim({ scenario: 'none' });
    sims.push(sim);
    const rec = record(sim.url, join(tmp.dir, `${name}.ndjson`), { maxBackoffMs: 500 });
    await rec.host.ready;
    await waitFor('subscriptions', () => rec.entries.filter((e) => e.rec === 'event' && e.event === 'subscribed').length === 3);
    return { sim, rec };
  }

  const hostOptions = (url: string, journalPath: string) => ({
    processScript: bundlePath('connection', join(REPO, 'dist')),
    baseUrl: url,
    credentials: { type: 'basic' as const, user: 'agent1', password: 'secret' },
    topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'],
    journalPath,
    userLabel: 'agent1',
    toolVersion: 'test',
  });

  const chatText = (caseId: string, text: string) => ({ caseId, messageType: 'MessageLogUpdated', notificationType: 'NewMessages', chatUri: 'http://gws/api/v2/chats/T1', messages: [{ index: 1, type: 'Text', text }] });
  const UNICODE = 'héllo 😈 مالوري ‮evil‬ — жзк 👩‍👩‍👧 Z̤͔ͧ̑̓ä͖̭̈̇ 🇫🇷 '.repeat(8);

  test('a response trickled byte by byte arrives whole, multi-byte characters intact', async () => {
    const { sim, rec } = await quiet('trickle');
    await fault(sim.url, { kind: 'trickle', bytes: 1, intervalMs: 1 });
    await emit(sim.url, '/v2/me/chats', chatText('B', UNICODE));
    await waitFor('the trickled message', () => rec.tracker.messageCount === 1, 30_000);
    await rec.host.stop();
    const [message] = (await journalRecords(rec.journalPath)).filter((r) => r.kind === 'message');
    assert.ok(message?.kind === 'message');
    assert.deepEqual(message.data, chatText('B', UNICODE), 'the payload is byte-for-byte what was sent');
    assert.deepEqual(rec.states.filter((s) => s === 'reconnecting' || s === 'error'), [], 'no reconnect');
    const trickled = (await requests(sim.url)).find((r) => r.fault === 'trickle')!;
    assert.ok(trickled.complete);
    figure('trickle.responseMs', trickled.end - trickled.at);
  });

  test('a connection reset mid-body: no crash, the cut response is a gap, everything completed is journaled', async () => {
    const { sim, rec } = await quiet('reset');
    await emit(sim.url, '/v2/me/calls', { caseId: 'A', messageType: 'CallStateChangeMessage', call: { id: 'A', state: 'Ringing' } });
    await waitFor('A', () => rec.tracker.messageCount === 1);
    await fault(sim.url, { kind: 'reset', fraction: 0.5 });
    await emit(sim.url, '/v2/me/calls', { caseId: 'C', messageType: 'CallStateChangeMessage', call: { id: 'C', state: 'Ringing', userData: { Text: UNICODE } } });
    await waitFor('the reconnect after the reset', () => rec.states.includes('reconnecting') && rec.host.state === 'connected', 10_000);
    await emit(sim.url, '/v2/me/calls', { caseId: 'D', messageType: 'CallStateChangeMessage', call: { id: 'D', state: 'Ringing' } });
    await waitFor('D', () => rec.tracker.get('call', 'D') !== undefined);
    await rec.host.stop();
    const delivered = await deliveries(sim.url);
    assert.deepEqual(delivered.map((d) => [d.seq, d.complete]), [['A', true], ['C', false], ['D', true]], 'the server never completed C');
    const records = await journalRecords(rec.journalPath);
    const journaled = records.flatMap((r) => (r.kind === 'message' ? [(r.data as { caseId: string }).caseId] : []));
    assert.deepEqual(journaled, ['A', 'D'], 'every completed message is journaled; only the cut one is missing');
    const gap = records.find((r) => r.kind === 'gap');
    const cutAt = delivered[1].at;
    assert.ok(gap?.kind === 'gap' && Date.parse(gap.from) <= cutAt && Date.parse(gap.to) >= cutAt, 'a gap covers the cut response');
    figure('reset.lostToTheCut', 1);
  });

  test('one long-poll response of 30,000 messages (~40 MB): every message journaled, the host keeps ticking', async () => {
    const sim = await startSim({ scenario: 'none' });
    sims.push(sim);
    // The real host side: a LiveSession (ConnectionHost + tracker), nothing else on this thread.
    const session = new LiveSession('huge', { ...hostOptions(sim.url, join(tmp.dir, 'huge.ndjson')) });
    await session.ready;
    await waitFor('subscriptions', () => session.topics.length === 3 && session.tracker.recordCount >= 7);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let lastTick = Date.now();
    let longestTickGap = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      longestTickGap = Math.max(longestTickGap, now - lastTick);
      lastTick = now;
    }, 10);
    const started = Date.now();
    delay.enable();
    const batch = await fault(sim.url, { kind: 'huge-batch', count: 30_000, bytes: 40_000_000 });
    assert.equal(batch.delivered, 1);
    await waitFor('30,000 messages indexed', () => session.tracker.messageCount === 30_000, 120_000);
    const elapsed = Date.now() - started;
    delay.disable();
    clearInterval(ticker);
    await session.connection.stop();
    session.dispose();
    const delivered = await deliveries(sim.url);
    assert.equal(delivered.length, 30_000);
    assert.equal(new Set(delivered.map((d) => d.at)).size, 1, 'one response carried them all');
    assert.ok(delivered.every((d) => d.complete));
    const seqs = (await journalRecords(join(tmp.dir, 'huge.ndjson'))).flatMap((r) => (r.kind === 'message' ? [loadSeq(r.data)] : []));
    assert.equal(seqs.length, 30_000);
    assert.ok(seqs.every((s, i) => s === i), 'every message journaled once, in order');
    assert.ok(longestTickGap < 1000, `the host's timer kept ticking (longest gap ${longestTickGap} ms)`);
    figure('hugeBatch.bytes', batch.bytes);
    figure('hugeBatch.allIndexedMs', elapsed);
    figure('hugeBatch.hostLongestTimerGapMs', longestTickGap);
    figure('hugeBatch.hostEventLoopDelayMaxMs', Math.round(delay.max / 1e6));
  });
});
