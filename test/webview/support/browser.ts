import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CaptureSession } from '../../../src/session/captureSession';
import { TimelineService, type TimelineServiceOptions } from '../../../src/timeline/timelineService';
import type { Envelope, HostMessage } from '../../../src/timelineProtocol';
import { REPO } from './pageServer';

/** Chromium for the webview tests: Debian's package, headless, never a download. */

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches headless Chromium; throws (never skips) when it or the built bundle is missing. */
export async function launchChromium(executablePath = process.env.GWS_TEST_CHROMIUM ?? CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`Chromium is missing at ${executablePath}: run \`npm run setup:system\` (installs Debian's chromium package) and retry.`);
  if (!existsSync(join(REPO, 'dist', 'webview', 'webview.js'))) throw new Error('dist/webview/webview.js is missing: run `npm run build` first.');
  return chromium.launch({ executablePath, headless: true, args: ARGS });
}

let shared: Promise<Browser> | undefined;

/** One browser per test file, launched on first use: a missing Chromium fails every test that needs it, by name. */
export function sharedChromium(): Promise<Browser> {
  shared ??= launchChromium();
  return shared;
}

/** Closes the shared browser, if it started. */
export async function closeSharedChromium(): Promise<void> {
  const launched = shared;
  shared = undefined;
  await launched?.then((b) => b.close(), () => undefined);
}

/** Dispatches host messages into the page in order, as VS Code's postMessage would. */
export function pagePoster(page: Page): (message: Envelope<HostMessage>) => Promise<void> {
  let queue = Promise.resolve();
  return (message) => {
    queue = queue
      // Typed without the DOM lib: the bench imports this file under the Node-only tsconfig.
      .then(() => page.evaluate((m) => {
        const g = globalThis as unknown as { dispatchEvent(e: unknown): void; MessageEvent: new (type: string, init: { data: unknown }) => unknown };
        g.dispatchEvent(new g.MessageEvent('message', { data: m }));
      }, message as unknown))
      .catch(() => undefined);
    return queue;
  };
}

/**
 * Bridges the page to a real TimelineService over `session`: page posts reach service.receive()
 * through exposeFunction, service posts are dispatched into the page. Call before page.goto().
 */
export async function bridge(page: Page, session: CaptureSession, options: TimelineServiceOptions = {}): Promise<{ service: TimelineService; opened: unknown[]; exported: number[][]; logs: string[] }> {
  const post = pagePoster(page);
  const opened: unknown[] = [];
  const exported: number[][] = [];
  const logs: string[] = [];
  const service = new TimelineService(session, { post: (m) => void post(m), openDiff: (seq, kind, id) => opened.push({ seq, kind, id }), exportSeqs: (s) => exported.push(s), log: (t) => logs.push(t) }, { warmText: false, ...options });
  await page.exposeFunction('__hostPost', (raw: unknown) => service.receive(raw));
  return { service, opened, exported, logs };
}
