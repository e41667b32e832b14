import { Virtualizer } from '@tanstack/virtual-core';

/**
 * A virtual list that scales past the browser's ~33.5M px element limit. Rows live in a logical
 * space of `count × rowHeight` pixels; the real scroller holds a spacer capped at MAX_PHYSICAL px
 * and maps its scrollTop onto the logical space (wheel and keys move logical pixels exactly).
 * A sticky layer pinned to the viewport holds the rendered rows.
 *
 * @tanstack/virtual-core computes the visible range and the offsets to bring a row into view.
 * Its measurements are O(count), so it is given a window of at most WINDOW rows around the
 * viewport, re-based as the viewport moves: five million rows cost what twenty thousand do.
 */

/** Tallest spacer we create; well under Chromium's 33,554,428 px. */
export const MAX_PHYSICAL = 8_000_000;
const WINDOW = 20_000;
const OVERSCAN = 10;

/** What the list asks of its owner. */
export interface VirtualListHost {
  /** Fills `el` for row `index` (called when the row enters the view or is invalidated). */
  renderRow(el: HTMLElement, index: number): void;
  /** The rows on screen changed (for page requests and saved state). */
  onRange(first: number, last: number): void;
  /** The user scrolled by hand (wheel, drag, keys): follow mode should stop unless at the end. */
  onUserScroll(atEnd: boolean): void;
  /** Rows were rendered (entered the view or were invalidated). */
  afterRender?(): void;
}

/** The scroll element TanStack sees: the current window of rows, in logical pixels. */
type WindowElement = Pick<HTMLElement, 'ownerDocument' | 'scrollTop' | 'scrollLeft' | 'scrollHeight' | 'scrollWidth' | 'clientHeight' | 'clientWidth'>;

/** The scaled, windowed virtual list; see the module comment. */
export class VirtualList {
  /** The scroll container (the owner puts it in the page and gives it its ARIA role). */
  readonly element: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly rendered = new Map<number, HTMLElement>();
  /** Rendered rows to render again with the next frame. */
  private readonly stale = new Set<number>();
  private readonly pool: HTMLElement[] = [];
  private count = 0;
  private logical = 0;
  private base = 0;
  private windowCount = 0;
  private viewport = { width: 0, height: 0 };
  private expectedPhysical = 0;
  private offsetCallback: ((offset: number, isScrolling: boolean) => void) | undefined;
  private rectCallback: ((rect: { width: number; height: number }) => void) | undefined;
  private frame = 0;
  private lastRange = '';
  private readonly resize: ResizeObserver;

