import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { REQUEST_TIMEOUT_MS } from '../../src/timelineProtocol';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { startPageServer, type PageServer } from './support/pageServer';
import { SyntheticHost } from './support/syntheticHost';
import { until } from './support/timelinePage';

/**
 * The built webview's request clock in Chromium: a host that goes silent costs a request 15 s,
 * then the page says so in place and keeps loading; a host that reports progress keeps it waiting.
 */

describe('timeline webview and a silent or slow host', () => {
  let server: PageServer;
  let page: Page | undefined;

  before(async () => {
    server = await startPageServer();
  });
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });
  after(async () => {
    await closeSharedChromium();
    await server?.close();
  });

  async function start(total: number, hold: SyntheticHost['hold']): Promise<{ page: Page; host: SyntheticHost }> {
    const p = (page = await (await sharedChromium()).newPage({ viewport: { width: 1200, height: 700 } }));
    const host = new SyntheticHost(total);
    host.hold = hold;
    await host.attach(p);
    await p.goto(server.pageUrl());
    await p.waitForSelector('.row[data-seq]');
    return { page: p, host };
  }

  test('pages the host never answers fail after 15 s of silence, in place; the list then loads others', async () => {
    let silent = true;
    const { page: p, host } = await start(5000, (m) => silent && m.type === 'rows/get');
    const scroll = (row: number): Promise<void> => p.$eval('.vlist', (el, y) => void (el.scrollTop = y), row * 22);
    // Page 0 first, then more pages until the four request slots of the list are all held.
    const asked = Date.now();
    for (const top of [0, 1000, 2000, 3000]) {
      await scroll(top);
      await until(async () => host.held.length, (n) => n >= Math.min(4, [0, 1000, 2000, 3000].indexOf(top) + 1), `page at row ${top} asked for`);
    }
    assert.equal(host.held.length, 4, 'four pages held');
    await scroll(0);
    const failed = await until(() => p.$$eval('.row.row-failed', (els) => els.map((e) => e.textContent ?? '')), (t) => t.length > 0, 'the failure row', REQUEST_TIMEOUT_MS + 10_000);
    assert.ok(Date.now() - asked >= REQUEST_TIMEOUT_MS - 2000, `failed after ${Date.now() - asked} ms`);
    assert.match(failed[0], /could not be read: no answer for 15 s\. Scroll away and back to retry\./);
    silent = false;
    await scroll(1500);
    await p.waitForSelector('.row[data-seq="1501"]');
    assert.deepEqual(await p.evaluate(() => (window as unknown as { __posted: Array<{ body: { type: string } }> }).__posted.filter((m) => m.body.type === 'webview/error').length), 0);
  });

  test('progress keeps a long request waiting past 15 s and shows in the status line', async () => {
    const { page: p, host } = await start(300, (m) => m.type === 'view/filter/set');
    await p.click('vscode-text-field.filter');
    await p.keyboard.type('slow');
    await p.keyboard.press('Enter');
    await until(async () => host.held.length, (n) => n === 1, 'the filter request');
    const request = host.held[0];
    for (let s = 1; s <= 20; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      await host.reply(request, { type: 'request/progress', done: s, total: 40 });
    }
    assert.equal(await p.$eval('.status', (e) => e.textContent), 'Filtering… 50 %');
    assert.equal(await p.$eval('.banner', (e) => e.hasAttribute('hidden')), true, 'no failure after 20 s with progress');
    await host.reply(request, host.answer(request.body)!);
    await until(() => p.$eval('.status', (e) => e.textContent ?? ''), (t) => t.startsWith('300 rows'), 'the view applied');
  });
});
