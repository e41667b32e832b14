import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HostMessage, TimelineRow, WebviewMessage } from '../../src/timelineProtocol';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { startPageServer, type PageServer } from './support/pageServer';
import { rows, SyntheticHost } from './support/syntheticHost';
import { until } from './support/timelinePage';

/**
 * Issue 18's webview points that need a hand-driven host: replies held back while the user types,
 * appends while paused, ids that share a prefix, an ended resource. In Chromium, production CSP.
 */

describe('timeline webview: what a newcomer hit (synthetic host)', () => {
  let server: PageServer;
  let page: Page | undefined;

  before(async () => {
    server = await startPageServer();
  });
  afterEach(async () => {
    if (page) assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations), [], 'no CSP violations');
    await page?.close();
    page = undefined;
  });
  after(async () => {
    await closeSharedChromium();
    await server?.close();
  });

  async function start(host: SyntheticHost, viewport = { width: 1400, height: 900 }): Promise<Page> {
    const p = (page = await (await sharedChromium()).newPage({ viewport }));
    await host.attach(p);
    await p.goto(server.pageUrl());
    await p.waitForSelector('.row[data-seq]');
    return p;
  }
  // The toolkit's field shows a new value in its inner input on the next animation frame.
  const frames = (p: Page): Promise<void> => p.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const fieldValue = (p: Page): Promise<string> => p.$eval('vscode-text-field.filter', (el) => (el as HTMLInputElement).value);
  const filterRequests = (host: SyntheticHost): Array<Extract<WebviewMessage, { type: 'view/filter/set' }>> => host.received.filter((m): m is Extract<WebviewMessage, { type: 'view/filter/set' }> => m.type === 'view/filter/set');

  test('the filter box keeps every keystroke while replies arrive late and out of date', async () => {
    const host = new SyntheticHost(300);
    host.hold = (m) => m.type === 'view/filter/set';
    const p = await start(host);
    await p.click('vscode-text-field.filter');
    await p.keyboard.type('H');
    await until(async () => filterRequests(host).length, (n) => n === 1, 'the request for "H"');
    // Typing goes on while the reply for "H" comes back: neither the focused field nor the view may take it.
    await p.keyboard.type('e');
    await host.reply(host.held[0], host.answer(host.held[0].body)!);
    await frames(p);
    await p.keyboard.type('ld');
    await until(async () => filterRequests(host).at(-1)?.filter.text, (t) => t === 'Held', 'the request for "Held"');
    assert.equal(await fieldValue(p), 'Held');
    // A late reply for an older text after the field moved on is ignored; the current one is shown.
    const last = host.held.at(-1)!;
    const stale = host.held.find((r) => r.body.type === 'view/filter/set' && r.body.filter.text !== 'Held');
    if (stale) await host.reply(stale, host.answer(stale.body)!);
    await host.reply(last, host.answer(last.body)!);
    await until(() => p.$eval('.status', (e) => e.textContent ?? ''), (t) => t.startsWith('300 rows'), 'the view for "Held"');
    assert.equal(await fieldValue(p), 'Held');
    // A snapshot the host pushes on its own (the capture changed) carries the older text: the field being typed in keeps its own.
    const pushed = host.answer({ type: 'view/filter/set', filter: { text: 'H' } })!;
    await host.event(pushed);
    await frames(p);
    assert.equal(await fieldValue(p), 'Held');
    assert.equal(await p.$eval('vscode-text-field.filter', (el) => el.getAttribute('title')?.includes('state:Held')), true, 'the syntax is in the tooltip');
    assert.match((await p.$eval('vscode-text-field.filter', (el) => el.getAttribute('placeholder'))) ?? '', /state:Held.*type:.*id:/);
  });

  test('Resource shows the distinguishing tail and the phone number; Type reads "Call · StatusChange" with the full name on hover', async () => {
    const host = new SyntheticHost(3);
    const ids = ['02ANOM00000000000A1', '02ANOM00000000000B3', '02ANOM00000000000C7'];
    const row = (i: number): TimelineRow => ({ seq: i + 1, at: Date.UTC(2024, 4, 1, 10) + i, rec: 'message', channel: '/v2/me/calls', messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', resource: { kind: 'call', id: ids[i], label: `+1555000${i}` }, state: 'Ringing', size: 812_000 });
    const answer = host.answer.bind(host);
    host.answer = (m): HostMessage | undefined => {
      const reply = answer(m);
      if (reply?.type === 'timeline/snapshot') reply.page = { start: 0, rows: [0, 1, 2].map(row) };
      return reply;
    };
    const p = await start(host, { width: 1024, height: 768 });
    const cells = await p.$$eval('.row .cell.resource', (els) => els.map((e) => e.textContent));
    assert.deepEqual(cells, ['call …00000000A1 +15550000', 'call …00000000B3 +15550001', 'call …00000000C7 +15550002']);
    assert.equal(new Set(cells).size, 3, 'calls are told apart');
    assert.deepEqual(await p.$eval('.row[data-seq="1"] .cell.type', (e) => [e.textContent, e.getAttribute('title')]), ['Call · StatusChange', 'CallStateChangeMessage · StatusChange']);
    // Size stays inside the list pane, header and rows.
    const spill = await p.evaluate(() => {
      const pane = document.querySelector('.list-pane')!.getBoundingClientRect();
      return [...document.querySelectorAll('.cell.size')].map((c) => c.getBoundingClientRect().right - pane.right).filter((d) => d > 0.5);
    });
    assert.deepEqual(spill, [], 'no Size cell past the list pane');
  });

  test('the "n new" badge never moves or wraps the toolbar; the follow button says a row click pauses it', async () => {
    const host = new SyntheticHost(100);
    const p = await start(host, { width: 1024, height: 768 });
    const following = (await p.$eval('vscode-button.follow', (e) => e.getAttribute('title'))) ?? '';
    await p.click('.row[data-seq="90"]');
    await until(() => p.$eval('vscode-button.follow', (e) => e.textContent ?? ''), (t) => t === 'Paused', 'paused by the click');
    const layout = (): Promise<number[]> => p.evaluate(() => [document.querySelector('.toolbar')!.getBoundingClientRect().height, document.querySelector('vscode-button.export')!.getBoundingClientRect().left, document.querySelector('.status')!.getBoundingClientRect().top]);
    const before = await layout();
    await host.event({ type: 'timeline/append', generation: 1, total: 101, recordCount: 101, tail: { start: 100, rows: rows(100, 1) } });
    await until(() => p.$eval('.new-count', (e) => (e.hasAttribute('hidden') ? '' : e.textContent)), (t) => t === '1 new', 'the "1 new" badge');
    assert.deepEqual(await layout(), before, 'toolbar height, Export and status where they were');
    assert.equal(await p.$eval('.new-count', (e) => e.getAttribute('title')), '1 new message since paused');
    assert.match(following, /row.*pauses/);
    assert.match((await p.$eval('vscode-button.follow', (e) => e.getAttribute('title'))) ?? '', /clicking a row .*pauses/);
  });

  test('the Resource tab says an ended state once', async () => {
    const host = new SyntheticHost(10);
    const answer = host.answer.bind(host);
    host.answer = (m): HostMessage | undefined =>
      m.type === 'resource/get'
        ? { type: 'resource/detail', resource: { kind: m.kind, id: m.id }, found: true, state: 'Completed', ended: true, endReason: 'Completed', firstSeen: 1, lastSeen: 2, messageCount: 1, states: [{ state: 'Completed', since: 1, durationMs: 1, current: true }], errors: [], links: [] }
        : answer(m);
    const p = await start(host);
    await p.click('.row[data-seq="5"]');
    await p.click('#tab-resource');
    await p.waitForSelector('.view-resource .facts');
    assert.equal(await p.$eval('.view-resource .facts dd', (e) => e.textContent), 'Completed · ended');
  });
});
