import type { LaneGroup } from '../../src/lanesProtocol';

/**
 * Where things are on the lanes canvas: the time axis on top, the label column on the left, one
 * row per lane, and, when the lanes span several sessions, a header row before each session's
 * lanes. Time maps to x through `t0` (ms at the plot's left edge) and `msPerPx`; zoom keeps the
 * time under the pointer still.
 */

export const AXIS_HEIGHT = 22;
export const LANE_HEIGHT = 20;
export const LABEL_WIDTH = 190;
/** Finest zoom: 0.02 ms a pixel. */
const MIN_MS_PER_PX = 0.02;

/** What a display row holds. */
export type RowSlot = { kind: 'group'; group: number } | { kind: 'lane'; lane: number; group: number };

/** The view onto the lanes: time window, vertical scroll and the row layout. */
export class LaneViewport {
  width = 0;
  height = 0;
  t0 = 0;
  msPerPx = 1;
  scrollTop = 0;
  private from = 0;
  private to = 1;
  private groups: readonly LaneGroup[] = [];
  private fitted = false;

  /** Sets the extent and groups of the lanes; the first time (or `refit`) fits the whole extent. */
  setContent(from: number, to: number, groups: readonly LaneGroup[], refit = false): void {
    this.from = from;
    this.to = to;
    this.groups = groups;
    if (!this.fitted || refit) this.fit();
    this.clampScroll();
  }

  /** Resizes the drawing area (CSS pixels). */
  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    if (!this.fitted) this.fit();
    this.clampScroll();
  }

  get plotWidth(): number {
    return Math.max(0, this.width - LABEL_WIDTH);
  }

  /** Shows the whole extent. */
  fit(): void {
    if (this.plotWidth <= 0) return;
    const span = Math.max(1, this.to - this.from);
    this.msPerPx = (span * 1.02) / this.plotWidth;
    this.t0 = this.from - span * 0.01;
    this.fitted = true;
  }

  /** x (CSS px, canvas coordinates) of epoch ms `t`. */
  x(t: number): number {
    return LABEL_WIDTH + (t - this.t0) / this.msPerPx;
  }

  /** Epoch ms at canvas x. */
  time(x: number): number {
    return this.t0 + (x - LABEL_WIDTH) * this.msPerPx;
  }

  /** Zooms by `factor` (> 1 in) around canvas x `atX` (default the plot's middle). */
  zoom(factor: number, atX = LABEL_WIDTH + this.plotWidth / 2): void {
    const t = this.time(atX);
    const maxMsPerPx = (Math.max(1, this.to - this.from) * 4) / Math.max(1, this.plotWidth);
    this.msPerPx = Math.min(maxMsPerPx, Math.max(MIN_MS_PER_PX, this.msPerPx / factor));
    this.t0 = t - (atX - LABEL_WIDTH) * this.msPerPx;
  }

  /** Pans by `dx` CSS pixels (positive moves later in time into view). */
  pan(dx: number): void {
    this.t0 += dx * this.msPerPx;
  }

  /** Scrolls by `dy` CSS pixels. */
  scroll(dy: number): void {
    this.scrollTop += dy;
    this.clampScroll();
  }

  /** Display rows in all: lanes plus a header per group when there are several. */
  get rowCount(): number {
    const lanes = this.groups.reduce((n, g) => n + g.count, 0);
    return this.groups.length > 1 ? lanes + this.groups.length : lanes;
  }

  /** What display row `row` holds. */
  slot(row: number): RowSlot | undefined {
    if (row < 0) return undefined;
    const headers = this.groups.length > 1;
    let base = 0;
    for (let g = 0; g < this.groups.length; g++) {
      const group = this.groups[g];
      const rows = group.count + (headers ? 1 : 0);
      if (row < base + rows) {
        const k = row - base - (headers ? 1 : 0);
        return k < 0 ? { kind: 'group', group: g } : { kind: 'lane', lane: group.first + k, group: g };
      }
      base += rows;
    }
    return undefined;
  }

  /** The display row of lane `lane`. */
  rowOfLane(lane: number): number {
    if (this.groups.length <= 1) return lane;
    const g = this.groups.findIndex((x) => lane >= x.first && lane < x.first + x.count);
    return lane + Math.max(0, g) + 1;
  }

  /** y (canvas) of the top of display row `row`. */
  rowTop(row: number): number {
    return AXIS_HEIGHT + row * LANE_HEIGHT - this.scrollTop;
  }

  /** The display row at canvas y, or -1 on the axis. */
  rowAt(y: number): number {
    return y < AXIS_HEIGHT ? -1 : Math.floor((y - AXIS_HEIGHT + this.scrollTop) / LANE_HEIGHT);
  }

  /** The display rows [first, last] in sight. */
  visibleRows(): [number, number] {
    const first = Math.max(0, Math.floor(this.scrollTop / LANE_HEIGHT));
    const last = Math.min(this.rowCount - 1, Math.floor((this.scrollTop + Math.max(0, this.height - AXIS_HEIGHT)) / LANE_HEIGHT));
    return [first, last];
  }

  /** Scrolls display row `row` into sight. */
  reveal(row: number): void {
    const top = row * LANE_HEIGHT;
    const view = Math.max(LANE_HEIGHT, this.height - AXIS_HEIGHT);
    if (top < this.scrollTop) this.scrollTop = top;
    else if (top + LANE_HEIGHT > this.scrollTop + view) this.scrollTop = top + LANE_HEIGHT - view;
    this.clampScroll();
  }

  /** Pans time `t` into sight (to the middle) when it is outside the plot. */
  revealTime(t: number): void {
    const x = this.x(t);
    if (x < LABEL_WIDTH || x > this.width) this.t0 = t - (this.plotWidth / 2) * this.msPerPx;
  }

  private clampScroll(): void {
    const max = Math.max(0, this.rowCount * LANE_HEIGHT - Math.max(0, this.height - AXIS_HEIGHT));
    this.scrollTop = Math.max(0, Math.min(max, this.scrollTop));
  }
}
