import type { FindingNote } from '../../src/timelineProtocol';
import { h } from '../dom';

/**
 * The findings of the selected record, shown at the top of the Changes tab beside its diff: rule,
 * severity and text (which may quote payload text: it goes in as text, like every value).
 */
export function findingsBlock(findings: readonly FindingNote[] | undefined): HTMLElement | undefined {
  if (!findings?.length) return undefined;
  return h(
    'section',
    { class: 'findings', attrs: { 'aria-label': 'Findings about this record' } },
    ...findings.map((f) =>
      h('div', { class: `finding finding-${f.severity}` }, h('span', { class: 'finding-rule', text: `${f.rule} · ${f.severity}` }), h('p', { class: 'finding-text', text: f.message })),
    ),
  );
}
