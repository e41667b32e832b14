import type { RowFindingsView } from '../findings/rowFindings';
import type { ResourceTracker } from '../tracker/resourceTracker';
import type { TimelineFilter, TimelineScope } from '../timelineProtocol';
import { Growable } from '../util/growable';
import { FieldTerms, intersect } from './fieldTerms';
import { isEmptyQuery, parseQuery } from './filterQuery';
import { MESSAGE, type RowFacts } from './rowFacts';
import { textPattern, type JournalText, type ScanOptions } from './textSearch';

/**
 * The rows of one view (scope + filter), as ascending tracker row numbers. The filter text is parsed
 * once (filterQuery.ts); typed filters and field terms run on the index facts (RowFacts, the
 * tracker), the text terms on the journal in the search worker; new rows are matched as they arrive.
 */

/** True when a Bayeux channel matches a subscription pattern (`/v2/me/*`, `/v2/me/**`). */
export function channelMatches(pattern: string, channel: string): boolean {
  if (pattern.endsWith('/**')) return channel.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('/*')) {
    const base = pattern.slice(0, -1);
    return channel.startsWith(base) && !channel.slice(base.length).includes('/');
  }
  return pattern === channel;
}

/** True when the filter narrows nothing. */
export function isEmptyFilter(filter: TimelineFilter): boolean {
  return isEmptyQuery(parseQuery(filter.text)) && !filter.channel && !filter.messageType && !filter.notificationType;
}

/** A row test from the scope's channel and the typed filters; undefined when every row passes. */
function typedTest(facts: RowFacts, scope: TimelineScope, filter: TimelineFilter): ((row: number) => boolean) | undefined {
  const wanted = (value: string | undefined): number | undefined => (value ? facts.idOf(value) : undefined);
  const channel = wanted(filter.channel);
  const type = wanted(filter.messageType);
  const ntype = wanted(filter.notificationType);
  const topic = scope.kind === 'topic' ? scope.channel : undefined;
  if (channel === undefined && type === undefined && ntype === undefined && topic === undefined) return undefined;
  const topicCache = new Map<number, boolean>();
  const inTopic = (id: number): boolean => {
    let hit = topicCache.get(id);
    if (hit === undefined) topicCache.set(id, (hit = channelMatches(topic!, facts.stringOf(id) ?? '')));
    return hit;
  };
  const typed = channel !== undefined || type !== undefined || ntype !== undefined;
  return (row) => {
    const isMessage = facts.recs.at(row) === MESSAGE;
    // Connection events and gaps stay in a topic's timeline; typed filters keep only messages.
    if (!isMessage) return !typed;
    if (topic !== undefined && !inTopic(facts.channels.at(row))) return false;
    if (channel !== undefined && facts.channels.at(row) !== channel) return false;
    if (type !== undefined && facts.types.at(row) !== type) return false;
    return ntype === undefined || facts.ntypes.at(row) === ntype;
  };
}

/** Tracker rows naming the scoped resource (and the errors linked to it), ascending, within [from, to). */
function resourceRows(tracker: ResourceTracker, scope: Extract<TimelineScope, { kind: 'resource' }>, from: number, to: number): number[] {
  const rows: number[] = [];
  // Both lists are in ingest order: walk back from the newest and stop below `from`.
  const collect = (seqs: ArrayLike<number>): void => {
    for (let i = seqs.length - 1; i >= 0; i--) {
      const v = tracker.entryAt(seqs[i]);
      if (!v || v.index < from) break;
      if (v.index < to) rows.push(v.index);
    }
  };
  collect(tracker.seqsOf(scope.resourceKind, scope.id));
  collect(tracker.get(scope.resourceKind, scope.id)?.errorSeqs ?? []);
  rows.sort((a, b) => a - b);
  return rows.filter((r, i) => i === 0 || rows[i - 1] !== r);
}

/** The rows of one view (scope and filter) over a growing capture: what the list shows. */
export class ViewRows {
  /** Undefined while the view is every row (no scope, no filter): nothing is materialized. */
  private rows: Growable<Int32Array> | undefined;
  private identity = 0;
  private scanned = 0;
  /** Updates run one after another, so rows join in order. */
  private updating: Promise<number> = Promise.resolve(0);
  private readonly test: ((row: number) => boolean) | undefined;
  /** Text terms, longest (likely the rarest) first: each later one scans only the rows the earlier ones kept. */
  private readonly patterns: RegExp[];
  private readonly fields: FieldTerms | undefined;
  /** `is:` kinds of row, all required. */
  private readonly kinds: readonly string[];

