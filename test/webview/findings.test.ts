import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../src/capture/records';
import { FindingsEngine } from '../../src/findings/engine';
import { RowFindings } from '../../src/findings/rowFindings';
import type { OfflineSession } from '../../src/session/offlineSession';
import { Emitter } from '../../src/util/emitter';
import { HOSTILE_STRINGS } from '../reliability/hostileCorpus';
import { callMsg, chatLog, message } from '../unit/timeline/helpers';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { startPageServer, type PageServer } from './support/pageServer';
import { openTimeline, until, type TimelinePage } from './support/timelinePage';

/**
 * Findings in the built webview, in Chromium under the production CSP, against the real
 * TimelineService and the real findings engine: the row marker, `is:finding`, the finding's text
 * beside the diff, a selection the host asks for, and hostile payload text quoted in findings.
 */

const URI_SAFE = (s: string, i: number): string => s.replace(/[^A-Za-z0-9]/g, '_').slice(0, 30) || `x${i}`;

function records(): CaptureRecord[] {
  const out: CaptureRecord[] = [callMsg(1, 'c1', 'Ringing'), callMsg(2, 'c1', 'Released'), callMsg(3, 'c1', 'Established')];
  // Each hostile string as an ErrorMessage's text: error-message quotes it in its finding.
  HOSTILE_STRINGS.forEach((s, i) => out.push(message(out.length + 1, '/v2/me/calls', { messageType: 'ErrorMessage', errorMessage: s, deviceUri: `http://gws/api/v2/devices/${URI_SAFE(s, i)}` })));
  out.push(chatLog(out.length + 1, 'ch', [{ index: 1, type: 'Text', text: 'a' }]), chatLog(out.length + 2, 'ch', [{ index: 3, type: 'Text', text: 'b' }]));
  for (let i = 0; i < 40; i++) out.push(callMsg(out.length + 1, `f${i}`, 'Ringing'));
  return out;
}

let server: PageServer;
let capture: { session: OfflineSession; cleanup: () => void };
const rows = new RowFindings();
let findingSeqs: number[] = [];
const messages = new Map<number, string[]>();

before(async () => {
  server = await startPageServer();
  capture = await openCapture(records());
  const session = capture.session;
  const engine = new FindingsEngine(session.tracker, (r) => session.readRecords(r.map((row) => session.tracker.columns.seqAt(row))));
  engine.onDidAdd((added) => rows.add(added));
  engine.advance();
  await engine.settled();
  for (const f of engine.findings) {
    const seq = session.tracker.columns.seqAt(f.row);
    messages.set(seq, [...(messages.get(seq) ?? []), f.message]);
  }
  findingSeqs = [...messages.keys()].sort((a, b) => a - b);
});
after(async () => {
  await closeSharedChromium();
  await server?.close();
  capture?.cleanup();
});

async function page(): Promise<TimelinePage> {
  return openTimeline(await sharedChromium(), server, capture.session, { service: { sessions: { all: () => [capture.session], onDidChange: new Emitter<void>().event, findingsOf: () => rows } } });
}

test('rows that trigger a finding carry a marker; is:finding shows only them; the finding text shows beside the diff, as text', async () => {
  const t = await page();
  const injectable = (): Promise<number> => t.page.evaluate(() => document.querySelectorAll('img, script, svg, iframe, object, embed').length);
  try {
    const baseline = await injectable();
    const expected = [3, ...HOSTILE_STRINGS.map((_, i) => 4 + i), 4 + HOSTILE_STRINGS.length + 1];
    assert.deepEqual(findingSeqs, expected, 'after-end, one error-message per ErrorMessage, transcript-gap');
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    await t.page.waitForSelector('.row[data-seq="1"]');
    assert.equal(await t.page.$('.row[data-seq="1"] .finding-mark'), null, 'no marker without a finding');
    assert.deepEqual(await t.page.$eval('.row[data-seq="3"]', (el) => [el.classList.contains('row-finding-warning'), el.querySelector('.finding-mark')?.getAttribute('aria-label')]), [true, 'a finding, worst warning']);
    assert.match((await t.page.$eval('.row[data-seq="3"] .finding-mark', (el) => el.getAttribute('title'))) ?? '', /^after-end \(warning\): CallStateChangeMessage StatusChange about call c1 after it ended/);

    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.type('is:finding');
    await t.page.keyboard.press('Enter');
    await until(() => t.page.$eval('.row[data-seq]', (el) => el.getAttribute('aria-setsize')), (v) => v === String(expected.length), `${expected.length} rows with findings`);
    const shown = await t.page.$$eval('.row[data-seq]', (els) => els.map((e) => Number(e.getAttribute('data-seq'))).sort((a, b) => a - b));
    assert.deepEqual(shown, expected);
    assert.ok(await t.page.$$eval('.row[data-seq]', (els) => els.every((e) => e.querySelector('.finding-mark') !== null)));

    for (const seq of [3, 4, 5, expected.at(-1)!]) {
      await t.clickSeq(seq);
      if (await t.page.isVisible('#tab-changes')) await t.page.click('#tab-changes');
      const texts = await until(() => t.page.$$eval('.findings .finding-text', (els) => els.map((e) => e.textContent)), (v) => v.length > 0 && v[0] === messages.get(seq)![0], `the finding text of record ${seq}`);
      assert.deepEqual(texts, messages.get(seq));
      assert.equal(await t.page.$eval('.view-changes', (el) => el.firstElementChild?.classList.contains('findings')), true, 'the findings come first in the Changes tab, the diff below');
    }
    assert.match(messages.get(4)![0], /<img src=x onerror=/, 'the finding quotes the payload text');
    assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned: number }).__pwned), 0, 'no payload ran');
    assert.equal(await injectable(), baseline, 'no element injected');
    assert.deepEqual(await t.violations(), [], 'nothing even tried to run inline');
  } finally {
    await t.close();
  }
});

test('the host opens the timeline at a finding: the record is selected and its finding shown', async () => {
  const t = await page();
  try {
    const seq = findingSeqs.at(-1)!;
    t.host.service.setScope({ kind: 'all' }, seq);
    await until(() => t.page.$eval(`.row[data-seq="${seq}"]`, (el) => el.getAttribute('aria-selected')).catch(() => null), (v) => v === 'true', `record ${seq} selected`);
    if (await t.page.isVisible('#tab-changes')) await t.page.click('#tab-changes');
    await until(() => t.page.$$eval('.findings .finding-rule', (els) => els.map((e) => e.textContent)), (v) => v.join() === 'transcript-gap · error', 'the transcript-gap finding beside the diff');
  } finally {
    await t.close();
  }
});
