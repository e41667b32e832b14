import { SPAN_STRIDE, type LaneGroup, type LanesPage, type LanesReply, type LanesRequest } from '../../src/lanesProtocol';
import type { TimelineRow, TimelineScope } from '../../src/timelineProtocol';
import { h } from '../dom';
import { formatCount } from '../format';
import { markAtX, paintLanes, spanAtX, type LaneHighlight } from './laneCanvas';
import { LaneColors } from './laneColors';
import { LABEL_WIDTH, LANE_HEIGHT, LaneViewport } from './laneGeometry';
import { LaneStore } from './laneStore';
import { fillLegend, fillTip, LaneLabels, markLines, spanLines } from './laneText';

/**
 * The Lanes tab: a canvas of one lane per resource (state spans in theme colours, marks for
 * operations, findings, gaps and reconnects), zoomed and panned with the mouse (wheel with Ctrl
 * zooms, wheel scrolls lanes, Shift+wheel or a drag pans) and the keyboard (+ − zoom, 0 fits,
 * arrows pan and scroll, Page keys, Home and End). Hovering shows the state, its time and its message; a click selects that message in the
 * list, and the list's selection is outlined in its lane. Frames are drawn on animation frames,
 * at most one per frame, and only when something changed.
 */

/** What the view needs from the app. */
export interface LanesHost {
  request(body: LanesRequest): Promise<LanesReply>;
  /** Selects record `seq` of `session` in the list. */
  selectSeq(seq: number, session: string): void;
}

/** A hit under the pointer: a span or a mark of a lane, or a session-wide mark. */
type Hit = { seq: number; session: string; lines: string[] };

const KEY_PAN = 0.1;
const LIVE_REFRESH_MS = 1000;

