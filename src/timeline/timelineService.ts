import { JournalFile } from '../capture/journalFile';
import type { ResourceKind } from '../model/gwsTypes';
import type { CaptureSession, SessionChange } from '../session/captureSession';
import { isWebviewEvent, PAGE_ROWS, supersedeKey, type Envelope, type HostMessage, type RowPage, type TimelineFilter, type TimelineScope, type TimelineSnapshot, type WebviewMessage } from '../timelineProtocol';
import { MessageHandler, RequestFailedError, type RequestContext } from '../timelineRequests';
import type { Disposable } from '../util/emitter';
import { buildDiff } from './diffDetail';
import { buildResourceDetail } from './resourceDetail';
import { RowFacts } from './rowFacts';
import { ViewRows } from './rowQuery';
import { prettyPayload, summarizeRow } from './rowSummary';
import { JournalText } from './textSearch';
import { buildTranscript } from './transcript';
import { checkWebviewMessage } from './webviewMessageCheck';

/**
 * Answers the timeline protocol from one CaptureSession, with no `vscode` in sight: snapshots, pages
 * of rows read from the journal by offset, filters (text ones in the search worker), payloads, diffs,
 * transcripts, resource details. Appends are batched: at most one post per interval, with a bounded
 * tail of rows. Nothing is posted until the webview has said it is ready. No read here is synchronous.
 * Every request gets one reply: its answer, or `request/failed` (malformed, refused once closed,
 * superseded, threw).
 */

/** What the service needs from its surroundings (the panel adapter, or a test). */
export interface TimelinePort {
  post(message: Envelope<HostMessage>): void;
  /** Opens the editor diff of a resource at a record. */
  openDiff?(seq: number, kind: ResourceKind, id: string): void;
  /** Exports the records with these seqs. */
  exportSeqs?(seqs: number[]): void;
  log?(text: string): void;
}

/** Tuning, mostly for tests and benches. */
export interface TimelineServiceOptions {
  scope?: TimelineScope;
  /** Shortest time between two appends (default 100 ms: at most 10 posts a second). */
  appendIntervalMs?: number;
  /** Most rows an append carries (default 50). */
  appendRows?: number;
  /** Journal text the search worker keeps in memory, in bytes (default DEFAULT_TEXT_BUDGET, 64 MB). */
  textBudget?: number;
  /** Fill the text cache in the background after a snapshot (default true). */
  warmText?: boolean;
  /** The search worker's script (default: dist/searchWorker.js beside the bundle). */
  searchWorker?: string;
}

/** The host side of one timeline webview; see the module comment. */
export class TimelineService {
  private readonly handler: MessageHandler<HostMessage, WebviewMessage>;
  private facts: RowFacts;
  private reader: JournalFile | undefined;
  private text: JournalText | undefined;
  /** The view shown (scope, filter, rows); read from outside only after sync(), e.g. by Export from the palette. */
  view: ViewRows;
  /** Aborted when a newer view is asked for: stops the text scan of the one being built. */
  private building: AbortController | undefined;
  private generation = 0;
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private warming = false;
  private lastAppend = 0;
  private sentRecords = 0;
  private sentFacets = 0;
  /** A scope set while the webview was away; it wins over the scope the webview saved. */
  private forcedScope: TimelineScope | undefined;
  private readonly subscription: Disposable;
  /** Set once the session is gone: requests are refused with it. */
  private closedReason: string | undefined;

  constructor(readonly session: CaptureSession, private readonly port: TimelinePort, private readonly options: TimelineServiceOptions = {}) {
    const onError = (what: string, err: unknown): void => this.port.log?.(`timeline: ${what}: ${err instanceof Error ? err.message : String(err)}`);
    this.handler = new MessageHandler<HostMessage, WebviewMessage>((m) => this.port.post(m), (m, ctx) => this.answer(m, ctx), { check: checkWebviewMessage, isEvent: (m) => isWebviewEvent(m.type), incomingKey: supersedeKey, onError });
    this.facts = RowFacts.of(session.tracker);
    this.view = this.viewNow(options.scope ?? { kind: 'all' }, { text: '' });
    this.subscription = session.onDidChange((change) => this.onSessionChange(change));
  }

  /** The current scope. */
  get scope(): TimelineScope {
    return this.view.scope;
  }

  /** Handles one raw message from the webview; a malformed request is logged and answered `request/failed`. */
  receive(raw: unknown): Promise<void> {
    return this.handler.receive(raw);
  }

