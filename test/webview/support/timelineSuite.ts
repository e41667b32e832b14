import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/capture/records';
import type { OfflineSession } from '../../../src/session/offlineSession';
import { closeSharedChromium, sharedChromium } from './browser';
import { demoRecords, openCapture } from './fixtures';
import { startPageServer, type PageServer } from './pageServer';
import { openTimeline, type TimelinePage } from './timelinePage';

/** What a suite of timeline pages over one demo capture shares. */
export interface TimelineSuite {
  readonly session: OfflineSession;
  /** The page open now, if any. */
  readonly current: TimelinePage | undefined;
  /** Opens a page on the capture; it is checked and closed after the test. */
  open(options?: Parameters<typeof openTimeline>[3]): Promise<TimelinePage>;
  /** The test closed the page itself: nothing to check or close after it. */
  forget(): void;
}

/**
 * Registers the hooks of a Chromium suite over a `records`-message demo capture, in the calling
 * describe() (or over `options.records`): after each test the open page must have had no CSP violation (and, with
 * `noPageErrors`, posted no webview/error), then it is closed.
 */
export function timelineSuite(records: number, options: { noPageErrors?: boolean; records?: CaptureRecord[] } = {}): TimelineSuite {
  let server: PageServer;
  let capture: { session: OfflineSession; cleanup: () => void };
  let tl: TimelinePage | undefined;
  before(async () => {
    server = await startPageServer();
    capture = await openCapture(options.records ?? demoRecords(records));
  });
  afterEach(async () => {
    if (!tl) return;
    assert.deepEqual(await tl.violations(), [], 'no CSP violations');
    if (options.noPageErrors) assert.deepEqual((await tl.posted()).filter((m) => m.type === 'webview/error'), [], 'the page reported no error of its own');
    await tl.close();
    tl = undefined;
  });
  after(async () => {
    await closeSharedChromium();
    await server?.close();
    capture?.cleanup();
  });
  return {
    get session() {
      return capture.session;
    },
    get current() {
      return tl;
    },
    open: async (o = {}) => (tl = await openTimeline(await sharedChromium(), server, capture.session, o)),
    forget: () => void (tl = undefined),
  };
}

/**
 * Registers the hooks every Chromium suite needs, in the calling scope: a page server started
 * before the tests, and it and the shared Chromium closed after them. Returns the server (usable
 * from the tests on).
 */
export function pageServerSuite(): PageServer {
  let real: PageServer | undefined;
  before(async () => {
    real = await startPageServer();
  });
  after(async () => {
    await closeSharedChromium();
    await real?.close();
  });
  const started = (): PageServer => real ?? assert.fail('the page server starts before the tests');
  return {
    get origin() {
      return started().origin;
    },
    pageUrl: (theme) => started().pageUrl(theme),
    close: async () => real?.close(),
  };
}
