import { h } from '../dom';
import { formatSize } from '../format';
import { TAGS } from '../ui/components';

/** The JSON tab: the pretty payload with a copy button. */
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
