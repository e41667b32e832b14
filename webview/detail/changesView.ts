import type { ChangeLine, DiffResult, ResourceDiffEntry, ResourceRefLite } from '../../src/timelineProtocol';
import { h } from '../dom';
import { shortId } from '../../src/model/resourceNames';
import { TAGS } from '../ui/components';

/**
 * The Changes tab: per resource, the changed paths with old and new values (inline or side by
 * side), participants joined and left by key, capabilities gained and lost as chips only (never
 * also as rows), and the unchanged fields folded into a <details>. A MessageLogUpdated is a
 * transcript update, not a state: its chat shows the lines it added. Record numbers say "record".
 */

/** Inline (old above new) or side by side. */
export type DiffLayout = 'inline' | 'split';

/** What the Changes tab reports back. */
export interface ChangesActions {
  openDiff(entry: ResourceDiffEntry): void;
  setLayout(layout: DiffLayout): void;
  showResource(ref: ResourceRefLite): void;
}

const OPS: Record<ChangeLine['op'], string> = { added: 'added', removed: 'removed', changed: 'changed', moved: 'moved' };

function chip(text: string, cls: string, title?: string): HTMLElement {
  return h('span', { class: `chip ${cls}`, text, attrs: { title } });
}

function valueBlock(text: string | undefined, cls: string, sign: string): HTMLElement {
  return h('pre', { class: `value ${cls}`, attrs: { 'data-sign': sign } }, text ?? '');
}

function changeRow(c: ChangeLine, layout: DiffLayout): HTMLElement {
  const head = h('div', { class: 'change-head' }, h('span', { class: 'path', text: c.path }), h('span', { class: `op op-${c.op}`, text: OPS[c.op] }));
  if (layout === 'split') {
    return h('div', { class: `change change-split op-${c.op}`, attrs: { role: 'row' } }, head, valueBlock(c.before, 'before', '−'), valueBlock(c.after, 'after', '+'));
  }
  return h('div', { class: `change change-inline op-${c.op}` }, head, c.before !== undefined ? valueBlock(c.before, 'before', '−') : undefined, c.after !== undefined ? valueBlock(c.after, 'after', '+') : undefined);
}

function participantsBlock(entry: ResourceDiffEntry): HTMLElement | undefined {
  const { joined, left } = entry.participants;
  if (joined.length === 0 && left.length === 0) return undefined;
  return h(
    'div',
    { class: 'participants' },
    h('span', { class: 'label', text: 'Participants' }),
    ...joined.map((p) => chip(`+ ${p.label ? `${p.label} ` : ''}(${p.key})`, 'chip-added participant-joined', p.text)),
    ...left.map((p) => chip(`− ${p.label ? `${p.label} ` : ''}(${p.key})`, 'chip-removed participant-left', p.text)),
  );
}

function capabilitiesBlock(entry: ResourceDiffEntry): HTMLElement | undefined {
  if (entry.capabilities.length === 0) return undefined;
  return h(
    'div',
    { class: 'capabilities' },
    ...entry.capabilities.map((c) =>
      h('div', { class: 'capability-set' }, h('span', { class: 'label', text: c.path }), ...c.added.map((a) => chip(`+ ${a}`, 'chip-added capability-added')), ...c.removed.map((r) => chip(`− ${r}`, 'chip-removed capability-removed'))),
    ),
  );
}

function unchangedBlock(entry: ResourceDiffEntry): HTMLElement | undefined {
  if (entry.unchangedFields.length === 0) return undefined;
  const n = entry.unchangedFields.length;
  return h(
    'details',
    { class: 'unchanged' },
    h('summary', { text: `${n} unchanged field${n === 1 ? '' : 's'}` }),
    ...entry.unchangedFields.map((f) => h('div', { class: 'unchanged-field' }, h('span', { class: 'path', text: f.key }), h('pre', { class: 'value', text: f.text }))),
  );
}

/** The change rows, without those a capability chip already shows. */
function changeRows(entry: ResourceDiffEntry): ChangeLine[] {
  const sets = entry.capabilities.map((c) => c.path);
  return entry.changes.filter((c) => !sets.some((p) => c.path === p || c.path.startsWith(`${p}[`) || c.path.startsWith(`${p}.`)));
}

