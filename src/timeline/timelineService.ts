import type { CaptureSession, SessionChange } from '../session/captureSession';
import { isWebviewEvent, PAGE_ROWS, supersedeKey, type HostMessage, type RowPage, type TimelineFilter, type TimelineScope, type TimelineSnapshot, type WebviewMessage } from '../timelineProtocol';
import { MessageHandler, RequestFailedError, type RequestContext } from '../timelineRequests';
import type { Disposable } from '../util/emitter';
import { LaneBook } from '../lanes/laneBook';
import { Throttle } from '../util/throttle';
import { buildDiff } from './diffDetail';
import { buildOperationDetail } from './operationDetail';
import { buildResourceDetail } from './resourceDetail';
import { SessionSources } from './sessionSources';
import { shownSession, TimelineView } from './timelineView';
import { buildTranscript } from './transcript';
import { checkWebviewMessage } from './webviewMessageCheck';
import type { TimelinePort, TimelineServiceOptions } from './timelinePort';

export type { TimelinePort, TimelineServiceOptions } from './timelinePort';

/**
 * Answers the timeline protocol from its CaptureSession (and, across sessions, every one `options.sessions`
 * lists), with no `vscode` in sight: snapshots, pages of rows read from the journals by offset, filters
 * (text ones in the search workers), payloads, diffs, transcripts, resource details, operations.
 * Appends are batched (one post per interval, a bounded tail of rows), posted once the webview said
 * it is ready. No read is synchronous. Every request gets one reply: its answer, or `request/failed`.
 */

/** The host side of one timeline webview; see the module comment. */
export class TimelineService {
  private readonly handler: MessageHandler<HostMessage, WebviewMessage>;
  private readonly sources: SessionSources;
  private view: TimelineView;
  /** Aborted when a newer view is asked for: stops the text scan of the one being built. */
  private building: AbortController | undefined;
  private generation = 0;
  private ready = false;
  private warming = false;
  private sentRecords = 0;
  private sentFacets = '';
  /** Rows the webview may hold (snapshots, pages, appends): a late row merged before this moves rows it has. */
  private servedTotal = 0;
  private reordered = false;
  /** A scope (and the record to select) asked for before the page was ready: it wins over the saved state. */
  private forced: { scope: TimelineScope; selectedSeq?: number } | undefined;
  private readonly appends: Throttle;
  private readonly lanes = new LaneBook();
  private readonly directory: Disposable | undefined;
  /** Set once the session is gone: requests are refused with it. */
  private closedReason: string | undefined;

  constructor(readonly session: CaptureSession, private readonly port: TimelinePort, private readonly options: TimelineServiceOptions = {}) {
    const onError = (what: string, err: unknown): void => this.port.log?.(`timeline: ${what}: ${err instanceof Error ? err.message : String(err)}`);
    this.handler = new MessageHandler<HostMessage, WebviewMessage>((m) => this.port.post(m), (m, ctx) => this.answer(m, ctx), { check: checkWebviewMessage, isEvent: (m) => isWebviewEvent(m.type), incomingKey: supersedeKey, onError });
    this.sources = new SessionSources(session, options.sessions, { budget: options.textBudget, script: options.searchWorker });
    this.view = this.viewNow(options.scope ?? { kind: 'all' }, { text: '' });
    this.directory = options.sessions?.onDidChange(() => this.onSessionsChanged());
    this.appends = new Throttle(options.appendIntervalMs ?? 100, () => this.flushAppend().catch(this.failed('append')));
    this.subscribe();
  }

  get scope(): TimelineScope {
    return this.view.scope;
  }

  /** The session the current view is about (its resource's, else this timeline's own). */
  get shown(): CaptureSession {
    return shownSession(this.sources, this.session, this.view.scope);
  }

  /** Handles one raw message from the webview; a malformed request is logged and answered `request/failed`. */
  receive(raw: unknown): Promise<void> {
    return this.handler.receive(raw);
  }

  /** The webview went away (hidden or disposed): post nothing until it reports ready again. */
  suspend(): void {
    this.ready = false;
    this.appends.clear();
  }

  /** Rescopes the view and, when the webview is ready, pushes a fresh snapshot. */
  setScope(scope: TimelineScope, selectedSeq?: number): void {
    this.view = this.viewNow(scope, { text: '' });
    if (this.ready) this.pushSnapshot(selectedSeq);
    else this.forced = { scope, selectedSeq };
  }

  /** Tells the webview its session is gone. */
  close(reason: string): void {
    this.closedReason = reason;
    if (this.ready) this.handler.sendEvent({ type: 'timeline/closed', reason });
    this.ready = false;
  }

