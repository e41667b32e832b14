import type { ResourceDetail, ResourceRefLite, TranscriptResult } from '../../src/timelineProtocol';
import { h } from '../dom';
import { formatDateTime, formatDuration, formatTime, formatSize } from '../format';
import { TAGS } from '../ui/components';

/** The JSON, Resource and Transcript tabs. */

/** JSON tab: the pretty payload with a copy button. */
export function renderJson(container: HTMLElement, payload: { seq: number; text: string; bytes: number; truncated: boolean } | undefined): void {
  if (!payload) {
    container.replaceChildren(h('p', { class: 'note', text: 'Select a message to see its payload.' }));
    return;
  }
  const copy = h(TAGS.button, { text: 'Copy', class: 'copy-json', attrs: { appearance: 'secondary' } });
  copy.addEventListener('click', () => void navigator.clipboard?.writeText(payload.text));
  const info = h('span', { class: 'note', text: `#${payload.seq} · ${formatSize(payload.bytes)}${payload.truncated ? ' · shown truncated' : ''}` });
  container.replaceChildren(h('div', { class: 'json-bar' }, copy, info), h('pre', { class: 'json', text: payload.text }));
}

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

/** Resource tab: state path with durations, first and last seen, linked errors or linked call and device. */
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
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', { text: 'State' }),
    h('dd', { text: `${detail.state ?? '—'}${detail.deviceState ? ` (device ${detail.deviceState})` : ''}${detail.ended ? ` · ended: ${detail.endReason ?? ''}` : ''}` }),
    h('dt', { text: 'First seen' }),
    h('dd', { text: formatDateTime(detail.firstSeen) }),
    h('dt', { text: 'Last seen' }),
    h('dd', { text: formatDateTime(detail.lastSeen) }),
    h('dt', { text: 'Messages' }),
    h('dd', { text: String(detail.messageCount ?? 0) }),
  );
  const scope = h(TAGS.button, { text: 'Show only this resource', class: 'scope-to', attrs: { appearance: 'secondary' } });
  scope.addEventListener('click', () => actions.scopeTo(r));
  const states = h(
    'ol',
    { class: 'state-path' },
    ...detail.states.map((s) => h('li', { class: s.current ? 'current' : undefined }, h('span', { class: 'state', text: s.state }), h('span', { class: 'note', text: ` ${formatTime(s.since)} · ${formatDuration(s.durationMs)}${s.current ? ' (so far)' : ''}` }))),
  );
  const errors = detail.errors.length
    ? h('div', { class: 'errors' }, h('h4', { text: `Errors (${detail.errors.length})` }), ...detail.errors.map((e) => linkButton(`#${e.seq} ${formatTime(e.at)} ${e.text ?? ''}`, () => actions.selectSeq(e.seq), 'link error-link')))
    : undefined;
  const links = detail.links.length
    ? h('div', { class: 'links' }, h('h4', { text: 'Names' }), ...detail.links.map((l) => linkButton(`${l.kind} ${l.id}`, () => actions.showResource(l), 'link resource-link')))
    : undefined;
  container.replaceChildren(head, facts, scope, h('h4', { text: 'State path' }), states, errors ?? '', links ?? '');
}

/** Transcript tab: chat lines in index order merged with state changes. */
export function renderTranscript(container: HTMLElement, transcript: TranscriptResult | undefined): void {
  if (!transcript) {
    container.replaceChildren(h('p', { class: 'note', text: 'Select a chat message to see its transcript.' }));
    return;
  }
  const lines = transcript.lines.map((l) => {
    if (l.kind === 'state') {
      const parts = [l.state ? `state ${l.state}` : undefined, l.notificationType, l.joined.length ? `joined: ${l.joined.join(', ')}` : undefined, l.left.length ? `left: ${l.left.join(', ')}` : undefined].filter(Boolean);
      return h('li', { class: 'transcript-state', attrs: { 'data-seq': l.seq } }, h('span', { class: 'time', text: formatTime(l.at) }), h('span', { text: `— ${parts.join(' · ')}` }));
    }
    return h(
      'li',
      { class: `transcript-line type-${(l.type ?? 'unknown').replace(/[^A-Za-z]/g, '')}`, attrs: { 'data-index': l.index, 'data-seq': l.seq } },
      h('span', { class: 'time', text: formatTime(l.at) }),
      h('span', { class: 'index', text: `#${l.index}` }),
      h('span', { class: 'sender', text: `${l.nickname ?? '?'}${l.participantType ? ` (${l.participantType})` : ''}` }),
      h('span', { class: 'msg-type', text: `${l.type ?? ''}${l.visibility ? ` · ${l.visibility}` : ''}` }),
      h('span', { class: 'text', text: l.text ?? '' }),
    );
  });
  container.replaceChildren(
    h('p', { class: 'note', text: `chat ${transcript.chatId}${transcript.truncated ? ' · last lines only' : ''}` }),
    lines.length ? h('ol', { class: 'transcript' }, ...lines) : h('p', { class: 'note', text: 'No messages yet.' }),
  );
}
