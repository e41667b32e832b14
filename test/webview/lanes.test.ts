import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { at, laneRecords } from './support/laneFixtures';
import { REPO } from './support/pageServer';
import { timelineSuite } from './support/timelineSuite';
import { frame, hover, pixel, pointOf, showLanes } from './support/lanesPage';
import { until } from './support/timelinePage';

/**
 * The Lanes tab in Chromium over a real TimelineService: the spans drawn in the theme's colours,
 * the tooltip, click-to-select, the list's selection outlined in its lane, zoom and pan by key and mouse.
 */

describe('lanes', () => {
  const suite = timelineSuite(0, { noPageErrors: true, records: laneRecords() });

  test('one lane per call, chat and device, each state a span in the theme colour the legend names', async () => {
    const tl = await suite.open({ theme: 'dark' });
    await showLanes(tl.page);
    const labels = await tl.page.$$eval('.lane-label:not([hidden])', (els) => els.map((e) => e.textContent));
    assert.deepEqual(labels, ['chat ch1', 'call c1 5000', 'call c2 5000', 'device d1 n-d1']);
    // Dark theme chart colours (fixture/theme-dark.css): Established green, Held orange, Ringing yellow.
    assert.equal(await pixel(tl.page, await pointOf(tl.page, 'call c1 5000', at(4))), 'rgb(137, 209, 133)');
    assert.equal(await pixel(tl.page, await pointOf(tl.page, 'call c1 5000', at(7))), 'rgb(209, 134, 22)');
    assert.equal(await pixel(tl.page, await pointOf(tl.page, 'call c1 5000', at(1))), 'rgb(204, 167, 0)');
    // c1 ended at 12 s: nothing drawn after its final mark; c2 is still Established at the capture's end.
    assert.notEqual(await pixel(tl.page, await pointOf(tl.page, 'call c1 5000', at(13.5))), 'rgb(137, 209, 133)');
    assert.equal(await pixel(tl.page, await pointOf(tl.page, 'call c2 5000', at(13.5))), 'rgb(137, 209, 133)');
    const legend = await tl.page.$$eval('.lanes-legend .legend-item', (els) => els.map((e) => e.textContent));
    for (const state of ['Chatting', 'Completed', 'Dialing', 'Established', 'Held', 'NotReady', 'Ready', 'Released', 'Ringing']) assert.ok(legend.includes(state), `legend names ${state}: ${legend.join(', ')}`);
    const swatch = await tl.page.$$eval('.lanes-legend .legend-item', (els) => getComputedStyle(els.find((e) => e.textContent === 'Held')!.querySelector('.swatch')!).backgroundColor);
    assert.equal(swatch, 'rgb(209, 134, 22)');
    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    await tl.page.screenshot({ path: join(REPO, 'test-results', 'lanes-dark.png') });
  });

  test('hovering a span shows its state, its time and its message; clicking it selects that message in the list', async () => {
    const tl = await suite.open();
    await showLanes(tl.page);
    await hover(tl.page, await pointOf(tl.page, 'call c1 5000', at(3)), /^call c1 5000\nEstablished · 4\.0 s · 8\.0 s in 2 visits\n#4 StatusChange at \d\d:\d\d:02\.000/);
    const released = await pointOf(tl.page, 'call c1 5000', at(12));
    await hover(tl.page, { ...released, x: released.x + 1 }, /^call c1 5000\nReleased · final\n#12 /);
    await hover(tl.page, await pointOf(tl.page, 'call c2 5000', at(10)), /^call c2 5000\nEstablished · 11\.0 s \(open at capture end\)/);
    const p = await pointOf(tl.page, 'call c1 5000', at(7));
    const box = (await (await tl.page.$('.lanes-canvas'))!.boundingBox())!;
    await tl.page.mouse.click(box.x + p.x, box.y + p.y);
    await tl.page.waitForSelector('.row.selected[data-seq="8"]');
    await until(() => tl.page.$$eval('.lane-label.selected', (els) => els.map((e) => e.textContent)), (v) => v.join() === 'call c1 5000', 'the clicked lane outlined');
  });

  test('selecting a row in the list outlines its place in the lanes', async () => {
    const tl = await suite.open();
    await showLanes(tl.page);
    await tl.clickSeq(7);
    await until(() => tl.page.$$eval('.lane-label.selected', (els) => els.map((e) => e.textContent)), (v) => v.join() === 'device d1 n-d1', 'the device lane outlined');
    // The selection's time is marked across its lane in the focus colour (fixture: --vscode-editorCursor-foreground falls back to the foreground).
    const mark = await pointOf(tl.page, 'device d1 n-d1', at(5));
    assert.equal(await pixel(tl.page, { x: Math.round(mark.x), y: mark.y - 9 }), 'rgb(204, 204, 204)');
  });

  test('the keyboard zooms and pans; the wheel with Ctrl zooms and a drag pans', async () => {
    const tl = await suite.open();
    await showLanes(tl.page);
    const fitted = await frame(tl.page);
    await tl.page.focus('.lanes-canvas');
    await tl.page.keyboard.press('+');
    const zoomed = await until(() => frame(tl.page), (f) => f.msPerPx < fitted.msPerPx, 'zoom in');
    assert.ok(Math.abs(zoomed.msPerPx * 1.5 - fitted.msPerPx) < 1e-6, 'one step zooms 1.5 times');
    await tl.page.keyboard.press('ArrowRight');
    const panned = await until(() => frame(tl.page), (f) => f.t0 > zoomed.t0, 'pan right');
    assert.equal(panned.msPerPx, zoomed.msPerPx);
    await tl.page.keyboard.press('-');
    await until(() => frame(tl.page), (f) => Math.abs(f.msPerPx - fitted.msPerPx) < 1e-6, 'zoom out');
    await tl.page.keyboard.press('0');
    await until(() => frame(tl.page), (f) => f.t0 === fitted.t0 && f.msPerPx === fitted.msPerPx, 'fit again');
    const box = (await (await tl.page.$('.lanes-canvas'))!.boundingBox())!;
    await tl.page.mouse.move(box.x + 400, box.y + 60);
    await tl.page.keyboard.down('Control');
    await tl.page.mouse.wheel(0, -300);
    await tl.page.keyboard.up('Control');
    const wheeled = await until(() => frame(tl.page), (f) => f.msPerPx < fitted.msPerPx, 'ctrl+wheel zooms in');
    await tl.page.mouse.down();
    await tl.page.mouse.move(box.x + 300, box.y + 60, { steps: 5 });
    await tl.page.mouse.up();
    // A 100 px drag pans 100 px of time (waited for: the last move's frame may still be pending).
    await until(() => frame(tl.page), (f) => Math.abs(f.t0 - wheeled.t0 - 100 * wheeled.msPerPx) < wheeled.msPerPx * 2, 'a 100 px drag to pan 100 px of time');
  });
});
