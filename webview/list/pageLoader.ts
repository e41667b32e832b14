import { PAGE_ROWS, type HostMessage, type RowPage, type WebviewRequest } from '../../src/timelineProtocol';
import { isSuperseded } from '../../src/timelineRequests';
import type { RowCache } from './rowCache';

/**
 * Asks the host for the pages of rows coming into view, at most MAX_IN_FLIGHT at a time. Every
 * request ends (answer, failure, timeout), so a slot is never held for good. A page that failed
 * shows its reason in place (see RowCache.failure) and is asked for again once it has left the
 * view and comes back; a request superseded by a newer one for the same rows is no error.
 */

const MAX_IN_FLIGHT = 4;
/** Rows beyond the visible ones that are loaded ahead. */
const AHEAD = 10;

type RowsPage = Extract<HostMessage, { type: 'rows/page' }>;

/** What the loader needs from the app. */
export interface PageLoaderHost {
  request(body: WebviewRequest): Promise<RowsPage>;
  /** Rows in the current view, or undefined before the first snapshot. */
  total(): number | undefined;
  visibleRange(): [number, number];
  /** Rows [from, to) changed: render them again. */
  rowsChanged(from: number, to: number): void;
  /** A page of the current generation arrived (after it was cached). */
  pageArrived(page: RowPage): void;
}

/** The page requests of the list; see the module comment. */
export class PageLoader {
  constructor(private readonly cache: RowCache, private readonly host: PageLoaderHost) {}

  /** Rows [first, last] are on screen: asks for the pages around them that are neither loaded nor asked for. */
  onRange(first: number, last: number): void {
    const total = this.host.total();
    if (total === undefined) return;
    const from = Math.max(0, first - AHEAD);
    const to = Math.min(total - 1, last + AHEAD);
    this.cache.retryOutside(Math.floor(from / PAGE_ROWS), Math.floor(to / PAGE_ROWS));
    const pages = this.cache.missing(from, to, total);
    for (const n of pages.slice(0, Math.max(0, MAX_IN_FLIGHT - this.cache.pending))) void this.fetch(n);
  }

  private async fetch(n: number): Promise<void> {
    const generation = this.cache.generation;
    this.cache.setInFlight(n, true);
    try {
      const page = await this.host.request({ type: 'rows/get', generation, start: n * PAGE_ROWS, count: PAGE_ROWS });
      if (page.generation !== this.cache.generation || generation !== this.cache.generation) return;
      this.cache.setInFlight(n, false);
      this.cache.put(page);
      this.host.rowsChanged(page.start, page.start + page.rows.length);
      this.host.pageArrived(page);
    } catch (err) {
      if (isSuperseded(err) || generation !== this.cache.generation) return;
      this.cache.setInFlight(n, false);
      this.cache.fail(n, err instanceof Error ? err.message : String(err));
      this.host.rowsChanged(n * PAGE_ROWS, (n + 1) * PAGE_ROWS);
    } finally {
      if (generation === this.cache.generation) this.cache.setInFlight(n, false);
    }
    const [first, last] = this.host.visibleRange();
    this.onRange(first, last);
  }
}
