import { h } from '../dom';
import { TAGS } from '../ui/components';

/** The detail tabs (toolkit panels): Changes, JSON, Resource, Transcript, Lanes; each view is our own DOM. */

/** The tabs, in order. */
export const TABS = ['changes', 'json', 'resource', 'transcript', 'lanes'] as const;
/** One tab. */
export type TabId = (typeof TABS)[number];

const LABELS: Record<TabId, string> = { changes: 'Changes', json: 'JSON', resource: 'Resource', transcript: 'Transcript', lanes: 'Lanes' };

/** The tab strip and one container per tab. */
export class DetailPanel {
  readonly element: HTMLElement;
  readonly views: Record<TabId, HTMLElement>;
  private readonly tabs: Record<TabId, HTMLElement>;
  private current: TabId;

  constructor(initial: TabId, private readonly onTab: (tab: TabId) => void) {
    this.current = initial;
    const tabs = TABS.map((t) => h(TAGS.panelTab, { text: LABELS[t], attrs: { id: `tab-${t}` } }));
    this.tabs = Object.fromEntries(TABS.map((t, i) => [t, tabs[i]])) as Record<TabId, HTMLElement>;
    const views = {} as Record<TabId, HTMLElement>;
    const panels = TABS.map((t) => {
      views[t] = h('div', { class: `view view-${t}` });
      return h(TAGS.panelView, { attrs: { id: `view-${t}` } }, views[t]);
    });
    this.views = views;
    this.element = h(TAGS.panels, { class: 'detail', attrs: { activeid: `tab-${initial}`, 'aria-label': 'Message detail' } }, ...tabs, ...panels);
    this.element.addEventListener('change', (e) => {
      if (e.target !== this.element) return;
      // The property changes before the attribute is reflected (FAST batches reflection).
      const id = String((this.element as HTMLElement & { activeid?: unknown }).activeid ?? '').replace(/^tab-/, '');
      const tab = (TABS as readonly string[]).includes(id) ? (id as TabId) : this.current;
      if (tab === this.current) return;
      this.current = tab;
      this.onTab(tab);
    });
  }

  /** The active tab. */
  get tab(): TabId {
    return this.current;
  }

  /** Hides or shows `tab` (the Transcript tab outside chats); a hidden active tab gives way to Changes. */
  setHidden(tab: TabId, hidden: boolean): void {
    this.tabs[tab].toggleAttribute('hidden', hidden);
    if (hidden && this.current === tab) {
      this.show('changes');
      this.onTab('changes');
    }
  }

  /** Activates `tab`. */
  show(tab: TabId): void {
    this.current = tab;
    this.element.setAttribute('activeid', `tab-${tab}`);
  }
}
