import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OfflineSession } from '../../src/session/offlineSession';
import { REPO, tempDir } from '../support/harness';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { startPageServer, type PageServer } from './support/pageServer';
import { hover, pointOf, showLanes } from './support/lanesPage';
import { openTimeline } from './support/timelinePage';

/** A WWE console log opened as a capture, in the real page: its rows say their times are the log's clock. */

let server: PageServer;
const tmp = tempDir('gws-wwe-page-');
before(async () => {
  server = await startPageServer();
});
after(async () => {
  await closeSharedChromium();
  await server?.close();
  tmp.cleanup();
});

test("an imported WWE log's times are its local clock as written, in no zone of this machine: rows (marked and explained), the Resource tab, the lanes", async () => {
  const session = await OfflineSession.open(join(REPO, 'test', 'fixtures', 'wwe', 'firefox-session.log'), undefined, undefined, tmp.dir);
  try {
    // A page in New York: a time shown in this machine's zone would read four hours earlier.
    const t = await openTimeline(await sharedChromium(), server, session, { timezoneId: 'America/New_York' });
    assert.equal(await t.page.evaluate(() => new Date(Date.UTC(2024, 4, 1, 9)).getHours()), 5, 'the page runs in New York time');
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    await t.page.waitForSelector('.row[data-seq="1"]');
    const cell = (seq: number) => t.page.$eval(`.row[data-seq="${seq}"] .cell.time`, (el) => [el.textContent, el.className, el.getAttribute('title')]);
    assert.deepEqual(await cell(1), ['09:00:01.000', 'cell time log-clock', "The log's local clock: an imported WWE log names no time zone; shown as written"]);
    // A request row (no message cells) is marked the same way.
    assert.deepEqual((await cell(2)).slice(0, 2), ['09:00:02.000', 'cell time log-clock']);
    const style = await t.page.$eval('.row[data-seq="1"] .cell.time', (el) => getComputedStyle(el).fontStyle);
    assert.equal(style, 'italic');
    // The call's Resource tab: first and last seen, and each state's start, as the log wrote them.
    await t.clickSeq(1);
    await t.page.click('#tab-resource');
    await t.page.waitForSelector('.view-resource .facts');
    const facts = await t.page.$$eval('.view-resource .facts dd', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(facts.includes('2024-05-01 09:00:01.000'), `first seen as written: ${JSON.stringify(facts)}`);
    const since = await t.page.$$eval('.view-resource .state-path li .note', (els) => els.map((e) => e.textContent ?? ''));
    assert.match(since[0], /^ 09:00:01\.000 · /, `the first state's start as written: ${JSON.stringify(since)}`);
    // A lane's tooltip gives the state's start as written too.
    await showLanes(t.page);
    const p = await pointOf(t.page, 'call …TAES000015 5551234', Date.UTC(2024, 4, 1, 9, 0, 1, 10));
    assert.match(await hover(t.page, p, /Ringing/), /^#1 .* at 09:00:01\.000 · click to select$/m);
    assert.deepEqual(await t.violations(), []);
    await t.close();
  } finally {
    session.dispose();
  }
});
