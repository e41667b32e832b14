import { QUERY_HELP, QUERY_PLACEHOLDER } from '../src/timeline/filterQuery';
import type { TimelineFacets, TimelineFilter } from '../src/timelineProtocol';
import { h } from './dom';
import { formatCount } from './format';
import { setValue, TAGS, valueOf } from './ui/components';

/**
 * The toolbar: filter text (its syntax in the placeholder and tooltip) with the scope chip beside
 * it, channel / messageType / notificationType dropdowns, the follow toggle with its "n new" badge
 * (laid over the button, so it never moves or wraps the toolbar), and Export filtered….
 */

/** What the toolbar reports. */
export interface ToolbarActions {
  /** `immediate` for Enter and dropdowns; typing is debounced. */
  filterChanged(filter: TimelineFilter): void;
  followChanged(follow: boolean): void;
  exportFiltered(): void;
  /** The "All sessions" toggle: span every session (a resource: with its twins), or only the view's. */
  acrossChanged(across: boolean): void;
  /** The scope chip's ✕: show all traffic again. */
  clearScope(): void;
  /** Detail pane beside the list, or below it. */
  toggleLayout(): void;
}

const TYPING_MS = 150;

type FacetKey = 'channel' | 'messageType' | 'notificationType';
const FACETS: Array<{ key: FacetKey; facet: keyof TimelineFacets; all: string; label: string }> = [
  { key: 'channel', facet: 'channels', all: 'All channels', label: 'Channel' },
  { key: 'messageType', facet: 'messageTypes', all: 'All message types', label: 'Message type' },
  { key: 'notificationType', facet: 'notificationTypes', all: 'All notification types', label: 'Notification type' },
];

/** The toolbar's DOM and state. */
export class Toolbar {
  readonly element: HTMLElement;
  private readonly field: HTMLElement;
  private readonly dropdowns = new Map<FacetKey, HTMLElement>();
  private readonly followButton: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly status: HTMLElement;
  private readonly across: HTMLElement;
  private acrossOn = false;
  private readonly scopeChip: HTMLElement;
  private readonly layoutButton: HTMLElement;
  private readonly scopeLabel: HTMLElement;
  private typing: number | undefined;
  private follow = true;
  private facetsShown = '';