/** The Lanes tab; see the module comment. */
export class LanesView {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'lanes-canvas', attrs: { tabindex: 0, role: 'img', 'aria-label': 'State lanes: + and − zoom, arrows pan and scroll, 0 fits' } });
  private readonly tip = h('div', { class: 'lane-tip', attrs: { role: 'tooltip', hidden: true } });
  private readonly legend = h('div', { class: 'lanes-legend' });
  private readonly status = h('div', { class: 'lanes-status', attrs: { role: 'status' } });
  private readonly labels = new LaneLabels();
  private readonly vp = new LaneViewport();
  private readonly store: LaneStore;
  private colors: LaneColors | undefined;
  private groups: LaneGroup[] = [];
  private shown = false;
  private frame = 0;
  private firstFrame = false;
  private highlight: LaneHighlight | undefined;
  private selectedRow: TimelineRow | undefined;
  private drag: { x: number; y: number; moved: boolean } | undefined;
  private legendKey = '';
  /** The user zoomed, panned or scrolled since the view was fitted: a new lane list keeps the window. */
  private userMoved = false;
  private scopeKey = '';
  private liveTimer: number | undefined;
  /** Spans filled by the last frame (tests and the bench read it through the canvas's data-spans). */
  private spans = 0;

  constructor(private readonly host: LanesHost) {
    this.store = new LaneStore({ request: (b) => host.request(b), changed: (p, reset) => this.onPage(p, reset), failed: (why) => (this.status.textContent = `Lanes could not load: ${why}`) });
    const body = h('div', { class: 'lanes-body' }, this.canvas, this.labels.element, this.tip);
    this.element = h('div', { class: 'lanes' }, this.legend, body, this.status);
    new ResizeObserver(() => this.resize()).observe(body);
    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.canvas.addEventListener('pointerleave', () => this.hideTip());
    // VS Code changes the body's class and theme variables when the theme changes.
    new MutationObserver(() => this.colors && (this.colors.refresh(), (this.legendKey = ''), this.schedule())).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  }

  /** The tab came into view: loads the lanes in sight (and where the selection is). */
  show(): void {
    if (this.shown) return;
    performance.mark('lanes:shown');
    this.shown = true;
    this.colors ??= new LaneColors();
    this.resize();
    void this.store.reload(...this.visibleLanes(), this.focus());
  }

  hide(): void {
    this.shown = false;
    this.hideTip();
  }

  /** Outlines `row`'s place in its lane (the list's selection), scrolling it into sight; another `scope` fits the lanes again. */
  select(row: TimelineRow | undefined, scope: TimelineScope): void {
    const scopeKey = JSON.stringify(scope);
    const newView = scopeKey !== this.scopeKey;
    if (!newView && row?.seq === this.selectedRow?.seq && row?.session?.id === this.selectedRow?.session?.id) return;
    this.scopeKey = scopeKey;
    if (newView) this.userMoved = false;
    this.selectedRow = row;
    this.highlight = undefined;
    if (this.shown && (row?.resource || newView)) void this.store.reload(...this.visibleLanes(), this.focus());
    this.schedule();
  }

  /** A live session's lanes grow: what is in sight is asked for again each second while shown. */
  private followLive(page: LanesPage): void {
    if (this.liveTimer !== undefined || !page.groups.some((g) => g.clock === 'live')) return;
    this.liveTimer = window.setTimeout(() => {
      this.liveTimer = undefined;
      if (this.shown) void this.store.reload(...this.visibleLanes());
    }, LIVE_REFRESH_MS);
  }

  private focus(): LanesRequest['focus'] {
    const r = this.selectedRow?.resource;
    return r ? { kind: r.kind, id: r.id, ...(this.selectedRow?.session ? { session: this.selectedRow.session.id } : {}) } : undefined;
  }

  private onPage(page: LanesPage, reset: boolean): void {
    this.groups = page.groups;
    this.vp.setContent(page.from, page.to, page.groups, reset && !this.userMoved);
    if (page.focus !== undefined && page.focus >= 0 && this.selectedRow) {
      this.highlight = { lane: page.focus, at: this.selectedRow.at };
      this.vp.reveal(this.vp.rowOfLane(page.focus));
      this.vp.revealTime(this.selectedRow.at);
    }
    this.store.want(...this.visibleLanes());
    if (this.shown) this.followLive(page);
    this.status.textContent = `${formatCount(page.total)} lanes${page.groups.length > 1 ? ` in ${page.groups.length} sessions` : ''} · wheel scrolls, Ctrl+wheel zooms, drag or Shift+wheel pans; keys + − 0 and arrows`;
    this.schedule();
  }

  /** Lanes [first, last] the rows in sight show. */
  private visibleLanes(): [number, number] {
    const [first, last] = this.vp.visibleRows();
    const lanes: number[] = [];
    for (const row of [first, last]) {
      const slot = this.vp.slot(row);
      if (slot) lanes.push(slot.kind === 'lane' ? slot.lane : this.groups[slot.group]?.first ?? 0);
    }
    return lanes.length === 2 ? [lanes[0], lanes[1]] : [0, Math.ceil(this.vp.height / LANE_HEIGHT)];
  }

  private resize(): void {
    const box = this.canvas.parentElement!.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(box.width * dpr);
    this.canvas.height = Math.round(box.height * dpr);
    this.canvas.style.width = `${box.width}px`;
    this.canvas.style.height = `${box.height}px`;
    this.vp.resize(box.width, box.height);
    // Resizing cleared the canvas: draw now rather than show it blank for a frame.
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    if (this.shown) this.draw();
    else this.frame = 0;
  }

  private schedule(): void {
    if (this.frame === 0 && this.shown) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.colors || this.vp.width === 0) return;
    const t = performance.now();
    const dpr = this.canvas.width / this.vp.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.spans = paintLanes(ctx, this.vp, this.store, this.groups, this.colors, this.highlight);
    this.labels.update(this.vp, this.store, this.groups, this.highlight?.lane);
    this.canvas.dataset.spans = String(this.spans);
    this.canvas.dataset.t0 = String(this.vp.t0);
    this.canvas.dataset.msPerPx = String(this.vp.msPerPx);
    const key = `${this.store.key}/${[...this.store.held()].length}`;
    if (key !== this.legendKey) (this.legendKey = key), fillLegend(this.legend, this.store, this.colors);
    performance.measure('lanes:draw', { start: t, end: performance.now() });
    if (!this.firstFrame && this.spans > 0) {
      this.firstFrame = true;
      performance.mark('lanes:first-frame');
    }
  }

  /** After a pan, zoom or scroll: the pages now in sight, and a frame. */
  private moved(): void {
    this.userMoved = true;
    this.store.want(...this.visibleLanes());
    this.hideTip();
    this.schedule();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const x = e.offsetX;
    if (e.ctrlKey || e.metaKey) this.vp.zoom(Math.exp(-e.deltaY / 300), Math.max(LABEL_WIDTH, x));
    else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.vp.pan(e.shiftKey ? e.deltaY || e.deltaX : e.deltaX);
    else this.vp.scroll(e.deltaY);
    this.moved();
  }

  private onKey(e: KeyboardEvent): void {
    const plot = this.vp.plotWidth;
    const page = Math.max(LANE_HEIGHT, this.vp.height - 2 * LANE_HEIGHT);
    const actions: Record<string, () => void> = {
      '+': () => this.vp.zoom(1.5), '=': () => this.vp.zoom(1.5), '-': () => this.vp.zoom(1 / 1.5), '0': () => this.vp.fit(),
      Home: () => this.vp.scroll(-Infinity), End: () => this.vp.scroll(Infinity),
      ArrowLeft: () => this.vp.pan(-plot * KEY_PAN), ArrowRight: () => this.vp.pan(plot * KEY_PAN),
      ArrowUp: () => this.vp.scroll(-LANE_HEIGHT), ArrowDown: () => this.vp.scroll(LANE_HEIGHT),
      PageUp: () => this.vp.scroll(-page), PageDown: () => this.vp.scroll(page),
    };
    const action = actions[e.key];
    if (!action || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    action();
    this.moved();
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.drag = { x: e.clientX, y: e.clientY, moved: false };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (d) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      d.moved = true;
      this.vp.pan(-dx);
      this.vp.scroll(-dy);
      d.x = e.clientX;
      d.y = e.clientY;
      return this.moved();
    }
    const hit = this.hit(e.offsetX, e.offsetY);
    if (!hit) return this.hideTip();
    fillTip(this.tip, hit.lines);
    this.tip.hidden = false;
    const box = this.canvas.getBoundingClientRect();
    this.tip.style.left = `${Math.min(e.offsetX + 12, Math.max(0, box.width - this.tip.offsetWidth - 4))}px`;
    this.tip.style.top = `${Math.min(e.offsetY + 16, Math.max(0, box.height - this.tip.offsetHeight - 4))}px`;
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = undefined;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (d?.moved) return;
    const hit = this.hit(e.offsetX, e.offsetY);
    if (hit) this.host.selectSeq(hit.seq, hit.session);
  }

  /** What is under canvas (x, y): a lane's mark, else its span, else a session-wide mark. */
  private hit(x: number, y: number): Hit | undefined {
    if (x < LABEL_WIDTH) return undefined;
    const slot = this.vp.slot(this.vp.rowAt(y));
    if (!slot) return undefined;
    const group = this.groups[slot.group];
    const several = this.groups.length > 1;
    if (slot.kind === 'lane') {
      const held = this.store.get(slot.lane);
      if (!held) return undefined;
      const mark = markAtX(held.lane.marks, this.vp, x);
      if (mark) return { seq: mark.seq, session: group.session.id, lines: markLines(mark, group) };
      const i = spanAtX(held.lane, this.vp, x);
      if (i >= 0) return { seq: held.lane.spans[i * SPAN_STRIDE + 3], session: group.session.id, lines: spanLines(held.lane, held.names, i, group, several) };
    }
    const wide = group ? markAtX(group.marks, this.vp, x) : undefined;
    return wide ? { seq: wide.seq, session: group.session.id, lines: markLines(wide, group) } : undefined;
  }

  private hideTip(): void {
    this.tip.hidden = true;
  }
}

