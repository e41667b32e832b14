import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineService } from '../../src/timeline/timelineService';
import { PAGE_ROWS } from '../../src/timelineProtocol';
import { until, type TimelinePage } from './support/timelinePage';
import { timelineSuite } from './support/timelineSuite';

/**
 * A page the host cannot read, in Chromium against the real TimelineService: the host answers
 * request/failed, the list shows the failure in place with its reason, and scrolling away and
 * back asks again. Failing requests never hold the list's request slots.
 */

const ROW = 22;
const REASON = 'disk read failed (injected)';

/** Makes the service fail every page read touching rows below `limit()` (0: none). */
function breakPages(service: TimelineService, limit: () => number): void {
  const original = service.page.bind(service);
  service.page = (start, count) => {
    if (start < limit()) throw new Error(REASON);
    return original(start, count);
  };
}

describe('timeline webview when the host fails a page', () => {
  const suite = timelineSuite(1200, { noPageErrors: true });

  const scrollToRow = (t: TimelinePage, index: number): Promise<void> => t.page.$eval('.vlist', (el, top) => void (el.scrollTop = top), index * ROW);
  const rowGets = async (t: TimelinePage, start: number): Promise<number> => (await t.posted()).filter((m) => m.type === 'rows/get' && m.start === start).length;

  test('the failed page shows its reason in place; scrolled away and back, it is read again', async () => {
    const t = await suite.open();
    let limit = PAGE_ROWS;
    breakPages(t.host.service, () => limit);
    await scrollToRow(t, 0);
    await t.page.waitForSelector('.row.row-failed[data-index="0"]');
    const text = await t.page.$eval('.row.row-failed[data-index="0"]', (el) => el.textContent ?? '');
    assert.match(text, /^—Row 1 could not be read: disk read failed \(injected\)\. Scroll away and back to retry\.$/);
    assert.equal(await t.page.$('.row[data-seq="1"]'), null);
    assert.ok(t.host.logs.some((l) => l.includes(REASON)), 'the host logged the failure');
    // Still in view: no retry loop.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await rowGets(t, 0), 1, 'asked once while the failure is in view');
    limit = 0;
    await scrollToRow(t, 3 * PAGE_ROWS);
    await t.page.waitForSelector(`.row[data-seq="${3 * PAGE_ROWS + 1}"]`);
    await scrollToRow(t, 0);
    await t.page.waitForSelector('.row[data-seq="1"]');
    assert.equal(await t.page.$('.row.row-failed'), null, 'no failure left');
    assert.equal(await rowGets(t, 0), 2, 'asked again once back in view');
    assert.match((await t.page.$eval('.row[data-seq="1"] .cell.marker', (el) => el.textContent ?? '')), /^connection: connected/);
  });

  test('many failed pages never use up the request slots: the list keeps loading', async () => {
    const t = await suite.open();
    let limit = 5 * PAGE_ROWS;
    breakPages(t.host.service, () => limit);
    for (let n = 4; n >= 0; n--) {
      await scrollToRow(t, n * PAGE_ROWS + 50);
      await t.page.waitForSelector(`.row.row-failed[data-index="${n * PAGE_ROWS + 50}"]`);
    }
    assert.equal(await rowGets(t, 0), 1);
    limit = 0;
    await scrollToRow(t, 2 * PAGE_ROWS + 50);
    await t.page.waitForSelector(`.row[data-seq="${2 * PAGE_ROWS + 51}"]`);
    assert.equal(await t.page.$('.row.row-failed'), null);
    await until(() => rowGets(t, 2 * PAGE_ROWS), (n) => n === 2, 'page 2 asked for a second time');
  });

  test('a filter the host fails says why in the banner and keeps the rows; a payload it fails says why in its tab', async () => {
    const t = await suite.open();
    const service = t.host.service;
    const snapshot = service.snapshot.bind(service);
    let armed = true;
    service.snapshot = (selectedSeq) => {
      if (armed) throw new Error('no view today (injected)');
      return snapshot(selectedSeq);
    };
    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.type('f-29');
    await t.page.keyboard.press('Enter');
    const banner = await until(() => t.page.$eval('.banner', (e) => (e.hasAttribute('hidden') ? '' : e.textContent)), (v) => v !== '', 'the failure banner');
    assert.equal(banner, 'The filter could not be applied: no view today (injected)');
    assert.equal(await t.page.$eval('.row[data-seq]', (el) => el.getAttribute('aria-setsize')), '1212', 'the rows shown before stay');
    armed = false;
    await t.page.keyboard.press('Enter');
    await until(() => t.page.$eval('.row[data-seq]', (el) => el.getAttribute('aria-setsize')), (v) => v === '11', 'the filter applied once the host recovers');
    assert.equal(await t.page.$eval('.banner', (e) => e.hasAttribute('hidden')), true, 'the banner went away');

    const entryAt = suite.session.tracker.entryAt.bind(suite.session.tracker);
    const seq = Number(await t.page.$eval('.row[data-seq]', (el) => el.getAttribute('data-seq')));
    suite.session.tracker.entryAt = (s) => {
      if (s === seq) throw new Error('payload unreadable (injected)');
      return entryAt(s);
    };
    try {
      await t.clickSeq(seq);
      await t.page.click('#tab-json');
      await t.page.waitForSelector('.view-json .note.failure');
      assert.equal(await t.page.$eval('.view-json .note.failure', (e) => e.textContent), 'Could not load this: payload unreadable (injected)');
    } finally {
      suite.session.tracker.entryAt = entryAt;
    }
  });
});
