import type { HostMessage, TimelineFilter, TimelineScope, TimelineSnapshot, WebviewRequest } from '../src/timelineProtocol';
import { DetailController } from './detail/detailController';
import { TABS } from './detail/detailPanel';
import { h, setAttr } from './dom';
import { formatCount, plural } from './format';
import { failureText, HostChannel } from './hostChannel';
import { buildMain } from './layout/panes';
import type { Splitter } from './layout/splitter';
import { EmptyState } from './list/emptyState';
import { isFilterShortcut, keyTarget } from './list/listKeys';
import { PageLoader } from './list/pageLoader';
import { RowCache } from './list/rowCache';
import { markSelected, renderRow, rowId, ROW_HEIGHT } from './list/rowView';
import { VirtualList } from './list/virtualList';
import { Toolbar } from './toolbar';
import { readUiState, readyMessage, resourceScope, scopeChip, scopeText, selectionState, type UiState, type WebviewApi } from './uiState';
import { registerComponents } from './ui/components';

/**
 * The timeline webview: pulls a snapshot with `webview/ready`, then shows host appends, asks for
 * pages of rows as they scroll into view (PageLoader), and keeps its UI state (scope, filter,
 * selection, scroll, tab) through the VS Code state API so a reload or a hidden panel comes back
 * as it was. A request that fails is shown where it was made (a row, the banner, a detail tab).
 */

/** The app; see the module comment. */
export class TimelineApp {
  private readonly host: HostChannel;
  private readonly cache = new RowCache();
  private readonly list: VirtualList;
  private readonly pages: PageLoader;
  private readonly toolbar: Toolbar;
  private readonly detail: DetailController;
  private readonly banner = h('div', { class: 'banner', attrs: { hidden: true, role: 'alert' } });
  private readonly empty: EmptyState;
  private splitter: Splitter | undefined;
  private state: UiState;
  private view: TimelineSnapshot | undefined;
  private selected = -1;
  private follow: boolean;
  private newRows = 0;
  private firstRowsMarked = false;
  private saveTimer: number | undefined;
  private readonly firstSnapshot: Promise<HostMessage>;

  constructor(private readonly root: HTMLElement, private readonly api: WebviewApi) {
    performance.mark('timeline:script-start');
    this.state = readUiState(api);
    this.follow = this.state.follow ?? true;
    this.host = new HostChannel(api, (m) => this.onHostEvent(m));
    // Ask first, build the UI while the host answers: the reply cannot be handled before we return.
    this.firstSnapshot = this.host.request(readyMessage(this.state));
    performance.mark('timeline:ready-sent');
    registerComponents();
    performance.mark('timeline:components');
    this.toolbar = new Toolbar({
      filterChanged: (filter) => void this.setFilter(filter),
      followChanged: (follow) => this.setFollow(follow),
      exportFiltered: () => this.host.event({ type: 'export/run' }),
      acrossChanged: (across) => this.view && void this.setScope({ ...this.view.scope, allSessions: across }),
      clearScope: () => void this.setScope({ kind: 'all' }),
      toggleLayout: () => this.splitter?.setLayout(this.splitter.layout === 'side' ? 'stacked' : 'side'),
    });
    this.empty = new EmptyState({ clearFilter: () => void this.setFilter(this.toolbar.clearFilter()), clearScope: () => void this.setScope({ kind: 'all' }) });
    this.list = new VirtualList(ROW_HEIGHT, {
      renderRow: (el, index) => renderRow(el, index, this.list.rowCount, this.cache.get(index), index === this.selected, this.cache.failure(index)),
      onRange: (first, last) => {
        this.pages.onRange(first, last);
        this.saveStateSoon();
      },
      onUserScroll: (atEnd) => {
        if (this.follow && !atEnd) this.setFollow(false);
        this.saveStateSoon();
      },
      afterRender: () => this.markFirstRows(),
    });
    this.pages = new PageLoader(this.cache, {
      request: (body) => this.host.request<'rows/page'>(body),
      total: () => this.view?.total,
      visibleRange: () => this.list.visibleRange(),
      rowsChanged: (from, to) => this.list.invalidate(from, to),
      pageArrived: (page) => {
        if (this.selected >= page.start && this.selected < page.start + page.rows.length && !this.detail.selectedRow) this.detail.select(this.cache.get(this.selected));
        this.markFirstRows();
      },
    });
    const tab = this.state.tab && (TABS as readonly string[]).includes(this.state.tab) ? this.state.tab : 'changes';
    this.detail = new DetailController(
      {
        request: (body) => this.host.request(body),
        event: (body) => this.host.event(body),
        scope: () => this.view?.scope ?? { kind: 'all' },
        scopeTo: (ref, session) => void this.setScope(resourceScope(ref, session, this.view)),
        selectSeq: (seq, session) => void this.selectSeq(seq, session),
        saveState: () => this.saveState(),
      },
      tab,
      this.state.layout ?? 'inline',
    );
    this.buildLayout();
    performance.mark('timeline:built');
  }