  /** A snapshot of the current view (rows recomputed); bounded to one page of rows. */
  async snapshot(selectedSeq?: number, selectedSession?: string): Promise<TimelineSnapshot> {
    await this.sync();
    // A snapshot starts the webview's rows afresh.
    this.reordered = false;
    this.servedTotal = 0;
    const view = this.view;
    const total = view.total;
    const selectedIndex = selectedSeq !== undefined ? this.locate(selectedSeq, selectedSession) : -1;
    const start = selectedIndex >= 0 ? Math.max(0, Math.min(selectedIndex - PAGE_ROWS / 2, total - PAGE_ROWS)) : Math.max(0, total - PAGE_ROWS);
    this.sentRecords = view.recordCount;
    this.sentFacets = this.view.facetKey();
    this.scheduleWarm();
    const shown = this.shown;
    this.port.shownSession?.(shown);
    return {
      sessionId: shown.id, sessionLabel: view.tagged ? 'All sessions' : shown.label, live: view.sessions.some((s) => s.kind === 'live'),
      scope: view.scope, filter: view.filter, generation: view.generation, total, recordCount: view.recordCount,
      page: await this.page(start, PAGE_ROWS), facets: this.view.facets(), selectedIndex, sessionCount: this.sources.all().length,
    };
  }

  /** Rows [start, start + count) of the view, each read from its session's journal (asynchronously). */
  async page(start: number, count: number): Promise<RowPage> {
    const page = this.view.page(start, count);
    this.servedTotal = Math.max(this.servedTotal, Math.min(this.view.total, start + count));
    return page;
  }

  /** The seqs of `session` the view shows now, with its scope and filter (Export from the palette), if it reads that session. */
  async rowsOf(session: CaptureSession): Promise<{ seqs: number[]; scope: TimelineScope; filter: TimelineFilter } | undefined> {
    await this.sync();
    return this.view.includes(session) ? { seqs: this.view.seqsOf(session), scope: this.view.scope, filter: this.view.filter } : undefined;
  }

  /** Stops listening and closes files; idempotent. */
  dispose(): void {
    this.sources.watch([], () => undefined);
    this.directory?.dispose();
    this.appends.clear();
    this.building?.abort();
    this.handler.dispose();
    this.sources.dispose();
  }

  private async answer(m: WebviewMessage, ctx: RequestContext): Promise<HostMessage | undefined> {
    if (this.closedReason !== undefined && !isWebviewEvent(m.type)) throw new RequestFailedError('refused', `the capture is closed: ${this.closedReason}`);
    switch (m.type) {
      case 'webview/ready': {
        this.ready = true;
        // Saved UI state applies only to the session it was saved for, and yields to a scope asked for meanwhile.
        const sameSession = m.sessionId === undefined || m.sessionId === this.session.id || (m.scope?.kind === 'resource' && m.scope.session === m.sessionId);
        const forced = this.forced;
        const filter = forced === undefined && sameSession && m.filter ? m.filter : { text: '' };
        this.forced = undefined;
        this.servedTotal = 0;
        await this.buildView(forced?.scope ?? (sameSession ? m.scope : undefined) ?? this.view.scope, filter, ctx);
        const selected = forced ? forced.selectedSeq : sameSession ? m.selectedSeq : undefined;
        return { type: 'timeline/snapshot', ...(await this.snapshot(selected, forced ? undefined : m.selectedSession)) };
      }
      case 'webview/error':
        this.port.log?.(`timeline webview: ${m.message}`);
        return undefined;
      case 'view/filter/set':
        await this.buildView(this.view.scope, m.filter, ctx);
        return { type: 'timeline/snapshot', ...(await this.snapshot(m.selectedSeq, m.selectedSession)) };
      case 'view/scope/set':
        await this.buildView(m.scope, { text: '' }, ctx);
        return { type: 'timeline/snapshot', ...(await this.snapshot()) };
      case 'rows/get':
        await this.sync();
        return { type: 'rows/page', generation: this.view.generation, ...(await this.page(m.start, m.count)) };
      case 'rows/locate':
        return { type: 'rows/located', generation: this.view.generation, seq: m.seq, index: this.locate(m.seq, m.session) };
      case 'record/get':
        return { type: 'record/payload', seq: m.seq, ...(await this.sources.of(this.sources.resolve(m.session, this.shown)).payload(m.seq)) };
      case 'diff/get': {
        const session = this.sources.resolve(m.session, this.shown);
        // A twin's row names its own resource, not the scoped one: diff what it names (requests default to the session shown).
        return { type: 'diff/result', ...(await buildDiff(session, m.seq, m.resource && session.tracker.get(m.resource.kind, m.resource.id) ? m.resource : undefined)) };
      }
      case 'diff/open':
        this.port.openDiff?.(m.seq, m.kind, m.id, this.sources.resolve(m.session, this.shown));
        return undefined;
      case 'resource/get':
        return { type: 'resource/detail', ...(await buildResourceDetail(this.sources.resolve(m.session, this.shown), m.kind, m.id)) };
      case 'transcript/get':
        return { type: 'transcript/result', ...(await buildTranscript(this.sources.resolve(m.session, this.shown), m.chatId)) };
      case 'operation/get':
        return { type: 'operation/detail', ...(await buildOperationDetail(this.sources.resolve(m.session, this.shown), m.seq)) };
      case 'export/run':
        return void this.port.exportSeqs?.(this.view.seqsOf(this.shown), this.shown);
      case 'lanes/get':
        await this.sync();
        return { type: 'lanes/page', ...(await this.lanes.page(this.view.lanes, m)) };
    }
  }

