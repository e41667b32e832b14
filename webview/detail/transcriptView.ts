import type { TranscriptLine, TranscriptResult } from '../../src/timelineProtocol';
import { h } from '../dom';
import { formatTime, plural } from '../format';

/**
 * Transcript tab: chat lines in index order merged with state changes. Each message is a head
 * (time, index, sender, type) with its text on its own full-width line below, so a narrow detail
 * pane still gives the text its width. Two clocks are named: a message's time is GWS's own
 * timestamp, a state change's is when this machine received the record.
 */

const CLOCKS = {
  gws: { label: 'GWS', title: "GWS's timestamp of the message (the server's clock)" },
  received: { label: 'received', title: 'When this machine received the record (local clock)' },
  log: { label: 'received', title: "The log's local clock: an imported WWE log names no time zone; shown as written" },
};

function clock(kind: keyof typeof CLOCKS, at: number | undefined): HTMLElement {
  return h('span', { class: `time clock-${kind === 'log' ? 'received log-clock' : kind}`, attrs: { title: CLOCKS[kind].title } }, h('span', { class: 'clock', text: CLOCKS[kind].label }), ` ${formatTime(at, kind === 'log')}`);
}

/** One transcript line as a list item; `logLocal`: received times are an imported log's clock (TranscriptResult.clock). */
export function transcriptItem(l: TranscriptLine, logLocal = false): HTMLElement {
  if (l.kind === 'state') {
    const parts = [l.state ? `state ${l.state}` : undefined, l.notificationType, l.joined.length ? `joined: ${l.joined.join(', ')}` : undefined, l.left.length ? `left: ${l.left.join(', ')}` : undefined].filter(Boolean);
    return h('li', { class: 'transcript-state', attrs: { 'data-seq': l.seq } }, clock(logLocal ? 'log' : 'received', l.at), h('span', { text: `— ${parts.join(' · ')}` }));
  }
  return h(
    'li',
    { class: `transcript-line type-${(l.type ?? 'unknown').replace(/[^A-Za-z]/g, '')}`, attrs: { 'data-index': l.index, 'data-seq': l.seq } },
    h(
      'div',
      { class: 'line-head' },
      clock('gws', l.at),
      h('span', { class: 'index', text: `#${l.index}` }),
      h('span', { class: 'sender', text: `${l.nickname ?? '?'}${l.participantType ? ` (${l.participantType})` : ''}` }),
      h('span', { class: 'msg-type', text: `${l.type ?? ''}${l.visibility ? ` · ${l.visibility}` : ''}` }),
    ),
    h('div', { class: 'text', text: l.text ?? '' }),
  );
}

/** The lines a MessageLogUpdated record (`seq`) added, for the Changes tab. */
export function transcriptUpdate(transcript: TranscriptResult | undefined, seq: number): HTMLElement {
  const lines = transcript?.lines.filter((l) => l.kind === 'message' && l.seq === seq) ?? [];
  const head = transcript === undefined ? 'Transcript update: loading its lines…' : `Transcript update: ${plural(lines.length, 'new line')}`;
  return h('section', { class: 'transcript-update' }, h('p', { class: 'note', text: head }), lines.length ? h('ol', { class: 'transcript' }, ...lines.map((l) => transcriptItem(l, transcript?.clock === 'log-local'))) : undefined);
}

/** Renders the Transcript tab. */
export function renderTranscript(container: HTMLElement, transcript: TranscriptResult | undefined): void {
  if (!transcript) {
    container.replaceChildren(h('p', { class: 'note', text: 'Select a chat message to see its transcript.' }));
    return;
  }
  const lines = transcript.lines.map((l) => transcriptItem(l, transcript.clock === 'log-local'));
  container.replaceChildren(
    h('p', { class: 'note', text: `chat ${transcript.chatId}${transcript.truncated ? ' · last lines only' : ''} · times: GWS for messages, received for state changes` }),
    lines.length ? h('ol', { class: 'transcript' }, ...lines) : h('p', { class: 'note', text: 'No messages yet.' }),
  );
}
