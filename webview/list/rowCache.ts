import { PAGE_ROWS, type RowPage, type TimelineRow } from '../../src/timelineProtocol';

/**
 * The rows the webview holds: pages of PAGE_ROWS, least recently used dropped past MAX_PAGES, so
 * memory stays bounded however far the user scrolls. Everything is dropped on a new generation.
 * A page whose request failed keeps its reason until rows arrive for it or the failure is cleared
 * (to retry), and is not reported missing meanwhile.
 */

const MAX_PAGES = 60;

/** A bounded cache of view rows by position. */
export class RowCache {
  private readonly pages = new Map<number, Array<TimelineRow | undefined>>();
  private readonly inFlight = new Set<number>();
  private readonly failed = new Map<number, string>();
  generation = -1;

  /** Drops every row and pending request; rows of other generations are refused from now on. */
  reset(generation: number): void {
    this.generation = generation;
    this.pages.clear();
    this.inFlight.clear();
    this.failed.clear();
  }

  /** The row at `index`, or undefined while not loaded. */
  get(index: number): TimelineRow | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_ROWS));
    return page?.[index % PAGE_ROWS];
  }

  /** Stores the rows of `page` (any start, any length). */
  put(page: RowPage): void {
    page.rows.forEach((row, i) => {
      const index = page.start + i;
      const n = Math.floor(index / PAGE_ROWS);
      let rows = this.pages.get(n);
      if (rows) this.pages.delete(n);
      else rows = new Array<TimelineRow | undefined>(PAGE_ROWS);
      this.failed.delete(n);
      rows[index % PAGE_ROWS] = row;
      this.pages.set(n, rows);
    });
    for (const n of [...this.pages.keys()].slice(0, Math.max(0, this.pages.size - MAX_PAGES))) this.pages.delete(n);
  }

  /** Page numbers covering rows [first, last] of a view of `total` rows that are not loaded nor requested. */
  missing(first: number, last: number, total: number): number[] {
    const out: number[] = [];
    for (let n = Math.floor(first / PAGE_ROWS); n <= Math.floor(last / PAGE_ROWS); n++) {
      if (this.inFlight.has(n) || this.failed.has(n)) continue;
      const rows = this.pages.get(n);
      const end = Math.min(PAGE_ROWS, total - n * PAGE_ROWS);
      let complete = rows !== undefined;
      for (let i = 0; complete && i < end; i++) if (!rows![i]) complete = false;
      if (!complete) out.push(n);
    }
    return out;
  }

  /** Marks page `n` as requested (or answered). */
  setInFlight(n: number, pending: boolean): void {
    if (pending) this.inFlight.add(n);
    else this.inFlight.delete(n);
  }

  /** Records why page `n` could not be read. */
  fail(n: number, reason: string): void {
    this.failed.set(n, reason);
  }

  /** Why the page holding row `index` could not be read, if it could not. */
  failure(index: number): string | undefined {
    return this.failed.get(Math.floor(index / PAGE_ROWS));
  }

  /** Forgets the failures of pages outside [firstPage, lastPage], so they are asked for again when back in view. */
  retryOutside(firstPage: number, lastPage: number): void {
    for (const n of this.failed.keys()) if (n < firstPage || n > lastPage) this.failed.delete(n);
  }

  /** Requests not answered yet. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Pages held. */
  get size(): number {
    return this.pages.size;
  }
}