/** What the record is to the resource: `record #31 → record #33`, a first state, or a transcript update. */
function againstText(seq: number, entry: ResourceDiffEntry, update: boolean): string {
  if (update) return `transcript update · record #${seq}`;
  if (entry.previousSeq !== undefined) return `record #${entry.previousSeq} → record #${seq}`;
  return entry.changes.length > 0 ? `first state · record #${seq}` : `record #${seq}`;
}

function entryBlock(seq: number, entry: ResourceDiffEntry, layout: DiffLayout, actions: ChangesActions, logUpdate: HTMLElement | undefined): HTMLElement {
  const r = entry.resource;
  const title = h('button', { class: 'link resource-link', text: `${r.kind} ${shortId(r.id)}${r.label ? ` (${r.label})` : ''}`, attrs: { type: 'button', title: `${r.kind} ${r.id}` } });
  title.addEventListener('click', () => actions.showResource(r));
  const update = logUpdate !== undefined && r.kind === 'chat' ? logUpdate : undefined;
  const against = h('span', { class: 'against', text: againstText(seq, entry, update !== undefined) });
  const rows = changeRows(entry);
  const open = h(TAGS.button, { text: 'Open in Diff Editor', class: 'open-diff', attrs: { appearance: 'secondary' } });
  open.addEventListener('click', () => actions.openDiff(entry));
  const changes = rows.length > 0 ? h('div', { class: `changes layout-${layout}` }, ...rows.map((c) => changeRow(c, layout))) : undefined;
  if (update) return h('section', { class: 'diff-entry', attrs: { 'data-resource': `${r.kind}:${r.id}` } }, h('header', { class: 'diff-entry-head' }, title, against), update);
  return h(
    'section',
    { class: 'diff-entry', attrs: { 'data-resource': `${r.kind}:${r.id}` } },
    h('header', { class: 'diff-entry-head' }, title, against, entry.changes.length > 0 || entry.note === undefined ? open : undefined),
    entry.note !== undefined ? h('p', { class: 'note', text: entry.note }) : undefined,
    entry.unchanged && entry.note === undefined ? h('p', { class: 'note', text: 'No change since the previous state.' }) : undefined,
    participantsBlock(entry),
    capabilitiesBlock(entry),
    changes,
    unchangedBlock(entry),
    entry.truncated ? h('p', { class: 'note', text: 'Lists shortened: open the diff editor for everything.' }) : undefined,
  );
}

/** For an ErrorMessage: buttons to the call and device it names. */
function errorLinks(links: readonly ResourceRefLite[], actions: ChangesActions): HTMLElement | undefined {
  if (links.length === 0) return undefined;
  const buttons = links.map((l) => {
    const b = h('button', { class: 'link error-target', text: `${l.kind} ${shortId(l.id)}`, attrs: { type: 'button', title: `${l.kind} ${l.id}` } });
    b.addEventListener('click', () => actions.showResource(l));
    return b;
  });
  return h('div', { class: 'error-links' }, h('span', { class: 'label', text: 'This error names' }), ...buttons);
}

/**
 * Renders `result` into `container`; `links` are the call and device an ErrorMessage names,
 * `logUpdate` the lines a MessageLogUpdated added (shown for its chat instead of a diff).
 */
export function renderChanges(container: HTMLElement, result: DiffResult | undefined, layout: DiffLayout, actions: ChangesActions, links: readonly ResourceRefLite[] = [], logUpdate?: HTMLElement): void {
  if (!result) {
    container.replaceChildren(h('p', { class: 'note', text: 'Select a message to see what it changed.' }));
    return;
  }
  const toggle = (value: DiffLayout, label: string): HTMLElement => {
    const b = h(TAGS.button, { text: label, class: `layout-${value}`, attrs: { appearance: layout === value ? 'primary' : 'secondary', 'aria-pressed': layout === value ? 'true' : 'false' } });
    b.addEventListener('click', () => actions.setLayout(value));
    return b;
  };
  const bar = h('div', { class: 'changes-bar' }, toggle('inline', 'Inline'), toggle('split', 'Side by side'));
  const entries = result.entries.length > 0 ? result.entries.map((e) => entryBlock(result.seq, e, layout, actions, logUpdate)) : [h('p', { class: 'note', text: 'This record names no resource.' })];
  container.replaceChildren(bar, errorLinks(links, actions) ?? '', ...entries);
}
