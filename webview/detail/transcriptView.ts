import type { TranscriptResult } from '../../src/timelineProtocol';
import { h } from '../dom';
import { formatTime } from '../format';

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
