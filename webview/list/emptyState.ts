import type { TimelineFilter, TimelineScope, TimelineSnapshot } from '../../src/timelineProtocol';
import { h } from '../dom';
import { TAGS } from '../ui/components';

/**
 * What an empty list says, so it is never blank without a word: "0 matches in this chat" with
 * buttons to clear the filter or the scope, or that nothing has arrived yet.
 */

/** What the empty state's buttons do. */
export interface EmptyActions {
  clearFilter(): void;
  clearScope(): void;
}

function filtered(f: TimelineFilter): boolean {
  return f.text.trim() !== '' || !!f.channel || !!f.messageType || !!f.notificationType;
}

function where(scope: TimelineScope): string {
  if (scope.kind === 'resource') return ` in this ${scope.resourceKind}`;
  if (scope.kind === 'topic') return ' in this topic';
  return '';
}

/** The element shown over the list while it has no rows. */
export class EmptyState {
  readonly element = h('div', { class: 'empty-state', attrs: { hidden: true, role: 'status' } });

  constructor(private readonly actions: EmptyActions) {}

  /** Shows the words for `view` when it has no rows, hides them otherwise. */
  update(view: Pick<TimelineSnapshot, 'total' | 'scope' | 'filter' | 'live'>): void {
    this.element.hidden = view.total > 0;
    if (view.total > 0) return;
    const hasFilter = filtered(view.filter);
    const scoped = view.scope.kind !== 'all';
    const button = (text: string, cls: string, run: () => void): HTMLElement => {
      const b = h(TAGS.button, { text, class: cls, attrs: { appearance: 'secondary' } });
      b.addEventListener('click', run);
      return b;
    };
    const words = hasFilter ? `0 matches${where(view.scope)}` : scoped ? `No messages${where(view.scope)} yet` : view.live ? 'No messages yet: they appear here as they arrive.' : 'This capture holds no records.';
    this.element.replaceChildren(
      h('p', { class: 'empty-words', text: words }),
      h('div', { class: 'empty-actions' }, hasFilter ? button('Clear filter', 'clear-filter', () => this.actions.clearFilter()) : undefined, scoped ? button('Clear scope', 'clear-scope', () => this.actions.clearScope()) : undefined),
    );
  }
}
