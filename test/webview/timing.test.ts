import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../src/capture/records';
import { FindingsEngine } from '../../src/findings/engine';
import { RowFindings } from '../../src/findings/rowFindings';
import type { OfflineSession } from '../../src/session/offlineSession';
import { Emitter } from '../../src/util/emitter';
import { T0 } from '../unit/timeline/helpers';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { startPageServer, type PageServer } from './support/pageServer';
import { openTimeline, until } from './support/timelinePage';

/**
 * Issue 17's timing where the user sees it, in the built webview in Chromium against the real
 * TimelineService, tracker and findings engine: the Delay column (the late message marked, a
 * server-side -1 shown as a failure), the delivery lines above the diff, and the Resource tab's
 * time in state with repeated visits added up.
 */

/** A call message received `t` ms after T0, made by the server `transit` ms before (on a clock 1,250 ms behind). */
function timed(seq: number, t: number, id: string, state: string, transit = 40, processing = 3): CaptureRecord {
  const metrics = { eventProcessing: { serverGenerationTimestamp: T0 + t - 1250 - transit, serverProcessingTimeTotalMs: processing, nodeProcessingTimeNanos: 1 } };
  return { kind: 'message', seq, receivedAt: new Date(T0 + t).toISOString(), channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state, participants: [{ phoneNumber: '5000' }] }, metrics } };
}

function records(): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  for (let i = 0; i < 30; i++) out.push(timed(i + 1, i * 100, `f${i}`, 'Ringing', 40 + (i % 5) * 5));
  // c1: Ringing 1 s, Established 2 s, Held 1 s, Established 3 s, Held again until the capture's end (0.5 s).
  out.push(timed(31, 3100, 'c1', 'Ringing'), timed(32, 4100, 'c1', 'Established', 40 + 2500), timed(33, 6100, 'c1', 'Held', 40, -1));
  out.push(timed(34, 7100, 'c1', 'Established'), timed(35, 10_100, 'c1', 'Held'), timed(36, 10_600, 'f0', 'Released'));
  return out;
}

let server: PageServer;
let capture: { session: OfflineSession; cleanup: () => void };
const rows = new RowFindings();

before(async () => {
  server = await startPageServer();
  capture = await openCapture(records());
  const session = capture.session;
  const engine = new FindingsEngine(session.tracker, (r) => session.readRecords(r.map((row) => session.tracker.columns.seqAt(row))), { only: new Set(['late']) });
  engine.onDidAdd((added) => rows.add(added));
  engine.advance();
  await engine.settled();
});
after(async () => {
  await closeSharedChromium();
  await server?.close();
  capture?.cleanup();
});

test('the Delay column: the late message marked, a -1 shown as a server-side failure; the delivery lines above the diff; the Resource tab\'s time in state', async () => {
  const t = await openTimeline(await sharedChromium(), server, capture.session, { service: { sessions: { all: () => [capture.session], onDidChange: new Emitter<void>().event, findingsOf: () => rows } } });
  try {
    assert.deepEqual(await t.page.$$eval('.list-header .cell', (els) => els.map((e) => e.textContent)), ['Time', 'Channel', 'Type', 'Resource', 'State', 'Ref', 'Delay', 'Size', 'Session']);
    await until(() => t.page.$('.row[data-seq="32"]'), (el) => el !== null, 'the late row rendered');
    const cell = (seq: number): Promise<[string | null, string | null, string]> => t.page.$eval(`.row[data-seq="${seq}"] .cell.delay`, (el) => [el.textContent, el.getAttribute('title'), el.className]);
    const [late, lateTitle, lateClass] = await cell(32);
    assert.equal(late, '+2.5 s');
    assert.match(lateTitle ?? '', /^Delay \+2\.5 s against the usual \(offset 1\d{3} ms between the server's clock and the receive times, the median of 32 samples\)\.\nServer processing 3 ms/);
    assert.match(lateClass, /\blate\b/, 'marked late: the late finding is on it');
    assert.equal(await t.page.$eval('.row[data-seq="32"]', (el) => el.classList.contains('row-finding-info')), true);
    const [failed, failedTitle, failedClass] = await cell(33);
    assert.match(failed ?? '', /^⚠ [+−]\d+ ms$/);
    assert.match(failedTitle ?? '', /Server-side failure: GWS reported serverProcessingTimeTotalMs -1\./);
    assert.match(failedClass, /server-failure/);
    assert.doesNotMatch((await cell(34))[2], /late|server-failure/);

    await t.clickSeq(32);
    if (await t.page.isVisible('#tab-changes')) await t.page.click('#tab-changes');
    const lines = await until(() => t.page.$$eval('.view-changes .delivery .delivery-line', (els) => els.map((e) => e.textContent ?? '')), (v) => v.length === 2, 'the delivery lines');
    assert.match(lines[0], /^Delay \+2\.5 s against the usual/);
    assert.equal(lines[1], 'Server processing 3 ms (serverProcessingTimeTotalMs).');
    assert.match((await t.page.$$eval('.view-changes .finding-text', (els) => els.map((e) => e.textContent ?? '')))[0], /delivered 2\.5 s later than usual/);

    await t.clickSeq(35);
    await t.page.click('#tab-resource');
    const totals = await until(
      () => t.page.$$eval('.view-resource .time-in-state > *', (els) => els.map((e) => e.textContent ?? '')),
      (v) => v.length === 6,
      'the time-in-state totals',
    );
    assert.deepEqual(totals, ['Ringing', '1.0 s', 'Established', '5.0 s', 'Held', '1.5 s (so far)']);
    assert.deepEqual(await t.page.$$eval('.view-resource .state-path .state', (els) => els.map((e) => e.textContent)), ['Ringing', 'Established', 'Held', 'Established', 'Held'], 'the visits, one by one, below');
    assert.deepEqual(await t.violations(), []);
  } finally {
    await t.close();
  }
});