  constructor(private readonly rowHeight: number, private readonly host: VirtualListHost) {
    this.element = document.createElement('div');
    this.element.className = 'vlist';
    this.layer = document.createElement('div');
    this.layer.className = 'vlist-layer';
    this.layer.setAttribute('role', 'presentation');
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.spacer.setAttribute('aria-hidden', 'true');
    this.element.append(this.layer, this.spacer);
    const list = this;
    const windowElement: WindowElement = {
      ownerDocument: document,
      scrollLeft: 0,
      scrollWidth: 0,
      get scrollTop() { return list.windowOffset; },
      get scrollHeight() { return list.windowCount * list.rowHeight; },
      get clientHeight() { return list.viewport.height; },
      get clientWidth() { return list.viewport.width; },
    };
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      // TanStack reads only the fields WindowElement has, given our own observers and scrollToFn.
      getScrollElement: () => windowElement as unknown as HTMLElement,
      estimateSize: () => this.rowHeight,
      overscan: OVERSCAN,
      observeElementRect: (_instance, cb) => {
        this.rectCallback = cb;
        cb(this.viewport);
        return () => (this.rectCallback = undefined);
      },
      observeElementOffset: (_instance, cb) => {
        this.offsetCallback = cb;
        cb(this.windowOffset, false);
        return () => (this.offsetCallback = undefined);
      },
      scrollToFn: (offset, { adjustments }) => this.setLogical(this.base * this.rowHeight + offset + (adjustments ?? 0)),
      onChange: () => this.schedule(),
      initialRect: this.viewport,
    });
    this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    this.element.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.element.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.resize = new ResizeObserver(() => this.measureViewport());
    this.resize.observe(this.element);
  }

  /** Rows in the list. */
  get rowCount(): number {
    return this.count;
  }

  /** The height the rows would need unscaled. */
  get logicalHeight(): number {
    return this.count * this.rowHeight;
  }

  /** Sets the number of rows; keeps the offset (clamped). */
  setCount(count: number): void {
    this.count = Math.max(0, Math.floor(count));
    this.spacer.style.height = `${Math.min(this.logicalHeight, MAX_PHYSICAL)}px`;
    this.rebase(this.firstVisible());
    this.setLogical(this.logical);
  }

  /** Scrolls so that row `index` is at the top. */
  scrollToIndex(index: number): void {
    this.setLogical(index * this.rowHeight);
  }

  /** Scrolls to the last row. */
  scrollToEnd(): void {
    this.setLogical(this.maxLogical());
  }

  /** True when the last row is in view. */
  get atEnd(): boolean {
    return this.logical >= this.maxLogical() - 1;
  }

  /** Scrolls the least needed to show row `index` whole (TanStack's 'auto' alignment). */
  ensureVisible(index: number): void {
    if (index < 0 || index >= this.count) return;
    if (index < this.base || index >= this.base + this.windowCount) this.rebase(index);
    const target = this.virtualizer.getOffsetForIndex(index - this.base, 'auto');
    if (target) this.setLogical(this.base * this.rowHeight + target[0]);
  }

  /** Rows fully or partly on screen: [first, last]. */
  visibleRange(): [number, number] {
    const first = this.firstVisible();
    const last = Math.min(this.count - 1, Math.floor((this.logical + this.viewport.height - 1) / this.rowHeight));
    return [first, Math.max(first, last)];
  }

  /** Rows that fit on screen. */
  get pageSize(): number {
    return Math.max(1, Math.floor(this.viewport.height / this.rowHeight));
  }

  /** Renders the visible rows in [from, to) again with the next frame (or on flush()): DOM written in a message
   *  event would make the next scroll event's scrollTop read lay the page out twice in one frame (5 ms in a sweep). */
  invalidate(from = 0, to = Number.POSITIVE_INFINITY): void {
    for (const index of this.rendered.keys()) if (index >= from && index < to) this.stale.add(index);
    if (this.stale.size > 0) this.schedule();
  }

  /** The element showing row `index`, if rendered. */
  rowElement(index: number): HTMLElement | undefined {
    return this.rendered.get(index);
  }

  /** Renders now rather than on the next frame. */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  /** Stops observing. */
  dispose(): void {
    this.resize.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
  }

  private get windowOffset(): number {
    return this.logical - this.base * this.rowHeight;
  }

  private maxLogical(): number {
    return Math.max(0, this.logicalHeight - this.viewport.height);
  }

  /** Logical pixels per physical pixel of scrollbar travel (1 until the cap is reached). */
  private scale(): number {
    const physical = Math.min(this.logicalHeight, MAX_PHYSICAL) - this.viewport.height;
    return physical > 0 ? this.maxLogical() / physical : 1;
  }

  private firstVisible(): number {
    return Math.min(Math.max(0, this.count - 1), Math.floor(this.logical / this.rowHeight));
  }

  private setLogical(offset: number): void {
    this.logical = Math.max(0, Math.min(offset, this.maxLogical()));
    const physical = Math.round(this.logical / this.scale());
    this.expectedPhysical = physical;
    if (Math.abs(this.element.scrollTop - physical) >= 1) this.element.scrollTop = physical;
    this.afterMove();
  }

  private onScroll(): void {
    const physical = this.element.scrollTop;
    // Our own writes read back within a pixel; anything else is the scrollbar or the keyboard.
    if (Math.abs(physical - this.expectedPhysical) < 1) return;
    this.expectedPhysical = physical;
    this.logical = Math.min(physical * this.scale(), this.maxLogical());
    this.afterMove();
    this.host.onUserScroll(this.atEnd);
  }

  /** Past the cap a wheel notch would jump many rows: move logical pixels instead. */
  private onWheel(e: WheelEvent): void {
    if (this.scale() <= 1 || e.deltaY === 0) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? this.rowHeight : e.deltaMode === 2 ? this.viewport.height : 1;
    this.setLogical(this.logical + e.deltaY * unit);
    this.host.onUserScroll(this.atEnd);
  }

  private afterMove(): void {
    const first = this.firstVisible();
    if (first < this.base + WINDOW / 4 && this.base > 0) this.rebase(first);
    else if (first + this.pageSize > this.base + (WINDOW * 3) / 4 && this.base + this.windowCount < this.count) this.rebase(first);
    this.offsetCallback?.(this.windowOffset, false);
    this.schedule();
  }

  /** Moves TanStack's window to center on row `around` (or just resizes it when the count changed). */
  private rebase(around: number): void {
    const base = Math.max(0, Math.min(around - WINDOW / 2, this.count - WINDOW));
    const windowCount = Math.min(WINDOW, this.count - base);
    if (base === this.base && windowCount === this.windowCount) return;
    this.base = base;
    this.windowCount = windowCount;
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: windowCount });
    this.virtualizer._willUpdate();
    this.offsetCallback?.(this.windowOffset, false);
  }

  private measureViewport(): void {
    const width = this.element.clientWidth;
    const height = this.element.clientHeight;
    if (width === this.viewport.width && height === this.viewport.height) return;
    const atEnd = this.count > 0 && this.atEnd;
    this.viewport = { width, height };
    this.rectCallback?.(this.viewport);
    this.setCount(this.count);
    // A list showing its last row keeps showing it when the viewport resizes (follow mode relies on it).
    if (atEnd) this.scrollToEnd();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const items = this.virtualizer.getVirtualItems();
    const windowOffset = this.windowOffset;
    const wanted = new Set<number>();
    for (const item of items) wanted.add(this.base + item.index);
    for (const [index, el] of this.rendered) {
      if (wanted.has(index)) continue;
      this.rendered.delete(index);
      el.remove();
      this.pool.push(el);
    }
    for (const index of this.stale) if (this.rendered.has(index)) this.host.renderRow(this.rendered.get(index)!, index);
    this.stale.clear();
    for (const item of items) {
      const index = this.base + item.index;
      let el = this.rendered.get(index);
      if (!el) {
        el = this.pool.pop() ?? document.createElement('div');
        this.rendered.set(index, el);
        this.host.renderRow(el, index);
        this.layer.append(el);
      }
      el.style.transform = `translateY(${item.start - windowOffset}px)`;
    }
    const [first, last] = this.visibleRange();
    const key = `${first}:${last}:${this.count}`;
    if (key !== this.lastRange) {
      this.lastRange = key;
      this.host.onRange(first, last);
    }
    this.host.afterRender?.();
  }
}
