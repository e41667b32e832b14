import type { DiffResult, HostMessage, InSession, OperationDetail, ResourceDetail, ResourceRefLite, TimelineRow, TimelineScope, TranscriptResult, WebviewEvent, WebviewRequest } from '../../src/timelineProtocol';
import { h } from '../dom';
import { failureText } from '../hostChannel';
import { renderChanges, type DiffLayout } from './changesView';
import { findingsBlock } from './findingsView';
import { timingBlock } from './timingView';
import { DetailPanel, type TabId } from './detailPanel';
import { renderJson } from './jsonView';
import { LanesView } from '../lanes/lanesView';
import { renderOperation } from './operationView';
import { renderResource } from './resourceView';
import { renderTranscript, transcriptUpdate } from './transcriptView';

/**
 * Loads and shows the detail of the selected row: the payload and the diff as soon as a row is
 * selected, the resource and the transcript when their tab is opened. Replies for a row that is no
 * longer selected are dropped.
 */

/** What the controller needs from the app. */
export interface DetailHost {
  request<T extends HostMessage['type']>(body: WebviewRequest): Promise<Extract<HostMessage, { type: T }>>;
  event(body: WebviewEvent): void;
  scope(): TimelineScope;
  /** Scopes to `ref`, a resource of session `session` (absent: the view's). */
  scopeTo(ref: ResourceRefLite, session?: string): void;
  selectSeq(seq: number, session?: string): void;
  saveState(): void;
}

type Payload = Extract<HostMessage, { type: 'record/payload' }>;

/** Detail state and tab rendering. */
export class DetailController {
  readonly panel: DetailPanel;
  private row: TimelineRow | undefined;
  private diff: DiffResult | undefined;
  private payload: Payload | undefined;
  private resource: ResourceDetail | undefined;
  private transcript: TranscriptResult | undefined;
  /** A resource the user picked through a link, shown instead of the row's own. */
  private pinned: ResourceRefLite | undefined;
  private token = 0;
  /** The selection token the transcript was asked for (one request per selection). */
  private transcriptAsked = -1;
  /** Why a tab's data could not be loaded, until it is asked for again. */
  private failures: Partial<Record<TabId, string>> = {};

  /** The operation line above the tabs (an operation's outcome, or what caused a notification). */
  private readonly operationLine = h('div', { class: 'operation-line', attrs: { hidden: true, role: 'status' } });
  /** The detail pane: the operation line and the tabs. */
  readonly element: HTMLElement;
  /** The Lanes tab: every resource's states over time, the selection outlined in its lane. */
  readonly lanes: LanesView;

  constructor(private readonly host: DetailHost, tab: TabId, public layout: DiffLayout) {
    this.panel = new DetailPanel(tab, () => {
      this.loadTab();
      this.host.saveState();
    });
    this.element = h('div', { class: 'detail-pane' }, this.operationLine, this.panel.element);
    this.lanes = new LanesView({ request: (body) => this.host.request<'lanes/page'>(body), selectSeq: (seq, session) => this.host.selectSeq(seq, session) });
    this.panel.views.lanes.append(this.lanes.element);
    this.renderAll();
  }

  /** The row shown, if any. */
  get selectedRow(): TimelineRow | undefined {
    return this.row;
  }

  /** Shows `row` (undefined clears the detail); loads the payload and the diff at once. */
  select(row: TimelineRow | undefined): void {
    this.panel.setHidden('transcript', this.chatTarget(row) === undefined);
    this.lanes.select(row, this.host.scope());
    if (row !== undefined && row.seq === this.row?.seq && row.session?.id === this.row?.session?.id) return;
    this.row = row;
    this.pinned = undefined;
    this.diff = this.payload = this.resource = this.transcript = undefined;
    this.failures = {};
    this.token += 1;
    this.renderAll();
    this.showOperation(undefined);
    // With no row (an empty or scoped list), the Resource tab still shows the scoped resource.
    if (!row) return this.loadTab();
    const token = this.token;
    const seq = row.seq;
    const scope = this.host.scope();
    const at = this.where();
    const diffRequest: WebviewRequest = scope.kind === 'resource' ? { type: 'diff/get', seq, resource: { kind: scope.resourceKind, id: scope.id }, ...at } : { type: 'diff/get', seq, ...at };
    const current = (): boolean => token === this.token;
    this.fetch<'record/payload'>('json', { type: 'record/get', seq, ...at }, current, (p) => (this.payload = p));
    this.fetch<'diff/result'>('changes', diffRequest, current, (d) => (this.diff = d));
    this.loadOperation(seq, at, current);
    // A transcript update shows the lines it added in the Changes tab: they come with the transcript.
    if (isLogUpdate(row)) this.loadTranscript(row.resource!.id);
    this.loadTab();
  }

  /** Opens the editor diff for the selected change (the first resource of the diff, or the scoped one). */
  openDiff(): void {
    const entry = this.diff?.entries.find((e) => e.changes.length > 0 || e.note === undefined) ?? this.diff?.entries[0];
    if (this.row && entry) this.host.event({ type: 'diff/open', seq: this.row.seq, kind: entry.resource.kind, id: entry.resource.id, ...this.where() });
  }

  /** The session the selected row belongs to, for requests about it (views across sessions tag their rows). */
  private where(): InSession {
    return this.row?.session ? { session: this.row.session.id } : {};
  }