  /** Shows the snapshot the constructor asked for, and listens to the keyboard. */
  async start(): Promise<void> {
    document.addEventListener('keydown', (e) => {
      if (!isFilterShortcut(e)) return;
      e.preventDefault();
      this.toolbar.focusFilter();
    });
    const reply = await this.firstSnapshot.catch((err: unknown) => void this.failed('The timeline could not load', err));
    if (!reply) return;
    performance.mark('timeline:snapshot-received');
    if (reply.type === 'timeline/snapshot') this.applySnapshot(reply, this.state.topIndex);
    else this.onHostEvent(reply);
  }

  private buildLayout(): void {
    const listEl = this.list.element;
    listEl.addEventListener('keydown', (e) => this.onListKey(e));
    listEl.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-index]');
      if (row) this.select(Number(row.dataset.index));
    });
    listEl.addEventListener('dblclick', () => this.detail.openDiff());
    const { main, splitter } = buildMain(listEl, this.empty.element, this.detail.panel.element, this.state, (layout) => this.saveState(layout));
    this.toolbar.setLayout((this.splitter = splitter).layout);
    this.root.replaceChildren(this.toolbar.element, this.banner, main);
  }

  private onHostEvent(m: HostMessage): void {
    if (m.type === 'timeline/snapshot') this.applySnapshot(m);
    else if (m.type === 'timeline/append') this.onAppend(m);
    else if (m.type === 'timeline/closed') {
      this.banner.textContent = `This capture is no longer open: ${m.reason}`;
      this.banner.hidden = false;
    }
  }

  private applySnapshot(s: TimelineSnapshot, topIndex?: number): void {
    this.view = s;
    this.banner.hidden = true;
    this.cache.reset(s.generation);
    this.cache.put(s.page);
    this.newRows = 0;
    // The first snapshot paints its rows before the dropdowns fill (a later task); later ones rarely change facets.
    const facets = (): void => void (this.toolbar.setFacets(s.facets, s.filter), this.toolbar.setFilter(s.filter));
    if (this.firstRowsMarked) facets();
    else setTimeout(facets, 0);
    this.list.setCount(s.total);
    this.list.element.parentElement?.classList.toggle('across', s.scope.allSessions === true);
    this.toolbar.setAcross(s.sessionCount ?? 1, s.scope.allSessions === true);
    this.empty.update(s);
    this.toolbar.setScope(scopeChip(s.scope), scopeText(s.scope));
    this.selected = s.selectedIndex;
    if (s.selectedIndex >= 0) this.list.ensureVisible(s.selectedIndex);
    else if (this.follow) this.list.scrollToEnd();
    else this.list.scrollToIndex(topIndex ?? 0);
    this.detail.select(this.selected >= 0 ? this.cache.get(this.selected) : undefined);
    this.updateActive();
    this.list.invalidate();
    this.list.flush();
    this.toolbar.setFollow(this.follow, this.newRows);
    this.updateStatus();
    performance.mark('timeline:view', { detail: { generation: s.generation, total: s.total } });
    this.markFirstRows();
    this.saveState();
  }

  private onAppend(m: Extract<HostMessage, { type: 'timeline/append' }>): void {
    if (!this.view) return;
    if (m.reordered) this.reorder(m.generation);
    if (m.generation !== this.cache.generation) return;
    const added = m.total - this.view.total;
    this.view = { ...this.view, total: m.total, recordCount: m.recordCount, facets: m.facets ?? this.view.facets };
    if (m.facets) this.toolbar.setFacets(m.facets, this.toolbar.filter());
    this.cache.put(m.tail);
    this.list.setCount(m.total);
    this.empty.update(this.view);
    if (this.follow) this.list.scrollToEnd();
    else this.newRows += Math.max(0, added);
    this.toolbar.setFollow(this.follow, this.newRows);
    this.list.invalidate();
    this.updateStatus();
    this.markFirstRows();
  }

  /** A late row moved rows held (views across sessions): drop them, find the selection again, reload what shows. */
  private reorder(generation: number): void {
    this.cache.reset(generation);
    this.selected = -1;
    if (this.detail.selectedRow) void this.selectSeq(this.detail.selectedRow.seq, this.detail.selectedRow.session?.id, false);
    this.pages.onRange(...this.list.visibleRange());
  }

  /** Shows why a request failed in the banner, unless a newer request replaced it. */
  private failed(what: string, err: unknown): void {
    const why = failureText(err);
    if (why === undefined) return;
    this.banner.textContent = `${what}: ${why}`;
    this.banner.hidden = false;
  }

  private async setFilter(filter: TimelineFilter): Promise<void> {
    const row = this.detail.selectedRow;
    const body: WebviewRequest = row !== undefined ? { type: 'view/filter/set', filter, selectedSeq: row.seq, ...(row.session ? { selectedSession: row.session.id } : {}) } : { type: 'view/filter/set', filter };
    // A reply for text the user has typed past is stale: the newer text's request is on its way.
    await this.showView(body, 'The filter could not be applied', (s) => s.filter.text === this.toolbar.filter().text);
  }

  private async setScope(scope: TimelineScope): Promise<void> {
    await this.showView({ type: 'view/scope/set', scope }, 'The scope could not be changed');
  }

  /** Asks for a new view, with its progress in the status line, and shows it. */
  private async showView(body: WebviewRequest, what: string, current: (s: TimelineSnapshot) => boolean = () => true): Promise<void> {
    try {
      const reply = await this.host.request<'timeline/snapshot'>(body, (done, total) => this.toolbar.setStatus(`Filtering… ${total > 0 ? Math.floor((100 * done) / total) : 0} %`));
      if (current(reply)) this.applySnapshot(reply);
    } catch (err) {
      this.updateStatus();
      this.failed(what, err);
    }
  }

  /** Selects record `seq` of `session` (absent: the view's); `reveal` false only moves the selection mark. */
  private async selectSeq(seq: number, session?: string, reveal = true): Promise<void> {
    const reply = await this.host.request<'rows/located'>({ type: 'rows/locate', generation: this.cache.generation, seq, ...(session !== undefined ? { session } : {}) }).catch((err: unknown) => void this.failed(`Message #${seq} could not be found`, err));
    if (!reply || reply.generation !== this.cache.generation) return;
    if (reveal && reply.index >= 0) this.select(reply.index);
    else if (!reveal) (this.selected = reply.index), this.list.invalidate();
  }

  private setFollow(follow: boolean): void {
    this.follow = follow;
    if (follow) {
      this.newRows = 0;
      this.list.scrollToEnd();
    }
    this.toolbar.setFollow(follow, this.newRows);
    this.saveState();
  }

  /** Selects row `index` (clamped), scrolls it into view and loads its detail. */
  private select(index: number): void {
    const total = this.view?.total ?? 0;
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    // Looking at an older row: new rows must not scroll it away.
    if (this.follow && next < total - 1) this.setFollow(false);
    const previous = this.list.rowElement(this.selected);
    if (previous) markSelected(previous, false);
    this.selected = next;
    this.list.ensureVisible(next);
    this.list.flush();
    const el = this.list.rowElement(next);
    if (el) markSelected(el, true);
    this.updateActive();
    this.detail.select(this.cache.get(next));
    this.saveState();
  }

  private updateActive(): void {
    setAttr(this.list.element, 'aria-activedescendant', this.selected >= 0 ? rowId(this.selected) : undefined);
  }

  private onListKey(e: KeyboardEvent): void {
    const target = keyTarget(e.key, this.selected, this.list.visibleRange()[0], this.list.pageSize, this.view?.total ?? 1);
    if (target === undefined) return;
    if (target === 'open') this.detail.openDiff();
    else this.select(target);
    e.preventDefault();
  }

  private updateStatus(): void {
    const v = this.view;
    if (!v) return;
    const rows = v.total !== v.recordCount ? `${formatCount(v.total)} of ${plural(v.recordCount, 'row')}` : plural(v.total, 'row');
    this.toolbar.setStatus(`${rows} · ${v.sessionLabel} · ${scopeText(v.scope)}`);
  }

  private markFirstRows(): void {
    if (this.firstRowsMarked || !this.list.rowElement(this.list.visibleRange()[0])?.dataset.seq) return;
    this.firstRowsMarked = true;
    performance.mark('timeline:first-rows');
  }

  private saveStateSoon(): void {
    if (this.saveTimer === undefined) this.saveTimer = window.setTimeout(() => this.saveState(), 300);
  }

  /** Saves the UI state; `layout` carries a pane or column change (kept from then on). */
  private saveState(layout: Pick<UiState, 'panes' | 'columns'> = {}): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (layout.panes && this.splitter) this.toolbar.setLayout(this.splitter.layout);
    const v = this.view;
    this.state = {
      panes: this.state.panes,
      columns: this.state.columns,
      ...layout,
      sessionId: v?.sessionId,
      scope: v?.scope,
      filter: v ? this.toolbar.filter() : undefined,
      ...selectionState(this.detail.selectedRow),
      topIndex: this.list.visibleRange()[0],
      follow: this.follow,
      tab: this.detail.panel.tab,
      layout: this.detail.layout,
    };
    this.api.setState(this.state);
  }
}
