/**
 * The bench's bridge between the page and a real TimelineService: like test/webview/support's
 * bridge, but host messages cross as one JSON string parsed in the page. Playwright's own
 * argument serializer walks a 200-row snapshot value by value on both sides, tens of ms per
 * page that VS Code's postMessage (a structured clone) does not spend; the harness should not
 * weigh on the figures it reports.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CaptureSession } from '../src/session/captureSession';
import { TimelineService, type TimelineServiceOptions } from '../src/timeline/timelineService';
import type { Envelope, HostMessage } from '../src/timelineProtocol';

/** Dispatches host messages into the page in order, each as a MessageEvent of the parsed JSON. */
export function jsonPoster(page: Page): (message: Envelope<HostMessage>) => Promise<void> {
  let queue = Promise.resolve();
  return (message) => {
    const text = JSON.stringify(message);
    queue = queue
      .then(() =>
        page.evaluate((t) => {
          // Typed without the DOM lib: this file compiles under the Node-only tsconfig.
          const g = globalThis as unknown as { dispatchEvent(e: unknown): void; MessageEvent: new (type: string, init: { data: unknown }) => unknown };
          g.dispatchEvent(new g.MessageEvent('message', { data: JSON.parse(t) }));
        }, text),
      )
      .catch(() => undefined);
    return queue;
  };
}

/** Wall-clock times (epoch ms) the host spent on the page's first `webview/ready`. */
export interface ReadyTiming {
  in?: number;
  out?: number;
}

/** Bridges the page to a real TimelineService over `session`; call before page.goto(). */
export async function benchBridge(page: Page, session: CaptureSession, options: TimelineServiceOptions = {}): Promise<{ service: TimelineService; ready: ReadyTiming }> {
  const post = jsonPoster(page);
  // The text search runs in the built worker, as in the extension (the bench builds first).
  const service = new TimelineService(session, { post: (m) => void post(m) }, { warmText: false, searchWorker: join(__dirname, '..', 'dist', 'searchWorker.js'), ...options });
  const ready: ReadyTiming = {};
  await page.exposeFunction('__hostPost', async (raw: unknown) => {
    const first = ready.in === undefined && (raw as { body?: { type?: string } } | null)?.body?.type === 'webview/ready';
    if (first) ready.in = Date.now();
    await service.receive(raw);
    if (first) ready.out = Date.now();
  });
  return { service, ready };
}