  /** The webview went away (hidden or disposed): post nothing until it reports ready again. */
  suspend(): void {
    this.ready = false;
    this.clearTimer();
  }

  /** Rescopes the view and, when the webview is ready, pushes a fresh snapshot. */
  setScope(scope: TimelineScope): void {
    this.view = this.viewNow(scope, { text: '' });
    if (this.ready) this.pushSnapshot();
    else this.forcedScope = scope;
  }

  /** Tells the webview its session is gone. */
  close(reason: string): void {
    this.closedReason = reason;
    if (this.ready) this.handler.sendEvent({ type: 'timeline/closed', reason });
    this.ready = false;
  }

  /** A snapshot of the current view (rows recomputed); bounded to one page of rows. */
  async snapshot(selectedSeq?: number): Promise<TimelineSnapshot> {
    await this.sync();
    const total = this.view.total;
    const selectedRow = selectedSeq !== undefined ? this.session.tracker.entryAt(selectedSeq)?.index : undefined;
    const selectedIndex = selectedRow !== undefined ? this.view.indexOfRow(selectedRow) : -1;
    const start = selectedIndex >= 0 ? Math.max(0, Math.min(selectedIndex - PAGE_ROWS / 2, total - PAGE_ROWS)) : Math.max(0, total - PAGE_ROWS);
    this.sentRecords = this.session.tracker.recordCount;
    this.sentFacets = this.facts.facetVersion;
    this.scheduleWarm();
    return {
      sessionId: this.session.id,
      sessionLabel: this.session.label,
      live: this.session.kind === 'live',
      scope: this.view.scope,
      filter: this.view.filter,
      generation: this.view.generation,
      total,
      recordCount: this.session.tracker.recordCount,
      page: await this.page(start, PAGE_ROWS),
      facets: this.facts.facets(),
      selectedIndex,
    };
  }

  /** Rows [start, start + count) of the view, read from the journal (asynchronously). */
  async page(start: number, count: number): Promise<RowPage> {
    const end = Math.min(this.view.total, start + count);
    const views = [];
    for (let i = Math.max(0, start); i < end; i++) {
      const view = this.session.tracker.recordAt(this.view.rowAt(i));
      if (view) views.push(view);
    }
    const records = views.length > 0 ? await this.journal().readRecords(views) : [];
    return { start, rows: views.map((v, i) => summarizeRow(v, records[i])) };
  }

  /** Stops listening and closes files; idempotent. */
  dispose(): void {
    this.subscription.dispose();
    this.clearTimer();
    this.building?.abort();
    this.handler.dispose();
    this.reader?.close();
    this.text?.dispose();
  }

  private async answer(m: WebviewMessage, ctx: RequestContext): Promise<HostMessage | undefined> {
    if (this.closedReason !== undefined && !isWebviewEvent(m.type)) throw new RequestFailedError('refused', `the capture is closed: ${this.closedReason}`);
    switch (m.type) {
      case 'webview/ready': {
        this.ready = true;
        // Saved UI state applies only to the session it was saved for, and yields to a scope asked for meanwhile.
        const sameSession = m.sessionId === undefined || m.sessionId === this.session.id;
        const scope = this.forcedScope ?? (sameSession ? m.scope : undefined);
        const filter = this.forcedScope === undefined && sameSession && m.filter ? m.filter : { text: '' };
        this.forcedScope = undefined;
        await this.buildView(scope ?? this.view.scope, filter, ctx);
        return { type: 'timeline/snapshot', ...(await this.snapshot(sameSession ? m.selectedSeq : undefined)) };
      }
      case 'webview/error':
        this.port.log?.(`timeline webview: ${m.message}`);
        return undefined;
      case 'view/filter/set':
        await this.buildView(this.view.scope, m.filter, ctx);
        return { type: 'timeline/snapshot', ...(await this.snapshot(m.selectedSeq)) };
      case 'view/scope/set':
        await this.buildView(m.scope, { text: '' }, ctx);
        return { type: 'timeline/snapshot', ...(await this.snapshot()) };
      case 'rows/get':
        await this.sync();
        return { type: 'rows/page', generation: this.view.generation, ...(await this.page(m.start, m.count)) };
      case 'rows/locate': {
        const row = this.session.tracker.entryAt(m.seq)?.index;
        return { type: 'rows/located', generation: this.view.generation, seq: m.seq, index: row === undefined ? -1 : this.view.indexOfRow(row) };
      }
      case 'record/get': {
        const entry = this.session.tracker.entryAt(m.seq);
        return { type: 'record/payload', seq: m.seq, ...(entry ? prettyPayload(await this.journal().readRaw(entry.offset, entry.length), entry.length) : { text: '', bytes: 0, truncated: false }) };
      }
      case 'diff/get':
        return { type: 'diff/result', ...(await buildDiff(this.session, m.seq, m.resource)) };
      case 'diff/open':
        this.port.openDiff?.(m.seq, m.kind, m.id);
        return undefined;
      case 'resource/get':
        return { type: 'resource/detail', ...(await buildResourceDetail(this.session, m.kind, m.id)) };
      case 'transcript/get':
        return { type: 'transcript/result', ...(await buildTranscript(this.session, m.chatId)) };
      case 'export/run':
        this.port.exportSeqs?.(this.view.seqs());
        return undefined;
    }
  }

