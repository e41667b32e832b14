import { SPAN_STRIDE, type Lane, type LaneGroup, type LaneMark } from '../../src/lanesProtocol';
import { spanText, type StateSpan } from '../../src/tracker/stateTimes';
import { h } from '../dom';
import { formatDuration, formatTime, plural } from '../format';
import type { LaneColors } from './laneColors';
import { LANE_HEIGHT, type LaneViewport } from './laneGeometry';
import type { LaneStore } from './laneStore';

/**
 * The lanes' words, all DOM text (textContent, never markup): the lane labels in sight, the
 * tooltip, the legend. A label or tooltip may hold anything a GWS payload held.
 */

/** The lane's name as its label shows it, as the list names resources: `call …TAES000015 +1555`. */
export function laneName(lane: Lane): string {
  return `${lane.kind} ${lane.label}`;
}

/** Span `i` of `lane` as tracker/stateTimes.ts's StateSpan, so its time reads as the Resource tab's does. */
export function stateSpan(lane: Lane, names: readonly string[], i: number): StateSpan {
  const n = lane.spans.length / SPAN_STRIDE;
  const last = i === n - 1;
  return { state: names[lane.spans[i * SPAN_STRIDE + 2]] ?? '', since: lane.spans[i * SPAN_STRIDE], durationMs: lane.spans[i * SPAN_STRIDE + 1], open: last && !lane.ended, final: last && lane.ended };
}

/** Tooltip lines for span `i`: lane, state and time (with the state's total over repeated visits), the message that set it. */
export function spanLines(lane: Lane, names: readonly string[], i: number, group: LaneGroup | undefined, several: boolean): string[] {
  const span = stateSpan(lane, names, i);
  let visits = 0;
  let total = 0;
  for (let k = 0; k < lane.spans.length / SPAN_STRIDE; k++) {
    const other = stateSpan(lane, names, k);
    if (other.state !== span.state || other.final) continue;
    visits++;
    total += other.durationMs;
  }
  const type = names[lane.spans[i * SPAN_STRIDE + 4]];
  const lines = [laneName(lane) + (several && group ? ` · ${group.session.label}` : '')];
  lines.push(`${span.state} · ${spanText(span, group?.clock ?? 'capture')}${visits > 1 ? ` · ${formatDuration(total)} in ${plural(visits, 'visit')}` : ''}`);
  lines.push(`#${lane.spans[i * SPAN_STRIDE + 3]}${type ? ` ${type}` : ''} at ${formatTime(span.since, group?.times === 'log-local')} · click to select`);
  return lines;
}

/** Tooltip lines for a mark of `group`. */
export function markLines(mark: LaneMark, group: LaneGroup | undefined): string[] {
  const what = mark.kind === 'operation' ? `Operation (${mark.tone === 'ok' ? 'effect' : mark.tone})` : mark.kind === 'finding' ? `Finding (${mark.tone})` : mark.kind === 'gap' ? 'Gap' : 'Reconnect';
  const local = group?.times === 'log-local';
  const when = mark.until !== undefined ? `${formatTime(mark.at, local)} – ${formatTime(mark.until, local)}` : formatTime(mark.at, local);
  return [`${what} at ${when}`, mark.text, `#${mark.seq} · click to select`];
}

/** Fills `tip` with `lines`, one element each. */
export function fillTip(tip: HTMLElement, lines: readonly string[]): void {
  tip.replaceChildren(...lines.map((line, i) => h('div', { class: i === 0 ? 'lane-tip-title' : 'lane-tip-line', text: line })));
}

/** The DOM labels of the rows in sight, recycled from a pool. */
export class LaneLabels {
  readonly element = h('div', { class: 'lane-labels', attrs: { 'aria-hidden': 'true' } });
  private readonly pool: HTMLElement[] = [];

  /** Shows the labels of the rows in sight; `selected` marks the highlighted lane's. */
  update(vp: LaneViewport, store: LaneStore, groups: readonly LaneGroup[], selected: number | undefined): void {
    const [first, last] = vp.rowCount > 0 ? vp.visibleRows() : [0, -1];
    let used = 0;
    for (let row = first; row <= last; row++) {
      const slot = vp.slot(row);
      if (!slot) continue;
      const el = this.pool[used] ?? this.element.appendChild(h('div', { class: 'lane-label' }));
      this.pool[used++] = el;
      const lane = slot.kind === 'lane' ? store.get(slot.lane)?.lane : undefined;
      const text = slot.kind === 'group' ? groups[slot.group].session.label : lane ? laneName(lane) : '…';
      if (el.textContent !== text) el.textContent = text;
      el.className = slot.kind === 'group' ? 'lane-label lane-group' : slot.lane === selected ? 'lane-label selected' : 'lane-label';
      el.dataset.row = String(row);
      el.style.transform = `translateY(${vp.rowTop(row)}px)`;
      el.style.height = `${LANE_HEIGHT}px`;
      el.hidden = false;
    }
    for (let i = used; i < this.pool.length; i++) this.pool[i].hidden = true;
  }
}

/** The legend: a swatch per state the held lanes show, then the mark shapes. */
export function fillLegend(legend: HTMLElement, store: LaneStore, colors: LaneColors): void {
  const states = new Set<string>();
  for (const { lane, names } of store.held()) for (let i = 2; i < lane.spans.length; i += SPAN_STRIDE) states.add(names[lane.spans[i]] ?? '');
  const items = [...states].sort().map((state) => {
    const swatch = h('span', { class: 'swatch' });
    swatch.style.backgroundColor = colors.state(state);
    return h('span', { class: 'legend-item' }, swatch, state);
  });
  const marks = [['◆', 'operation'], ['▼', 'finding'], ['▮', 'gap'], ['┆', 'reconnect']].map(([shape, word]) => h('span', { class: `legend-item legend-${word}`, text: `${shape} ${word}` }));
  legend.replaceChildren(...items, ...marks);
}
