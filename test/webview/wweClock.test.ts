import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OfflineSession } from '../../src/session/offlineSession';
import { REPO, tempDir } from '../support/harness';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { startPageServer, type PageServer } from './support/pageServer';
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

test("rows of an imported WWE log show the log's local clock as written, marked and explained", async () => {
  const session = await OfflineSession.open(join(REPO, 'test', 'fixtures', 'wwe', 'firefox-session.log'), undefined, undefined, tmp.dir);
  try {
    const t = await openTimeline(await sharedChromium(), server, session);
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    await t.page.waitForSelector('.row[data-seq="1"]');
    const cell = (seq: number) => t.page.$eval(`.row[data-seq="${seq}"] .cell.time`, (el) => [el.textContent, el.className, el.getAttribute('title')]);
    assert.deepEqual(await cell(1), ['09:00:01.000', 'cell time log-clock', "The log's local clock: an imported WWE log names no time zone; shown as written"]);
    // A request row (no message cells) is marked the same way.
    assert.deepEqual((await cell(2)).slice(0, 2), ['09:00:02.000', 'cell time log-clock']);
    const style = await t.page.$eval('.row[data-seq="1"] .cell.time', (el) => getComputedStyle(el).fontStyle);
    assert.equal(style, 'italic');
    assert.deepEqual(await t.violations(), []);
    await t.close();
  } finally {
    session.dispose();
  }
});