  constructor(private readonly actions: ToolbarActions) {
    this.field = h(TAGS.textField, { class: 'filter', attrs: { placeholder: QUERY_PLACEHOLDER, title: QUERY_HELP, 'aria-label': 'Filter messages' } });
    this.field.addEventListener('input', () => this.onTyping());
    this.field.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.emit();
      if (e.key === 'Escape' && valueOf(this.field) !== '') {
        setValue(this.field, '');
        this.emit();
      }
    });
    const selects = FACETS.map(({ key, all, label }) => {
      const dropdown = h(TAGS.dropdown, { class: `facet facet-${key}`, attrs: { 'aria-label': label } }, h(TAGS.option, { text: all, attrs: { value: '' } }));
      dropdown.addEventListener('change', () => this.emit());
      this.dropdowns.set(key, dropdown);
      return dropdown;
    });
    this.followButton = h(TAGS.button, { class: 'follow', attrs: { 'aria-pressed': 'true' } });
    this.followButton.addEventListener('click', () => this.actions.followChanged(!this.follow));
    this.badge = h('span', { class: 'badge new-count', attrs: { hidden: true, 'aria-live': 'polite' } });
    const follow = h('span', { class: 'follow-wrap' }, this.followButton, this.badge);
    this.scopeLabel = h('span', { class: 'scope-label' });
    const clear = h('button', { class: 'scope-clear', text: '✕', attrs: { type: 'button', title: 'Show all traffic', 'aria-label': 'Remove the scope: show all traffic' } });
    clear.addEventListener('click', () => this.actions.clearScope());
    this.scopeChip = h('span', { class: 'chip scope-chip', attrs: { hidden: true } }, this.scopeLabel, clear);
    const exportButton = h(TAGS.button, { text: 'Export filtered…', class: 'export', attrs: { appearance: 'secondary' } });
    exportButton.addEventListener('click', () => this.actions.exportFiltered());
    this.across = h(TAGS.button, { class: 'across', text: 'All sessions', attrs: { appearance: 'secondary', 'aria-pressed': 'false', hidden: true } });
    this.across.addEventListener('click', () => this.actions.acrossChanged(!this.acrossOn));
    this.layoutButton = h(TAGS.button, { class: 'pane-layout', attrs: { appearance: 'secondary' } });
    this.layoutButton.addEventListener('click', () => this.actions.toggleLayout());
    this.status = h('span', { class: 'status', attrs: { role: 'status' } });
    this.element = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Timeline filters' } }, this.field, this.scopeChip, ...selects, follow, this.layoutButton, exportButton, this.across, this.status);
    this.setFollow(true, 0);
  }

  /** The filter the controls show. */
  filter(): TimelineFilter {
    const filter: TimelineFilter = { text: valueOf(this.field) };
    for (const [key, dropdown] of this.dropdowns) {
      const value = valueOf(dropdown);
      if (value) filter[key] = value;
    }
    return filter;
  }

  /** Shows `filter` in the controls (after a restore); a field being typed in is never overwritten. */
  setFilter(filter: TimelineFilter): void {
    if (valueOf(this.field) !== filter.text && !this.field.matches(':focus-within')) setValue(this.field, filter.text);
    for (const [key, dropdown] of this.dropdowns) setValue(dropdown, filter[key] ?? '');
  }

  /** Offers `facets` in the dropdowns, keeping the current choices; a no-op when nothing changed. */
  setFacets(facets: TimelineFacets, filter: TimelineFilter): void {
    const shown = JSON.stringify([facets, filter.channel, filter.messageType, filter.notificationType]);
    if (shown === this.facetsShown) return;
    this.facetsShown = shown;
    for (const { key, facet, all } of FACETS) {
      const dropdown = this.dropdowns.get(key)!;
      const values = [...facets[facet]];
      const chosen = filter[key];
      if (chosen && !values.includes(chosen)) values.push(chosen);
      dropdown.replaceChildren(h(TAGS.option, { text: all, attrs: { value: '' } }), ...values.map((v) => h(TAGS.option, { text: v, attrs: { value: v } })));
      setValue(dropdown, chosen ?? '');
    }
  }

  /** Shows follow on or paused, and the count of rows that arrived while paused. */
  setFollow(follow: boolean, newRows: number): void {
    this.follow = follow;
    this.followButton.textContent = follow ? 'Following' : 'Paused';
    this.followButton.setAttribute('appearance', follow ? 'primary' : 'secondary');
    this.followButton.setAttribute('aria-pressed', follow ? 'true' : 'false');
    this.followButton.setAttribute('title', follow ? 'New messages scroll into view. Clicking an older row or scrolling up pauses; click to pause.' : 'Paused (clicking a row or scrolling up pauses following). Click to follow new messages.');
    this.badge.textContent = `${formatCount(newRows)} new`;
    this.badge.setAttribute('title', `${formatCount(newRows)} new ${newRows === 1 ? 'message' : 'messages'} since paused`);
    this.badge.toggleAttribute('hidden', follow || newRows === 0);
  }

  /** Offers "All sessions" while two or more sessions are open (or the view spans them), pressed when it does. */
  setAcross(sessions: number, across: boolean): void {
    this.acrossOn = across;
    this.across.toggleAttribute('hidden', sessions < 2 && !across);
    this.across.setAttribute('aria-pressed', across ? 'true' : 'false');
    this.across.setAttribute('appearance', across ? 'primary' : 'secondary');
    this.across.setAttribute('title', across ? 'Showing every session merged by time (a resource with its twins); click for this session only' : 'Show every session merged by time (a resource with its twins)');
  }

  /** Empties the text field and the dropdowns; returns the empty filter. */
  clearFilter(): TimelineFilter {
    setValue(this.field, '');
    for (const dropdown of this.dropdowns.values()) setValue(dropdown, '');
    return this.filter();
  }

  /** Names the pane layout the toggle switches to. */
  setLayout(layout: 'side' | 'stacked'): void {
    this.layoutButton.textContent = layout === 'side' ? 'Detail below' : 'Detail beside';
    this.layoutButton.setAttribute('title', layout === 'side' ? 'Show the detail pane below the list (or double-click the splitter)' : 'Show the detail pane beside the list (or double-click the splitter)');
  }

  /** Shows the scope as a removable chip (`label`), or hides it (undefined: all traffic). */
  setScope(label: string | undefined, title: string): void {
    this.scopeChip.toggleAttribute('hidden', label === undefined);
    this.scopeLabel.textContent = label ?? '';
    this.scopeChip.setAttribute('title', `Scope: ${title}`);
  }

  /** The status text (row counts, session, scope). */
  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** Moves focus to the filter text field. */
  focusFilter(): void {
    this.field.focus();
  }

  private onTyping(): void {
    if (this.typing !== undefined) clearTimeout(this.typing);
    this.typing = window.setTimeout(() => this.emit(), TYPING_MS);
  }

  private emit(): void {
    if (this.typing !== undefined) clearTimeout(this.typing);
    this.typing = undefined;
    this.actions.filterChanged(this.filter());
  }
}
