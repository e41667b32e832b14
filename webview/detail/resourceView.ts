import type { ResourceDetail, ResourceRefLite } from '../../src/timelineProtocol';
import { h } from '../dom';
import { formatDateTime, formatDuration, formatTime } from '../format';
import { TAGS } from '../ui/components';
import { timeInStateList } from './timingView';

/** What the Resource tab reports back. */
export interface ResourceActions {
  showResource(ref: ResourceRefLite): void;
  scopeTo(ref: ResourceRefLite): void;
  selectSeq(seq: number): void;
}

function linkButton(text: string, onClick: () => void, cls = 'link'): HTMLElement {
  const b = h('button', { class: cls, text, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

/** `· ended`, with the reason only when the state does not already say it ("Completed · ended", not "Completed · ended: Completed"). */
function endedText(d: ResourceDetail): string {
  if (!d.ended) return '';
  return d.endReason && d.endReason !== d.state ? ` · ended: ${d.endReason}` : ' · ended';
}

/** Resource tab: time in each state, state path with durations, first and last seen, linked errors or linked call and device. */
export function renderResource(container: HTMLElement, detail: ResourceDetail | undefined, actions: ResourceActions): void {
  if (!detail) {
    container.replaceChildren(h('p', { class: 'note', text: 'Select a message naming a call, chat or device.' }));
    return;
  }
  const r = detail.resource;
  const head = h('header', { class: 'resource-head' }, h('strong', { text: `${r.kind} ${r.id}` }), r.label ? h('span', { class: 'note', text: ` ${r.label}` }) : undefined);
  if (!detail.found) {
    container.replaceChildren(head, h('p', { class: 'note', text: 'Not seen in this capture.' }));
    return;
  }
  // An imported log's times are shown as written, in no zone of this machine (the list marks them too).
  const local = detail.clock === 'log-local';
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', { text: 'State' }),
    h('dd', { text: `${detail.state ?? '—'}${detail.deviceState ? ` (device ${detail.deviceState})` : ''}${endedText(detail)}` }),
    h('dt', { text: 'First seen' }),
    h('dd', { text: formatDateTime(detail.firstSeen, local) }),
    h('dt', { text: 'Last seen' }),
    h('dd', { text: formatDateTime(detail.lastSeen, local) }),
    h('dt', { text: 'Messages' }),
    h('dd', { text: String(detail.messageCount ?? 0) }),
  );
  const scope = h(TAGS.button, { text: 'Show only this resource', class: 'scope-to', attrs: { appearance: 'secondary' } });
  scope.addEventListener('click', () => actions.scopeTo(r));
  const states = h(
    'ol',
    { class: 'state-path' },
    ...detail.states.map((s) => h('li', { class: s.current ? 'current' : undefined }, h('span', { class: 'state', text: s.state }), h('span', { class: 'note', text: ` ${formatTime(s.since, local)} · ${formatDuration(s.durationMs)}${s.current ? ' (so far)' : ''}` }))),
  );
  const errors = detail.errors.length
    ? h('div', { class: 'errors' }, h('h4', { text: `Errors (${detail.errors.length})` }), ...detail.errors.map((e) => linkButton(`#${e.seq} ${formatTime(e.at, local)} ${e.text ?? ''}`, () => actions.selectSeq(e.seq), 'link error-link')))
    : undefined;
  const links = detail.links.length
    ? h('div', { class: 'links' }, h('h4', { text: 'Names' }), ...detail.links.map((l) => linkButton(`${l.kind} ${l.id}`, () => actions.showResource(l), 'link resource-link')))
    : undefined;
  const totals = timeInStateList(detail);
  const timeInState = totals ? [h('h4', { text: 'Time in state' }), totals] : [];
  container.replaceChildren(head, facts, scope, ...timeInState, h('h4', { text: 'State path' }), states, errors ?? '', links ?? '');
}
