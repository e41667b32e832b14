import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { until } from './timelinePage';

/** Reading the Lanes tab of a timeline page: its frame facts, positions on its canvas, its tooltip. */

/** The lanes' frame facts the view publishes on its canvas. */
export async function frame(page: Page): Promise<{ spans: number; t0: number; msPerPx: number }> {
  return page.$eval('.lanes-canvas', (c) => ({ spans: Number((c as HTMLElement).dataset.spans ?? 0), t0: Number((c as HTMLElement).dataset.t0), msPerPx: Number((c as HTMLElement).dataset.msPerPx) }));
}

/** Opens the Lanes tab and waits for the first frame with spans. */
export async function showLanes(page: Page): Promise<void> {
  await page.click('#tab-lanes');
  await until(() => frame(page), (f) => f.spans > 0, 'the first frame with spans');
}

/** Canvas position (CSS px, relative to the canvas) of epoch ms `t` on the lane labelled `label`. */
export async function pointOf(page: Page, label: string, t: number): Promise<{ x: number; y: number }> {
  const f = await frame(page);
  const y = await page.$$eval('.lane-label:not([hidden])', (els, text) => {
    const el = els.find((e) => e.textContent === text);
    return el ? new DOMMatrix(getComputedStyle(el).transform).m42 : NaN;
  }, label);
  assert.ok(Number.isFinite(y), `a label reads ${label}`);
  return { x: 190 + (t - f.t0) / f.msPerPx, y: y + 10 };
}

/** The canvas pixel at (x, y) CSS px as `rgb(r, g, b)`. */
export async function pixel(page: Page, p: { x: number; y: number }): Promise<string> {
  return page.$eval('.lanes-canvas', (c, q) => {
    const canvas = c as HTMLCanvasElement;
    const dpr = canvas.width / canvas.getBoundingClientRect().width;
    const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round(q.x * dpr), Math.round(q.y * dpr), 1, 1).data;
    return `rgb(${r}, ${g}, ${b})`;
  }, p);
}

/** Moves the mouse to `p` on the canvas; the tooltip's lines once they match `expected` (a previous tooltip may still show meanwhile). */
export async function hover(page: Page, p: { x: number; y: number }, expected: RegExp): Promise<string> {
  const b = (await (await page.$('.lanes-canvas'))!.boundingBox())!;
  await page.mouse.move(b.x + p.x, b.y + p.y);
  const read = (): Promise<string> => page.$eval('.lane-tip', (el) => ((el as HTMLElement).hidden ? '' : [...el.children].map((c) => c.textContent).join('\n')));
  return until(read, (text) => expected.test(text), `a tooltip matching ${expected}`);
}