  /** The view position of record `seq` of session `id` (default the one the view is about), or -1. */
  private locate(seq: number, id: string | undefined): number {
    const session = id === undefined ? this.shown : this.sources.find(id);
    return session ? this.view.locate(session, seq) : -1;
  }

  /** A new view, matched by the next sync(); it cancels the one being built. */
  private viewNow(scope: TimelineScope, filter: TimelineFilter): TimelineView {
    this.building?.abort();
    return TimelineView.of(this.sources, this.session, scope, filter, ++this.generation);
  }

  /** Builds a view (text filters scan in the search workers, with progress) and makes it current unless superseded. */
  private async buildView(scope: TimelineScope, filter: TimelineFilter, ctx?: RequestContext): Promise<void> {
    const view = this.viewNow(scope, filter);
    const building = (this.building = new AbortController());
    ctx?.signal.addEventListener('abort', () => building.abort(), { once: true });
    if (await view.build({ signal: building.signal, onProgress: ctx?.progress })) {
      this.view = view;
      this.subscribe();
    }
    if (this.building === building) this.building = undefined;
    ctx?.signal.throwIfAborted();
  }

  /** Merges what the sessions gained; rows the webview may hold that moved give the view a new generation. */
  private async sync(): Promise<void> {
    const view = this.view;
    const { changedFrom } = await view.update();
    if (view === this.view && changedFrom < this.servedTotal) {
      view.generation = ++this.generation;
      this.reordered = true;
      this.servedTotal = 0;
    }
  }
  private pushSnapshot(selectedSeq?: number): void {
    this.snapshot(selectedSeq).then((snapshot) => this.ready && this.handler.sendEvent({ type: 'timeline/snapshot', ...snapshot }), this.failed('snapshot'));
  }

  /** Logs a failure of work nobody awaits. */
  private failed(what: string): (err: unknown) => void {
    return (err) => this.port.log?.(`timeline: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Follows the sessions the current view reads, and only those. */
  private subscribe(): void {
    this.sources.watch(this.view.sessions, (session, change) => this.onSessionChange(session, change));
  }

  /** A session opened or closed: a view across sessions (or about a closed one) is built again. */
  private onSessionsChanged(): void {
    this.sources.prune();
    const open = this.sources.all();
    const stale = this.view.sessions.some((s) => !open.includes(s)) || (this.view.tagged && open.some((s) => !this.view.includes(s)));
    if (stale && this.closedReason === undefined) this.rebuild();
  }

  private onSessionChange(session: CaptureSession, change: SessionChange): void {
    if (change.reset) {
      this.sources.peek(session)?.reset();
      this.rebuild();
      return;
    }
    if (change.records > 0 && this.ready) this.appends.schedule();
  }

  /** Builds the current view again from scratch and pushes it. */
  private rebuild(): void {
    const { scope, filter } = this.view;
    // Never serve an old tracker's rows: an unfiltered view stands in while the text filter runs.
    this.view = this.viewNow(scope, { ...filter, text: '' });
    this.subscribe();
    void this.buildView(scope, filter).then(() => this.ready && this.pushSnapshot(), this.failed('rebuild'));
  }

  private async flushAppend(): Promise<void> {
    if (!this.ready) return;
    const before = this.view.total;
    await this.sync();
    const total = this.view.total;
    const [recordCount, reordered] = [this.view.recordCount, this.reordered];
    if (recordCount === this.sentRecords && !reordered) return;
    this.sentRecords = recordCount;
    this.reordered = false;
    // After a reorder the webview starts the new generation from this tail and asks for the rest.
    const tailRows = Math.min(reordered ? total : total - before, this.options.appendRows ?? 50);
    const message: HostMessage = { type: 'timeline/append', generation: this.view.generation, total, recordCount, tail: await this.page(total - tailRows, tailRows) };
    if (reordered) message.reordered = true;
    const facetKey = this.view.facetKey();
    if (facetKey !== this.sentFacets) {
      this.sentFacets = facetKey;
      message.facets = this.view.facets();
    }
    this.handler.sendEvent(message);
  }

  /** Has the search workers read their journals' text into their caches, off the request path. */
  private scheduleWarm(): void {
    if (this.options.warmText === false || this.warming) return;
    this.warming = true;
    Promise.all(this.view.sessions.map((s) => this.sources.of(s).text().warm())).catch(this.failed('text cache')).finally(() => (this.warming = false));
  }
}