  constructor(
    private readonly tracker: ResourceTracker,
    private readonly facts: RowFacts,
    private readonly text: () => JournalText | undefined,
    readonly scope: TimelineScope,
    readonly filter: TimelineFilter,
    /** Stamped on every page of this view, so the webview can drop pages of an older one. */
    readonly generation = 0,
    /** The session's findings, for `is:finding` (rows whose finding comes later join a view built after it). */
    private readonly findings?: RowFindingsView,
  ) {
    const query = parseQuery(filter.text);
    // `is:finding` comes from the findings; the operations' kinds are FieldTerms' record kinds.
    this.kinds = query.is.filter((k) => k === 'finding');
    this.fields = FieldTerms.of(tracker, facts, query);
    const typed = typedTest(facts, scope, filter);
    const typeTerms = this.fields?.test;
    this.test = typed && typeTerms ? (row) => typed(row) && typeTerms(row) : typed ?? typeTerms;
    const words = [...query.text].sort((a, b) => b.length - a.length);
    this.patterns = words.map((w) => textPattern(w)).filter((p): p is RegExp => p !== undefined);
    if (scope.kind !== 'all' || !isEmptyFilter(filter)) this.rows = new Growable((n) => new Int32Array(n), 4096);
  }

  /** Rows in the view. */
  get total(): number {
    return this.rows ? this.rows.length : this.identity;
  }

  /** The tracker row at view position `i`. */
  rowAt(i: number): number {
    return this.rows ? this.rows.at(i) : i;
  }

  /** The view position of tracker row `row`, or -1. */
  indexOfRow(row: number): number {
    if (!this.rows) return row >= 0 && row < this.identity ? row : -1;
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows.at(mid) < row) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.rows.length && this.rows.at(lo) === row ? lo : -1;
  }

  /**
   * Matches the rows the facts know but this view has not seen; resolves to how many joined the
   * view. A text filter matches them in the search worker.
   */
  update(options: ScanOptions = {}): Promise<number> {
    const next = this.updating.then(() => this.updateNow(options));
    this.updating = next.catch(() => 0);
    return next;
  }

  private async updateNow(options: ScanOptions): Promise<number> {
    const from = this.scanned;
    const to = this.facts.count;
    if (to <= from) return 0;
    if (!this.rows) {
      this.scanned = to;
      this.identity = to;
      return to - from;
    }
    const matched = await this.match(from, to, options);
    if (!matched) return 0;
    for (let i = 0; i < matched.length; i++) this.rows.push(matched[i]);
    this.scanned = to;
    return matched.length;
  }

  /**
   * First matching of every row known now; false (the view is left unfinished) once `signal`
   * says a newer view replaced this one.
   */
  async build(options: ScanOptions = {}): Promise<boolean> {
    await this.update(options);
    return !options.signal?.aborted;
  }

  /** Rows in [from, to) passing the scope and typed filters; undefined when that is every row. */
  private candidates(from: number, to: number): ArrayLike<number> | undefined {
    let candidates: ArrayLike<number> | undefined;
    if (this.scope.kind === 'resource') candidates = resourceRows(this.tracker, this.scope, from, to);
    if (this.fields?.byResource) {
      const rows = this.fields.rows(from, to);
      candidates = candidates ? intersect(candidates, rows) : rows;
    }
    if (this.kinds.length > 0) {
      const rows = this.findings ? this.findings.rows(from, to) : [];
      candidates = candidates ? intersect(candidates, rows) : rows;
    }
    if (this.test) {
      const test = this.test;
      const out = new Growable((n) => new Int32Array(n));
      if (candidates) for (let i = 0; i < candidates.length; i++) test(candidates[i]) && out.push(candidates[i]);
      else for (let row = from; row < to; row++) test(row) && out.push(row);
      candidates = out.view();
    }
    return candidates;
  }

  /** Rows in [from, to) in the view; undefined when a text scan was aborted. */
  private async match(from: number, to: number, options: ScanOptions): Promise<ArrayLike<number> | undefined> {
    let rows = this.candidates(from, to);
    if (this.patterns.length === 0) return rows ?? range(from, to);
    const text = this.text();
    if (!text) return new Int32Array(0);
    const n = this.patterns.length;
    for (let k = 0; k < n; k++) {
      // One progress scale over every pass: pass k covers [k/n, (k+1)/n) of it.
      const onProgress = options.onProgress && ((done: number, total: number): void => options.onProgress!(k * total + done, n * total));
      const pass: ScanOptions = { signal: options.signal, onProgress };
      const hits: ArrayLike<number> | undefined = rows ? await text.filter(this.patterns[k], rows, pass) : await text.search(this.patterns[k], from, to, pass);
      if (!hits) return undefined;
      rows = hits;
      if (hits.length === 0) break;
    }
    return rows;
  }

  /** The seqs of every row in the view, in order (for export). */
  seqs(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.total; i++) out.push(this.tracker.recordAt(this.rowAt(i))!.seq);
    return out;
  }
}

function range(from: number, to: number): Int32Array {
  const out = new Int32Array(to - from);
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}
