import type { ResourceDetail } from '../../src/timelineProtocol';
import type { RowTiming } from '../../src/timingProtocol';
import { timingLines } from '../../src/timing/timingText';
import { h } from '../dom';
import { formatDuration } from '../format';

/** GWS's delivery timing of the selected record, at the top of the Changes tab (with its findings). */
export function timingBlock(timing: RowTiming | undefined): HTMLElement | undefined {
  if (!timing) return undefined;
  const cls = timing.processingMs === -1 ? 'delivery server-failure' : 'delivery';
  return h('section', { class: cls, attrs: { 'aria-label': 'Delivery timing' } }, ...timingLines(timing).map((line) => h('p', { class: 'delivery-line', text: line })));
}

/** The Resource tab's totals per state (repeated visits added up), the current one marked. */
export function timeInStateList(detail: ResourceDetail): HTMLElement | undefined {
  const totals = detail.timeInState;
  if (!totals?.length) return undefined;
  // As the state path below it says of the current state.
  const tail = ' (so far)';
  return h(
    'dl',
    { class: 'facts time-in-state' },
    ...totals.flatMap((t) => [h('dt', { text: t.state }), h('dd', { class: t.open ? 'current' : undefined, text: `${formatDuration(t.ms)}${t.open ? tail : ''}` })]),
  );
}
