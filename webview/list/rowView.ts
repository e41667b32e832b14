import type { TimelineRow } from '../../src/timelineProtocol';
import { h, setAttr } from '../dom';
import { shortId, shortName } from '../../src/model/resourceNames';
import { formatTime, formatSize, shortType } from '../format';
import { delayCell, timingLines } from '../../src/timing/timingText';

/** Renders one list row (an ARIA option) from its data; every value goes in as text. */

/** Row height in px; the CSS uses the same. */
export const ROW_HEIGHT = 22;

/** The column titles above the list. */
export function listHeader(): HTMLElement {
  // Session shows only in views across sessions (the list pane's `across` class).
  const titles = ['Time', 'Channel', 'Type', 'Resource', 'State', 'Ref', 'Delay', 'Size', 'Session'];
  // data-col names the width variable a resized column sets (columnSizer.ts).
  return h('div', { class: 'list-header', attrs: { 'aria-hidden': 'true' } }, ...titles.map((t) => h('span', { class: `cell ${t.toLowerCase()}`, text: t, attrs: { 'data-col': t.toLowerCase() } })));
}

/** The DOM id of row `index`, for aria-activedescendant. */
export function rowId(index: number): string {
  return `row-${index}`;
}

function cell(cls: string, text: string, title?: string): HTMLElement {
  return h('span', { class: `cell ${cls}`, text, attrs: { title: title ?? (text.length > 20 ? text : undefined) } });
}

/** The time cell; an imported log's clock is shown as written and says so (italic, tooltip). */
function timeCell(row: TimelineRow): HTMLElement {
  if (row.clock !== 'log-local') return cell('time', formatTime(row.at));
  const el = cell('time log-clock', formatTime(row.at, true), "The log's local clock: an imported WWE log names no time zone; shown as written");
  el.setAttribute('aria-label', `${formatTime(row.at, true)}, the log's local clock`);
  return el;
}

/** The type as `Call · StatusChange`; the tooltip gives the full names. */
function typeText(row: TimelineRow, short: boolean): string {
  const type = row.messageType === undefined ? '(no messageType)' : short ? shortType(row.messageType) : row.messageType;
  return [type, row.notificationType].filter(Boolean).join(' · ');
}

function resourceText(row: TimelineRow): string {
  if (!row.resource) return '';
  if (row.error) {
    const links = row.error.links.map((l) => `${l.kind} ${shortId(l.id)}`).join(', ');
    return links ? `error → ${links}` : 'error';
  }
  const more = row.resourceCount && row.resourceCount > 1 ? ` +${row.resourceCount - 1}` : '';
  // The distinguishing tail and the phone number, as the tree names it.
  return `${row.resource.kind} ${shortName(row.resource)}${more}`;
}

function messageCells(row: TimelineRow): HTMLElement[] {
  const cells = [
    timeCell(row),
    cell('channel', row.channel ?? ''),
    cell('type', typeText(row, true), typeText(row, false)),
    cell('resource', resourceText(row), row.resource ? `${row.resource.kind} ${row.resource.id}${row.resource.label ? ` (${row.resource.label})` : ''}` : undefined),
    cell('state', row.error?.text ?? row.state ?? ''),
    cell('ref', row.referenceId ?? ''),
    delayCellOf(row),
    cell('size', formatSize(row.size)),
  ];
  if (row.malformed) cells.splice(2, 0, h('span', { class: 'flag', text: '⚠', attrs: { title: `Malformed: ${row.malformed}`, 'aria-label': 'malformed' } }));
  return cells;
}

/** GWS's delivery delay and the server's own time (the late and failed ones stand out). */
function delayCellOf(row: TimelineRow): HTMLElement {
  const t = row.timing;
  const el = cell('delay', delayCell(t), t ? timingLines(t).join('\n') : undefined);
  if (t?.processingMs === -1) el.classList.add('server-failure');
  if (row.findings?.some((f) => f.rule === 'late')) el.classList.add('late');
  return el;
}

/** `call:ID` as `call …TAES000015`. */
function targetText(target: string): string {
  const colon = target.indexOf(':');
  return colon < 0 ? target : `${target.slice(0, colon)} ${shortId(target.slice(colon + 1))}`;
}

function markerText(row: TimelineRow): string {
  switch (row.rec) {
    case 'gap':
      return `GAP until ${formatTime(row.until, row.clock === 'log-local')} — ${row.detail ?? ''}`;
    case 'event':
      return `connection: ${row.detail ?? ''}`;
    case 'snapshot':
      return row.detail ?? 'REST snapshot';
    // Operations read as what was sent and what came back: `→ Answer call …000B3 · POST /api/v2/…`.
    case 'request':
      return row.operation ? `→ ${row.operation.name} ${targetText(row.operation.target)} · ${row.detail ?? ''}` : `operation: ${row.detail ?? ''}`;
    case 'response':
      return row.operation ? `← ${row.operation.name} ${targetText(row.operation.target)}: ${row.detail ?? ''}` : `response: ${row.detail ?? ''}`;
    default:
      return `unreadable line: ${row.malformed ?? row.detail ?? ''}`;
  }
}

/** Fills `el` as row `index` of `total`, showing `row`, else why its page could not be read, else a placeholder while it loads. */
export function renderRow(el: HTMLElement, index: number, total: number, row: TimelineRow | undefined, selected: boolean, failure?: string): void {
  el.id = rowId(index);
  setAttr(el, 'role', 'option');
  setAttr(el, 'aria-posinset', index + 1);
  setAttr(el, 'aria-setsize', total);
  setAttr(el, 'aria-selected', selected ? 'true' : 'false');
  setAttr(el, 'data-index', index);
  setAttr(el, 'data-seq', row?.seq);
  if (!row && failure !== undefined) {
    el.className = selected ? 'row row-failed selected' : 'row row-failed';
    el.replaceChildren(cell('time', '—'), cell('marker', `Row ${index + 1} could not be read: ${failure}. Scroll away and back to retry.`, failure));
    return;
  }
  if (!row) {
    el.className = 'row row-placeholder';
    el.replaceChildren(cell('time', '…'));
    return;
  }
  const kinds = ['row', `row-${row.rec}`];
  if (row.error || row.messageType === 'ErrorMessage') kinds.push('row-error');
  if (row.malformed) kinds.push('row-malformed');
  if (selected) kinds.push('selected');
  const mark = findingMark(row);
  if (mark) kinds.push('row-finding', `row-finding-${row.findings![0].severity}`);
  el.className = kinds.join(' ');
  const session = row.session ? [cell('session', row.session.label, row.session.label)] : [];
  if (row.rec === 'message') el.replaceChildren(...messageCells(row), ...session);
  else el.replaceChildren(timeCell(row), cell('marker', markerText(row), row.detail), ...session);
  if (mark) el.append(mark);
}

/** The marker of a row that triggers findings: a bar in the worst severity's color, the texts on hover. */
function findingMark(row: TimelineRow): HTMLElement | undefined {
  const findings = row.findings;
  if (!findings?.length) return undefined;
  const worst = findings[0].severity;
  const text = findings.map((f) => `${f.rule} (${f.severity}): ${f.message}`).join('\n');
  const label = `${findings.length === 1 ? 'a finding' : `${findings.length} findings`}, worst ${worst}`;
  return h('span', { class: `finding-mark finding-${worst}`, attrs: { title: text, role: 'img', 'aria-label': label } });
}

/** Updates only the selection state of a rendered row. */
export function markSelected(el: HTMLElement, selected: boolean): void {
  setAttr(el, 'aria-selected', selected ? 'true' : 'false');
  el.classList.toggle('selected', selected);
}
