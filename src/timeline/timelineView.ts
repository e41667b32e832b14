import type { CaptureLine } from '../capture/records';
import type { LaneSource } from '../lanes/laneBook';
import type { CaptureSession } from '../session/captureSession';
import type { RecordView } from '../tracker/recordColumns';
import type { RowPage, TimelineFacets, TimelineFilter, TimelineScope } from '../timelineProtocol';
import { MergedRows, type MergeUpdate } from './mergedRows';
import { ViewRows } from './rowQuery';
import { clip, summarizeRow } from './rowSummary';
import { SEVERITY_ORDER, type Finding } from '../findings/types';
import type { FindingNote } from '../timelineProtocol';
import type { ScanOptions } from './textSearch';
import type { SessionSource, SessionSources } from './sessionSources';
import { deliveryTimesOf } from '../timing/deliveryTimes';

/**
 * One view of a timeline: its scope and filter matched on each session it spans (one part per
 * session, or per twin), merged by received time (MergedRows). Pages read each row from its own
 * session's journal, and rows of a view across sessions carry their session's tag.
 */

/** The session a scope is about: its resource's session when named and open, else the timeline's own. */
export function shownSession(sources: SessionSources, home: CaptureSession, scope: TimelineScope): CaptureSession {
  return (scope.kind === 'resource' && scope.session !== undefined ? sources.find(scope.session) : undefined) ?? home;
}

/** A row of the view: whose, and which tracker row. */
export interface ViewEntry {
  source: SessionSource;
  row: number;
}

/** A view; see the module comment. */
export class TimelineView {
  private readonly merged: MergedRows;
  /** What the lanes show: a group per part of the view (src/lanes). */
  lanes: LaneSource[] = [];

  private constructor(
    readonly scope: TimelineScope,
    readonly filter: TimelineFilter,
    private readonly sources: readonly SessionSource[],
    rows: readonly ViewRows[],
    /** Stamped on every page; bumped when rows already served moved (a late row merged before them). */
    public generation: number,
  ) {
    this.merged = new MergedRows(rows.map((r, i) => {
      const columns = sources[i].session.tracker.columns;
      return { rows: r, timeOf: (row: number) => columns.atAt(row) };
    }));
  }

  /** The view of `scope` and `filter` over the sessions it spans. */
  static of(sources: SessionSources, home: CaptureSession, scope: TimelineScope, filter: TimelineFilter, generation: number): TimelineView {
    const shown = shownSession(sources, home, scope);
    const parts: Array<{ session: CaptureSession; scope: TimelineScope }> = [];
    if (scope.kind === 'resource') {
      const own = { kind: 'resource' as const, resourceKind: scope.resourceKind, id: scope.id };
      parts.push({ session: shown, scope: own });
      if (scope.allSessions) for (const t of sources.twinsOf(shown, scope.resourceKind, scope.id)) parts.push({ session: t.session, scope: { kind: 'resource', resourceKind: t.kind, id: t.id } });
    } else {
      const base: TimelineScope = scope.kind === 'topic' ? { kind: 'topic', channel: scope.channel } : { kind: 'all' };
      for (const session of scope.allSessions ? sources.all() : [shown]) parts.push({ session, scope: base });
    }
    const partSources = parts.map((p) => sources.of(p.session));
    for (const s of partSources) s.facts.sync();
    const rows = parts.map((p, i) => new ViewRows(p.session.tracker, partSources[i].facts, () => partSources[i].text(), p.scope, filter, generation, partSources[i].findings()));
    const view = new TimelineView(scope, filter, partSources, rows, generation);
    view.lanes = parts.map((p, i) => ({ session: p.session, findings: () => partSources[i].findings(), ...(p.scope.kind === 'resource' ? { only: { kind: p.scope.resourceKind, id: p.scope.id } } : {}) }));
    return view;
  }

  /** True when rows carry their session (the scope spans sessions). */
  get tagged(): boolean {
    return this.scope.allSessions === true;
  }

  /** Rows in the view. */
  get total(): number {
    return this.merged.total;
  }

  /** The distinct sessions the view reads. */
  get sessions(): CaptureSession[] {
    return [...new Set(this.sources.map((s) => s.session))];
  }

  /** Records in every session the view spans. */
  get recordCount(): number {
    return this.sessions.reduce((n, s) => n + s.tracker.recordCount, 0);
  }

  /** True when the view reads `session`. */
  includes(session: CaptureSession): boolean {
    return this.sources.some((s) => s.session === session);
  }

