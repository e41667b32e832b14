import type { OperationDetail, OperationView } from '../../src/timelineProtocol';
import { h } from '../dom';

/** What the operation line's links do. */
export interface OperationActions {
  selectSeq(seq: number): void;
}

function link(text: string, seq: number, cls: string, actions: OperationActions): HTMLElement {
  const b = h('button', { class: `link ${cls}`, text, attrs: { type: 'button', 'data-seq': seq } });
  b.addEventListener('click', () => actions.selectSeq(seq));
  return b;
}

/** `Answer → accepted in 12 ms → Established 95 ms later`: the outcome in the words of the issue. */
export function outcomeWords(op: OperationView): string {
  const head = op.operation;
  if (op.responseSeq === null) return `${head} → ${op.outcome === 'pending' ? 'waiting for the answer' : `no answer${op.error ? `: ${op.error.reason}` : ''}`}`;
  const timing = op.elapsedMs === null ? '' : ` in ${op.elapsedMs} ms`;
  if (op.outcome === 'error' && op.error?.seq === null) return `${head} → refused${timing}: ${op.error.reason}`;
  const accepted = `${head} → accepted${timing}`;
  switch (op.outcome) {
    case 'effect':
      return op.effect ? `${accepted} → ${op.effect.state} ${op.effect.afterMs} ms later` : `${accepted} → answered`;
    case 'error':
      return `${accepted} → error: ${op.error!.reason}`;
    case 'pending':
      return `${accepted} → waiting for its effect`;
    case 'no-effect':
      return `${accepted} → no effect`;
  }
}

/**
 * The line above the detail tabs: for a request or response, its operation's outcome (with a link
 * to the message that was its effect or reported its failure) and both records; for a notification
 * an operation caused, "caused by Answer (#41)". Every server string goes in as text.
 */
export function renderOperation(el: HTMLElement, detail: OperationDetail | undefined, actions: OperationActions): void {
  const op = detail?.operation;
  const cause = detail?.causedBy;
  el.toggleAttribute('hidden', !op && !cause);
  if (cause) {
    el.replaceChildren(h('span', { class: 'caused-by' }, 'caused by ', link(`${cause.operation} (#${cause.requestSeq})`, cause.requestSeq, 'cause-link', actions), ` on ${cause.target}`));
    return;
  }
  if (!op) return void el.replaceChildren();
  const target = op.effect?.seq ?? op.error?.seq ?? null;
  const line = h('div', { class: `op-outcome outcome-${op.outcome}` }, h('span', { class: 'op-words', text: outcomeWords(op), attrs: { title: op.summary } }));
  if (target !== null) line.append(' ', link(`#${target}`, target, 'effect-link', actions));
  const facts = h(
    'div',
    { class: 'op-facts' },
    h('span', { text: `${op.operation} ${op.target}` }),
    link(`request #${op.requestSeq}`, op.requestSeq, 'request-link', actions),
    op.responseSeq === null ? 'no response' : link(`response #${op.responseSeq}`, op.responseSeq, 'response-link', actions),
    h('span', { text: [op.httpStatus ? `HTTP ${op.httpStatus}` : '', op.statusCode === null ? '' : `statusCode ${op.statusCode}`, op.referenceId === null ? '' : `referenceId ${op.referenceId}`].filter(Boolean).join(' · ') }),
  );
  const message = op.statusMessage === null ? undefined : h('div', { class: 'op-message', text: `statusMessage: ${op.statusMessage}` });
  const records = h(
    'details',
    { class: 'op-records' },
    h('summary', { text: `Request and response${op.truncated ? ' (cut at 1 MiB)' : ''}` }),
    h('pre', { class: 'op-request', text: op.requestText }),
    h('pre', { class: 'op-response', text: op.responseText ?? '(no response recorded)' }),
  );
  el.replaceChildren(line, facts, message ?? '', records);
}
