import { SPAN_STRIDE, type Lane, type LaneGroup, type LaneMark } from '../../src/lanesProtocol';
import { formatTime } from '../format';
import type { LaneColors } from './laneColors';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, type LaneViewport } from './laneGeometry';
import type { LaneStore } from './laneStore';

/**
 * Paints one frame of the lanes: only the rows in sight, and in each lane only the spans that
 * meet the time window (found by binary search); spans narrower than a pixel share the pixel
 * rather than each costing a fill. Labels are DOM (laneLabels.ts); everything here is pixels.
 */

/** How wide a final state is drawn, in pixels: it has no duration. */
const FINAL_WIDTH = 3;
const MARK_SIZE = 5;
/** Axis steps (ms) to choose from: the first at least MIN_TICK_PX apart. */
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 108e5, 216e5, 432e5, 864e5];
const MIN_TICK_PX = 90;

/** What is selected in the list: its lane and time. */
export interface LaneHighlight {
  lane: number;
  at: number;
}

/** The first span of `lane` that may be in sight from epoch ms `t` (the last one starting at or before it). */
export function firstSpanAt(lane: Lane, t: number): number {
  const s = lane.spans;
  let lo = 0;
  let hi = s.length / SPAN_STRIDE;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid * SPAN_STRIDE] <= t) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** The span of `lane` under canvas x, or -1. */
export function spanAtX(lane: Lane, vp: LaneViewport, x: number): number {
  const t = vp.time(x);
  const n = lane.spans.length / SPAN_STRIDE;
  const i = firstSpanAt(lane, t);
  if (n === 0) return -1;
  const since = lane.spans[i * SPAN_STRIDE];
  const last = i === n - 1;
  const endX = last && lane.ended ? vp.x(since) + FINAL_WIDTH : vp.x(since + lane.spans[i * SPAN_STRIDE + 1]);
  return x >= vp.x(since) - 1 && x <= Math.max(endX, vp.x(since) + 1) + 1 ? i : -1;
}

/** The mark of `marks` nearest canvas x within reach, or undefined. */
export function markAtX(marks: readonly LaneMark[], vp: LaneViewport, x: number): LaneMark | undefined {
  let best: LaneMark | undefined;
  let bestDx = MARK_SIZE + 1;
  for (const m of marks) {
    const inside = m.until !== undefined && x >= vp.x(m.at) && x <= vp.x(m.until);
    const dx = inside ? 0 : Math.abs(vp.x(m.at) - x);
    if (dx < bestDx) (best = m), (bestDx = dx);
  }
  return best;
}

/** Paints the frame; returns how many spans were filled (the bench and tests read it). */
export function paintLanes(ctx: CanvasRenderingContext2D, vp: LaneViewport, store: LaneStore, groups: readonly LaneGroup[], colors: LaneColors, highlight: LaneHighlight | undefined): number {
  const p = colors.palette;
  ctx.clearRect(0, 0, vp.width, vp.height);
  paintAxis(ctx, vp, colors, groups.length > 0 && groups.every((g) => g.times === 'log-local'));
  const [first, last] = vp.visibleRows();
  const tLeft = vp.time(LABEL_WIDTH);
  const tRight = vp.time(vp.width);
  let filled = 0;
  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_WIDTH, AXIS_HEIGHT, vp.plotWidth, vp.height - AXIS_HEIGHT);
  ctx.clip();
  for (let row = first; row <= last; row++) {
    const slot = vp.slot(row);
    const y = vp.rowTop(row);
    if (!slot) continue;
    if (slot.kind === 'group') {
      ctx.fillStyle = p.grid;
      ctx.fillRect(LABEL_WIDTH, y + LANE_HEIGHT - 1, vp.plotWidth, 1);
      for (const m of groups[slot.group].marks) paintMark(ctx, vp, m, y, colors);
      continue;
    }
    const held = store.get(slot.lane);
    if (!held) continue;
    const lane = held.lane;
    const s = lane.spans;
    const n = s.length / SPAN_STRIDE;
    let lastX = -Infinity;
    for (let i = firstSpanAt(lane, tLeft); i < n; i++) {
      const since = s[i * SPAN_STRIDE];
      if (since > tRight) break;
      const final = lane.ended && i === n - 1;
      let x1 = vp.x(since);
      let x2 = final ? x1 + FINAL_WIDTH : vp.x(since + s[i * SPAN_STRIDE + 1]);
      if (x2 <= lastX || x2 < LABEL_WIDTH) continue;
      x1 = Math.max(x1, lastX, LABEL_WIDTH - 1);
      x2 = Math.min(Math.max(x2, x1 + 1), vp.width + 1);
      ctx.fillStyle = colors.state(held.names[s[i * SPAN_STRIDE + 2]] ?? '');
      ctx.fillRect(x1, y + 3, x2 - x1, LANE_HEIGHT - 6);
      lastX = x2;
      filled++;
    }
    for (const m of lane.marks) paintMark(ctx, vp, m, y, colors);
  }
  paintGaps(ctx, vp, groups, colors);
  if (highlight) paintHighlight(ctx, vp, highlight, colors);
  ctx.restore();
  return filled;
}