  /** The row at view position `i`. */
  entryAt(i: number): ViewEntry {
    return { source: this.sources[this.merged.partAt(i)], row: this.merged.rowAt(i) };
  }

  /** The view position of tracker row `row` of `session`, or -1. */
  indexOf(session: CaptureSession, row: number): number {
    for (let part = 0; part < this.sources.length; part++) {
      if (this.sources[part].session !== session) continue;
      const at = this.merged.indexOf(part, row);
      if (at >= 0) return at;
    }
    return -1;
  }

  /** The view position of record `seq` of `session`, or -1. */
  locate(session: CaptureSession, seq: number): number {
    const row = session.tracker.entryAt(seq)?.index;
    return row === undefined ? -1 : this.indexOf(session, row);
  }

  /** Matches the rows the sessions gained; see MergedRows.update. */
  update(options: ScanOptions = {}): Promise<MergeUpdate> {
    for (const s of this.sources) s.facts.sync();
    return this.merged.update(options);
  }

  /** First matching of every row known now; false once a newer view aborted it. */
  async build(options: ScanOptions = {}): Promise<boolean> {
    await this.update(options);
    return !options.signal?.aborted;
  }

  /** Rows [start, start + count), each read from its own session's journal. */
  async page(start: number, count: number): Promise<RowPage> {
    const end = Math.min(this.total, start + count);
    // Positions resolve now, before any await, so the page matches the generation read with it.
    const entries: Array<{ source: SessionSource; view: RecordView }> = [];
    for (let i = Math.max(0, start); i < end; i++) {
      const { source, row } = this.entryAt(i);
      const view = source.session.tracker.recordAt(row);
      if (view) entries.push({ source, view });
    }
    const bySource = new Map<SessionSource, number[]>();
    entries.forEach((e, i) => {
      const list = bySource.get(e.source);
      if (list) list.push(i);
      else bySource.set(e.source, [i]);
    });
    const records = new Array<CaptureLine | undefined>(entries.length);
    // The delays of these rows need the samples up to them: read in slices, never one long block.
    await Promise.all([...bySource.keys()].map((source) => deliveryTimesOf(source.session.tracker.columns).catchUp(Math.max(...(bySource.get(source) ?? []).map((i) => entries[i].view.index)) + 1)));
    await Promise.all([...bySource].map(async ([source, at]) => {
      const read = await source.journal().readRecords(at.map((i) => entries[i].view));
      at.forEach((i, k) => (records[i] = read[k]));
    }));
    return {
      start,
      rows: entries.map((e, i) => {
        const tracker = e.source.session.tracker;
        const row = summarizeRow(e.view, records[i], (seq) => tracker.entryAt(seq)?.operation);
        if (this.tagged) row.session = e.source.tag;
        if (e.source.session.logLocalTimes) row.clock = 'log-local';
        const findings = e.source.findings()?.at(e.view.index);
        if (findings) row.findings = findingNotes(findings);
        const timing = deliveryTimesOf(tracker.columns).rowTiming(e.view.index);
        if (timing) row.timing = timing;
        return row;
      }),
    };
  }

  /** Changes whenever a session of the view gains a facet. */
  facetKey(): string {
    return this.sources.map((s) => s.facts.facetVersion).join(',');
  }

  /** The dropdowns' values: the union over the view's sessions. */
  facets(): TimelineFacets {
    const sets = { channels: new Set<string>(), messageTypes: new Set<string>(), notificationTypes: new Set<string>() };
    for (const source of new Set(this.sources)) {
      const f = source.facts.facets();
      for (const key of ['channels', 'messageTypes', 'notificationTypes'] as const) for (const v of f[key]) sets[key].add(v);
    }
    return { channels: [...sets.channels].sort(), messageTypes: [...sets.messageTypes].sort(), notificationTypes: [...sets.notificationTypes].sort() };
  }

  /** The seqs of the view's rows of `session`, in order (for export). */
  seqsOf(session: CaptureSession): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.total; i++) {
      const { source, row } = this.entryAt(i);
      if (source.session === session) out.push(source.session.tracker.recordAt(row)!.seq);
    }
    return out;
  }
}

/** A row's findings as the webview shows them: worst first, each text clipped (a payload quoted in it stays bounded). */
function findingNotes(findings: readonly Finding[]): FindingNote[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]).map((f) => ({ rule: f.rule, severity: f.severity, message: clip(f.message, 2000) }));
}
