/**
 * `bench/lanes.ts`: the Lanes tab of the built webview in headless Chromium, bridged to the REAL
 * host side (TimelineService over an OfflineSession of a journal of 100k messages naming 10k
 * resources). First paint: from the click on the Lanes tab (page loaded, list painted) to the
 * frame after the first one with spans. Panning: one Shift+wheel notch per animation frame over
 * the canvas, script work per frame (webviewProbe.ts), p95 of the frames that had any. Bundle:
 * the webview bundle's size, and the bytes the lanes' code takes in it (esbuild's metafile).
 * Usage: bench/lanes.ts [--messages N] [--resources N] [--runs N] [--no-build]
 * Ends with a `BENCH_JSON` line of the figures for bench/run.ts; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { OfflineSession } from '../src/session/offlineSession';
import { tempDir } from '../test/support/harness';
import { launchChromium } from '../test/webview/support/browser';
import { startPageServer, type PageServer } from '../test/webview/support/pageServer';
import { median, numberArg, printFigures } from './benchSupport';
import { writeLaneCapture } from './laneCapture';
import { FRAME_PROBE, frameStats, type FrameSample } from './webviewProbe';
import { benchBridge } from './webviewBridge';

const MESSAGES = numberArg('--messages', 100_000);
const RESOURCES = numberArg('--resources', 10_000);
const RUNS = Math.max(1, numberArg('--runs', 3));
const REPO = join(__dirname, '..');
const figures: Record<string, number> = {};

/** Opens the page on `session` with the list painted; returns it with a clock of the tab's first frame. */
async function openPage(browser: Browser, server: PageServer, session: OfflineSession): Promise<{ page: Page; dispose: () => Promise<void> }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(FRAME_PROBE);
  const { service } = await benchBridge(page, session, { warmText: false });
  await page.goto(server.pageUrl());
  await page.evaluate('window.__bench.firstRows()');
  return { page, dispose: async () => (service.dispose(), await page.close()) };
}

/** ms from the Lanes tab's click to the frame after the first frame with spans (the page's own clock). */
function firstPaint(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector('#tab-lanes').click();
    const check = () => performance.getEntriesByName('lanes:first-frame').length > 0 ? requestAnimationFrame(() => resolve(performance.now() - t0)) : setTimeout(check, 1);
    check();
  })`) as Promise<number>;
}

/** `frames` wheel notches of `delta` px (Shift: pan, else scroll) over the canvas, one per animation frame; the probe's samples and the draws' own times. */
async function pan(page: Page, frames: number, delta: number, shift: boolean): Promise<{ sample: FrameSample; draws: number[] }> {
  await page.evaluate('window.__probe.reset(); performance.clearMeasures("lanes:draw")');
  await page.evaluate(`new Promise((resolve) => {
    const canvas = document.querySelector('.lanes-canvas');
    const box = canvas.getBoundingClientRect();
    let i = 0;
    const step = () => {
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: ${delta}, shiftKey: ${shift}, clientX: box.left + 500, clientY: box.top + 200, bubbles: true, cancelable: true }));
      if (++i < ${frames}) requestAnimationFrame(step);
      else setTimeout(resolve, 300);
    };
    requestAnimationFrame(step);
  })`);
  const sample = (await page.evaluate('window.__probe.samples()')) as FrameSample;
  const draws = (await page.evaluate('performance.getEntriesByName("lanes:draw").map((e) => e.duration)')) as number[];
  return { sample, draws };
}

const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] ?? 0;

/** The webview bundle, and the bytes of it the lanes' own files take. */
async function bundleFigures(): Promise<void> {
  const result = await esbuild.build({ entryPoints: [join(REPO, 'webview', 'main.ts')], bundle: true, write: false, metafile: true, platform: 'browser', format: 'iife', target: 'chrome120', minify: true, outdir: join(REPO, 'dist', 'bench-lanes'), logLevel: 'silent' });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const lanes = Object.entries(output.inputs).filter(([file]) => /(^|\/)(webview\/lanes\/|src\/lanesProtocol\.ts|src\/tracker\/stateTimes\.ts)/.test(file));
  figures.lanesKB = lanes.reduce((n, [, i]) => n + i.bytesInOutput, 0) / 1024;
  figures.bundleKB = statSync(join(REPO, 'dist', 'webview', 'webview.js')).size / 1024;
  console.log(`webview bundle ${figures.bundleKB.toFixed(0)} KB minified (row 7 target < 400 KB); the lanes' code in it: ${figures.lanesKB.toFixed(1)} KB (${lanes.length} files)`);
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit' });
  await bundleFigures();
  const tmp = tempDir('gws-bench-lanes-');
  const server = await startPageServer();
  const browser = await launchChromium();
  let t = performance.now();
  const path = writeLaneCapture(tmp.dir, MESSAGES, RESOURCES);
  const session = await OfflineSession.open(path);
  const lanes = session.tracker.resources().filter((r) => r.kind !== 'error' && r.kind !== 'other').length;
  console.log(`${MESSAGES.toLocaleString('en')} messages naming ${lanes.toLocaleString('en')} calls, chats and devices: written and opened in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  try {
    const paints: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { page, dispose } = await openPage(browser, server, session);
      paints.push(await firstPaint(page));
      if (run < RUNS - 1) {
        await dispose();
        continue;
      }
      figures.firstPaintMs = median(paints);
      console.log(`  lanes first paint        ${paints.map((p) => p.toFixed(0)).join(', ')} ms → median ${figures.firstPaintMs.toFixed(0)} ms  target < 300 ms ${figures.firstPaintMs < 300 ? 'PASS' : 'FAIL'}`);
      const runsOf: Array<[string, number, number, boolean]> = [['pan, whole hour in view', 120, 40, true], ['pan, zoomed in', 120, 40, true], ['scroll through lanes', 120, 400, false]];
      const busy: number[] = [];
      for (const [label, n, delta, shift] of runsOf) {
        if (label === 'pan, zoomed in') {
          await page.focus('.lanes-canvas');
          for (let i = 0; i < 6; i++) await page.keyboard.press('+');
        }
        const { sample, draws } = await pan(page, n, delta, shift);
        const work = sample.frames.filter((f) => f > 0);
        const s = frameStats({ frames: work, longTasks: sample.longTasks });
        if (shift) busy.push(...work);
        console.log(`  ${label.padEnd(24)} ${s.frames} frames with work: p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(1)} ms; draw alone p95 ${p95(draws).toFixed(2)} ms; long tasks ${s.longTasks}`);
        figures[`${label.startsWith('scroll') ? 'scroll' : label.includes('zoomed') ? 'panZoomed' : 'pan'}P95Ms`] = s.p95;
      }
      figures.panP95Ms = p95(busy);
      console.log(`  panning, all frames with work: p95 ${figures.panP95Ms.toFixed(2)} ms  target < 10 ms ${figures.panP95Ms < 10 ? 'PASS' : 'FAIL'}`);
      await dispose();
    }
    printFigures({ messages: MESSAGES, resources: lanes, ...figures });
  } finally {
    session.dispose();
    await browser.close();
    await server.close();
    tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