  /** Shows `tab`. */
  showTab(tab: TabId): void {
    this.panel.show(tab);
    this.loadTab();
  }

  private resourceTarget(): ResourceRefLite | undefined {
    const scope = this.host.scope();
    if (this.pinned) return this.pinned;
    if (this.row?.resource) return this.row.resource;
    return scope.kind === 'resource' ? { kind: scope.resourceKind, id: scope.id } : undefined;
  }

  /** The chat whose transcript applies: the row's, else the scope's. */
  private chatTarget(row = this.row): string | undefined {
    const scope = this.host.scope();
    if (row?.resource?.kind === 'chat') return row.resource.id;
    return scope.kind === 'resource' && scope.resourceKind === 'chat' ? scope.id : undefined;
  }

  private loadTab(): void {
    if (this.panel.tab === 'lanes') this.lanes.show();
    else this.lanes.hide();
    if (this.panel.tab === 'resource' && !this.resource) {
      const target = this.resourceTarget();
      if (!target) return;
      const current = (): boolean => this.resourceTarget()?.kind === target.kind && this.resourceTarget()?.id === target.id;
      this.fetch<'resource/detail'>('resource', { type: 'resource/get', kind: target.kind, id: target.id, ...this.where() }, current, (d) => (this.resource = d));
    }
    if (this.panel.tab === 'transcript' && !this.transcript) {
      const chatId = this.chatTarget();
      if (chatId !== undefined) this.loadTranscript(chatId);
    }
  }

  /** What the row has to do with an operation; a failure is said on the line. */
  private loadOperation(seq: number, at: InSession, current: () => boolean): void {
    this.host.request<'operation/detail'>({ type: 'operation/get', seq, ...at }).then(
      (d) => current() && this.showOperation(d),
      (err: unknown) => {
        const why = failureText(err);
        if (why === undefined || !current()) return;
        this.operationLine.replaceChildren(h('span', { class: 'note failure', text: `Could not load the operation: ${why}` }));
        this.operationLine.hidden = false;
      },
    );
  }

  private showOperation(detail: OperationDetail | undefined): void {
    renderOperation(this.operationLine, detail, { selectSeq: (seq) => this.host.selectSeq(seq, this.where().session) });
  }

  private loadTranscript(chatId: string): void {
    if (this.transcriptAsked === this.token) return;
    this.transcriptAsked = this.token;
    this.fetch<'transcript/result'>('transcript', { type: 'transcript/get', chatId, ...this.where() }, () => this.chatTarget() === chatId, (t) => {
      this.transcript = t;
      if (isLogUpdate(this.row)) this.render('changes');
    });
  }

  /** Asks for one tab's data; a failure shows in the tab instead (a superseded request shows nothing). */
  private fetch<T extends HostMessage['type']>(tab: TabId, body: WebviewRequest, current: () => boolean, apply: (reply: Extract<HostMessage, { type: T }>) => void): void {
    delete this.failures[tab];
    this.host.request<T>(body).then(
      (reply) => {
        if (!current()) return;
        apply(reply);
        this.render(tab);
      },
      (err: unknown) => {
        const why = failureText(err);
        if (why === undefined || !current()) return;
        this.failures[tab] = why;
        this.render(tab);
      },
    );
  }

  private showResource(ref: ResourceRefLite): void {
    this.pinned = ref;
    this.resource = undefined;
    this.render('resource');
    this.showTab('resource');
    this.host.saveState();
  }

  private render(tab: TabId): void {
    const view = this.panel.views[tab];
    const failure = this.failures[tab];
    if (failure !== undefined) {
      view.replaceChildren(h('p', { class: 'note failure', text: `Could not load this: ${failure}` }));
      return;
    }
    switch (tab) {
      case 'changes':
        renderChanges(view, this.diff, this.layout, {
          openDiff: (entry) => this.row && this.host.event({ type: 'diff/open', seq: this.row.seq, kind: entry.resource.kind, id: entry.resource.id, ...this.where() }),
          setLayout: (layout) => {
            this.layout = layout;
            this.render('changes');
            this.host.saveState();
          },
          showResource: (ref) => this.showResource(ref),
        }, this.row?.error?.links ?? [], isLogUpdate(this.row) ? transcriptUpdate(this.transcript, this.row!.seq) : undefined);
        this.prependFindings(view);
        return;
      case 'json':
        renderJson(view, this.payload);
        return;
      case 'resource':
        renderResource(view, this.resource, { showResource: (ref) => this.showResource(ref), scopeTo: (ref) => this.host.scopeTo(ref, this.where().session), selectSeq: (seq) => this.host.selectSeq(seq, this.where().session) });
        return;
      case 'transcript':
        renderTranscript(view, this.transcript);
    }
  }

  /** The selected record's findings and delivery timing above its diff (renderChanges has just filled `view`). */
  private prependFindings(view: HTMLElement): void {
    const timing = timingBlock(this.row?.timing);
    if (timing) view.prepend(timing);
    const block = findingsBlock(this.row?.findings);
    if (block) view.prepend(block);
  }

  private renderAll(): void {
    for (const tab of ['changes', 'json', 'resource', 'transcript'] as const) this.render(tab);
  }
}

/** True for a chat's MessageLogUpdated row: a transcript update, not a state. */
function isLogUpdate(row: TimelineRow | undefined): row is TimelineRow & { resource: ResourceRefLite } {
  return row?.messageType === 'MessageLogUpdated' && row.resource?.kind === 'chat';
}