/** `logLocal`: every session's times are an imported log's clock, labelled as written (in no zone of this machine). */
function paintAxis(ctx: CanvasRenderingContext2D, vp: LaneViewport, colors: LaneColors, logLocal: boolean): void {
  const p = colors.palette;
  const step = STEPS.find((s) => s / vp.msPerPx >= MIN_TICK_PX) ?? STEPS[STEPS.length - 1];
  const tz = logLocal ? 0 : new Date(vp.t0).getTimezoneOffset() * 60_000;
  // Ticks fall on local round times (minutes and hours of the wall clock the list shows).
  const start = Math.ceil((vp.time(LABEL_WIDTH) - tz) / step) * step + tz;
  ctx.fillStyle = p.grid;
  ctx.fillRect(0, AXIS_HEIGHT - 1, vp.width, 1);
  ctx.font = '11px sans-serif';
  ctx.textBaseline = 'middle';
  for (let t = start; vp.x(t) <= vp.width; t += step) {
    const x = Math.round(vp.x(t));
    ctx.fillStyle = p.grid;
    ctx.fillRect(x, AXIS_HEIGHT - 5, 1, vp.height);
    ctx.fillStyle = p.muted;
    const text = formatTime(t, logLocal);
    ctx.fillText(step >= 1000 ? text.slice(0, 8) : text, x + 3, AXIS_HEIGHT / 2);
  }
}

function paintMark(ctx: CanvasRenderingContext2D, vp: LaneViewport, m: LaneMark, y: number, colors: LaneColors): void {
  if (m.kind === 'gap' || m.kind === 'reconnect') return;
  const x = vp.x(m.at);
  if (x < LABEL_WIDTH - MARK_SIZE || x > vp.width + MARK_SIZE) return;
  ctx.fillStyle = colors.palette.tone[m.tone];
  ctx.strokeStyle = colors.palette.background;
  ctx.beginPath();
  if (m.kind === 'operation') {
    // A diamond: something we sent.
    ctx.moveTo(x, y + 1);
    ctx.lineTo(x + MARK_SIZE, y + 1 + MARK_SIZE);
    ctx.lineTo(x, y + 1 + 2 * MARK_SIZE);
    ctx.lineTo(x - MARK_SIZE, y + 1 + MARK_SIZE);
  } else {
    // A triangle pointing down: something found.
    ctx.moveTo(x - MARK_SIZE, y + 1);
    ctx.lineTo(x + MARK_SIZE, y + 1);
    ctx.lineTo(x, y + 1 + 1.6 * MARK_SIZE);
  }
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
}

/** Gaps as bands and reconnects as dashed lines over their session's rows. */
function paintGaps(ctx: CanvasRenderingContext2D, vp: LaneViewport, groups: readonly LaneGroup[], colors: LaneColors): void {
  for (const g of groups) {
    if (g.marks.length === 0) continue;
    const top = Math.max(AXIS_HEIGHT, vp.rowTop(groups.length > 1 ? vp.rowOfLane(g.first) - 1 : 0));
    const bottom = Math.min(vp.height, vp.rowTop(vp.rowOfLane(g.first + g.count - 1) + 1) + (g.count === 0 ? LANE_HEIGHT : 0));
    if (bottom <= top) continue;
    for (const m of g.marks) {
      if (m.kind !== 'gap' && m.kind !== 'reconnect') continue;
      const x1 = vp.x(m.at);
      const x2 = Math.max(x1 + 2, m.until !== undefined ? vp.x(m.until) : x1 + 1);
      if (x2 < LABEL_WIDTH || x1 > vp.width) continue;
      ctx.fillStyle = colors.palette.tone.warning;
      ctx.globalAlpha = m.kind === 'gap' ? 0.25 : 0.8;
      if (m.kind === 'gap') ctx.fillRect(x1, top, x2 - x1, bottom - top);
      else for (let y = top; y < bottom; y += 6) ctx.fillRect(x1, y, 1, 3);
      ctx.globalAlpha = 1;
    }
  }
}

function paintHighlight(ctx: CanvasRenderingContext2D, vp: LaneViewport, h: LaneHighlight, colors: LaneColors): void {
  const y = vp.rowTop(vp.rowOfLane(h.lane));
  const x = Math.round(vp.x(h.at));
  ctx.strokeStyle = colors.palette.selection;
  ctx.lineWidth = 2;
  ctx.strokeRect(LABEL_WIDTH + 1, y + 1, vp.plotWidth - 2, LANE_HEIGHT - 2);
  ctx.fillStyle = colors.palette.focus;
  ctx.fillRect(x - 1, y - 2, 2, LANE_HEIGHT + 4);
  ctx.lineWidth = 1;
}