  /** A new view, matched by the next sync(); it cancels the one being built. */
  private viewNow(scope: TimelineScope, filter: TimelineFilter): ViewRows {
    this.building?.abort();
    this.facts.sync();
    return new ViewRows(this.session.tracker, this.facts, () => this.journalText(), scope, filter, ++this.generation);
  }

  /** Builds a view (text filters scan in the search worker, with progress) and makes it current unless superseded. */
  private async buildView(scope: TimelineScope, filter: TimelineFilter, ctx?: RequestContext): Promise<void> {
    const view = this.viewNow(scope, filter);
    const building = (this.building = new AbortController());
    ctx?.signal.addEventListener('abort', () => building.abort(), { once: true });
    if (await view.build({ signal: building.signal, onProgress: ctx?.progress })) this.view = view;
    if (this.building === building) this.building = undefined;
    ctx?.signal.throwIfAborted();
  }

  async sync(): Promise<void> {
    this.facts.sync();
    await this.view.update();
  }

  private pushSnapshot(): void {
    this.snapshot().then((snapshot) => this.ready && this.handler.sendEvent({ type: 'timeline/snapshot', ...snapshot }), this.failed('snapshot'));
  }

  /** Logs a failure of work nobody awaits. */
  private failed(what: string): (err: unknown) => void {
    return (err) => this.port.log?.(`timeline: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  private onSessionChange(change: SessionChange): void {
    if (change.reset) {
      this.reader?.close();
      this.text?.dispose();
      this.reader = undefined;
      this.text = undefined;
      this.facts = RowFacts.of(this.session.tracker);
      const { scope, filter } = this.view;
      // Never serve the old tracker's rows: an unfiltered view stands in while the text filter runs.
      this.view = this.viewNow(scope, { ...filter, text: '' });
      void this.buildView(scope, filter).then(() => this.ready && this.pushSnapshot());
      return;
    }
    if (change.records > 0 && this.ready) this.scheduleAppend();
  }

  private scheduleAppend(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastAppend + (this.options.appendIntervalMs ?? 100) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastAppend = Date.now();
      this.flushAppend().catch(this.failed('append'));
    }, wait);
  }

  private async flushAppend(): Promise<void> {
    if (!this.ready) return;
    const before = this.view.total;
    await this.sync();
    const total = this.view.total;
    const recordCount = this.session.tracker.recordCount;
    if (recordCount === this.sentRecords) return;
    this.sentRecords = recordCount;
    const tailRows = Math.min(total - before, this.options.appendRows ?? 50);
    const message: HostMessage = { type: 'timeline/append', generation: this.view.generation, total, recordCount, tail: await this.page(total - tailRows, tailRows) };
    if (this.facts.facetVersion !== this.sentFacets) {
      this.sentFacets = this.facts.facetVersion;
      message.facets = this.facts.facets();
    }
    this.handler.sendEvent(message);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private journal(): JournalFile {
    return (this.reader ??= new JournalFile(this.session.journalPath));
  }

  private journalText(): JournalText {
    return (this.text ??= new JournalText(this.session.journalPath, this.facts, { budget: this.options.textBudget, script: this.options.searchWorker }));
  }

  /** Has the search worker read the journal's text into its cache, off the request path. */
  private scheduleWarm(): void {
    if (this.options.warmText === false || this.warming) return;
    this.warming = true;
    this.journalText().warm().catch(this.failed('text cache')).finally(() => (this.warming = false));
  }
}
