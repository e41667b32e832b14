import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { startPageServer, type PageServer } from './support/pageServer';
import { rows, SyntheticHost } from './support/syntheticHost';
import { until } from './support/timelinePage';

/**
 * The webview driven by hand-written protocol messages from a synthetic row source: appends,
 * follow and pause, a closed session, and a five-million-row view (too big to journal quickly,
 * so rows are generated; the webview code is the same).
 */

describe('timeline webview driven by protocol messages', () => {
    let server: PageServer;
  let page: Page | undefined;

  before(async () => {
    server = await startPageServer();
  });
  afterEach(async () => {
    if (!page) return;
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations), [], 'no CSP violations');
    await page.close();
    page = undefined;
  });
  after(async () => {
    await closeSharedChromium();
    await server?.close();
  });

  async function start(total: number): Promise<{ page: Page; host: SyntheticHost }> {
    const p = (page = await (await sharedChromium()).newPage({ viewport: { width: 1200, height: 700 } }));
    const host = new SyntheticHost(total);
    await host.attach(p);
    await p.goto(server.pageUrl());
    await p.waitForSelector('.row[data-seq]');
    return { page: p, host };
  }

  const visible = (p: Page): Promise<number[]> =>
    p.$$eval('.row[data-index]', (els) => {
      const box = document.querySelector('.vlist')!.getBoundingClientRect();
      return els.filter((e) => {
        const r = e.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      }).map((e) => Number(e.getAttribute('data-index'))).sort((a, b) => a - b);
    });

  test('five million rows: scaled scroll space, rows correct at the end, the middle and the top', async () => {
    const { page: p, host } = await start(5_000_000);
    const last = await until(() => visible(p), (v) => v.includes(4_999_999), 'the last row in view');
    assert.equal(last.at(-1), 4_999_999);
    assert.equal(await p.$eval('.row[data-index="4999999"]', (e) => [e.getAttribute('aria-posinset'), e.getAttribute('aria-setsize'), e.getAttribute('data-seq')].join()), '5000000,5000000,5000000');
    const heights = await p.$eval('.vlist', (el) => [el.scrollHeight, el.clientHeight]);
    assert.ok(heights[0] <= 8_000_000, `scroll height ${heights[0]} stays under the browser cap`);
    await p.$eval('.vlist', (el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    const middle = await until(() => p.$$eval('.row[data-seq]', (els) => els.map((e) => Number(e.getAttribute('data-index')))), (v) => v.some((i) => Math.abs(i - 2_500_000) < 1000), 'rows near the middle');
    const mid = middle.find((i) => Math.abs(i - 2_500_000) < 1000)!;
    assert.equal(await p.$eval(`.row[data-index="${mid}"]`, (e) => e.getAttribute('data-seq')), String(mid + 1));
    assert.ok(host.received.some((m) => m.type === 'rows/get' && Math.abs(m.start - 2_500_000) < 1000), 'the middle page was requested');
    const before = (await visible(p))[0];
    await p.mouse.move(300, 300);
    await p.mouse.wheel(0, 22 * 10);
    const after = await until(() => visible(p), (v) => v[0] !== before, 'the wheel moved the list');
    assert.ok(Math.abs(after[0] - before - 10) <= 2, `a wheel of 10 rows moved ${after[0] - before} rows, not 10 × the scale`);
    await p.focus('.vlist');
    await p.keyboard.press('Home');
    await until(() => visible(p), (v) => v[0] === 0, 'the top row in view');
    await p.waitForSelector('.row[data-seq="1"]');
    await p.keyboard.press('End');
    await until(() => p.$eval('.vlist', (el) => el.getAttribute('aria-activedescendant')), (v) => v === 'row-4999999', 'the last row selected');
    const rendered = await p.$$eval('.row', (els) => els.length);
    assert.ok(rendered < 100, `${rendered} row elements for five million rows`);
  });

  test('appends follow the newest row; paused, they count as "n new"; stale generations are ignored', async () => {
    const { page: p, host } = await start(100);
    await until(() => visible(p), (v) => v.at(-1) === 99, 'tail in view');
    await host.event({ type: 'timeline/append', generation: 1, total: 150, recordCount: 150, tail: { start: 100, rows: rows(100, 50) } });
    await until(() => visible(p), (v) => v.at(-1) === 149, 'followed to the new tail');
    await p.click('vscode-button.follow');
    assert.equal(await p.$eval('vscode-button.follow', (e) => e.textContent), 'Paused');
    await host.event({ type: 'timeline/append', generation: 1, total: 200, recordCount: 200, tail: { start: 150, rows: rows(150, 50) } });
    await until(() => p.$eval('.new-count', (e) => (e.hasAttribute('hidden') ? '' : e.textContent)), (t) => t === '50 new', '"50 new" badge');
    assert.equal((await visible(p)).at(-1), 149, 'paused: the view stays put');
    await host.event({ type: 'timeline/append', generation: 0, total: 999, recordCount: 999, tail: { start: 998, rows: rows(998, 1) } });
    await p.click('vscode-button.follow');
    await until(() => visible(p), (v) => v.at(-1) === 199, 'following again');
    assert.equal(await p.$eval('.new-count', (e) => e.hasAttribute('hidden')), true);
    assert.equal(await p.$eval('.row[data-index="199"]', (e) => e.getAttribute('aria-setsize')), '200', 'the stale append was ignored');
    await host.event({ type: 'timeline/closed', reason: 'the capture was closed' });
    await until(() => p.$eval('.banner', (e) => (e.hasAttribute('hidden') ? '' : e.textContent)), (t) => /closed/.test(t ?? ''), 'closed banner');
  });
});
