import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { CaptureSession } from '../../../src/session/captureSession';
import type { TimelineServiceOptions } from '../../../src/timeline/timelineService';
import type { WebviewMessage } from '../../../src/timelineProtocol';
import { bridge } from './browser';
import type { PageServer } from './pageServer';

/** A timeline page bridged to a real TimelineService, with helpers to read what it did. */
export interface TimelinePage {
  page: Page;
  host: Awaited<ReturnType<typeof bridge>>;
  /** Bodies of every message the page posted, in order. */
  posted(): Promise<WebviewMessage[]>;
  /** The CSP violations the page recorded. */
  violations(): Promise<unknown[]>;
  /** Selects the row showing `seq` by clicking it (it must be rendered). */
  clickSeq(seq: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens the page for `session` in `theme`, optionally with saved UI state, and waits for rows. */
export async function openTimeline(browser: Browser, server: PageServer, session: CaptureSession, options: { theme?: 'dark' | 'light' | 'hc'; state?: unknown; service?: TimelineServiceOptions; viewport?: { width: number; height: number }; timezoneId?: string } = {}): Promise<TimelinePage> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 800 }, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.state !== undefined) await page.addInitScript((s) => ((window as unknown as { __initialState: unknown }).__initialState = s), options.state);
  const host = await bridge(page, session, options.service);
  await page.goto(server.pageUrl(options.theme));
  await page.waitForSelector('.row[data-seq]');
  return {
    page,
    host,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<{ body: WebviewMessage }> }).__posted.map((m) => m.body)),
    violations: () => page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations),
    clickSeq: async (seq) => {
      await page.click(`.row[data-seq="${seq}"]`);
    },
    close: async () => {
      assert.deepEqual(errors, [], 'no uncaught page errors');
      host.service.dispose();
      await page.close();
    },
  };
}

/** Polls `read` until `check` holds (or fails with the last value). */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}
