import type { RowFindingsView } from '../findings/rowFindings';
import type { LaneMark } from '../lanesProtocol';
import type { OutcomeView } from '../operations/outcomeCache';
import type { CaptureSession } from '../session/captureSession';
import { clip } from '../timeline/rowSummary';
import type { ResourceTracker } from '../tracker/resourceTracker';

/**
 * The marks of one session's lanes, by resource key (`kind:id`), and its session-wide marks: gap
 * records, reconnects, and findings that name no resource. Built from the tracker's columns, the
 * session's correlation (operations/outcomeCache.ts) and its findings (findings/rowFindings.ts);
 * rebuilt only when one of them changed.
 */

/** Most marks kept for one lane or one session row; past it the earliest are kept. */
export const MAX_MARKS = 500;
/** Longest mark text sent. */
const MAX_MARK_TEXT = 300;
/** Connection events drawn as reconnect marks. */
const RECONNECT_EVENTS = new Set(['reconnecting', 'disconnected']);

const TONE: Record<OutcomeView['outcomes'][number]['outcome'], LaneMark['tone']> = { effect: 'ok', 'no-effect': 'warning', error: 'error', pending: 'pending' };

/** A session's marks, computed once per change of what they are read from. */
export class SessionMarks {
  private byLane = new Map<string, LaneMark[]>();
  private session: LaneMark[] = [];
  private builtFor: { tracker: ResourceTracker; records: number; outcomes: OutcomeView; findings: RowFindingsView | undefined; findingRows: number } | undefined;

  /** The marks of `key` (`kind:id`), in time order. */
  of(key: string): LaneMark[] {
    return this.byLane.get(key) ?? [];
  }

  /** Marks naming no resource, in time order. */
  get sessionWide(): LaneMark[] {
    return this.session;
  }

  /** Brings the marks up to date with `session`: a file's correlation computed first, a live one's as it last was (never waited for: the lanes refresh each second). */
  async update(session: CaptureSession, findings: RowFindingsView | undefined): Promise<void> {
    const outcomes = session.kind === 'live' ? session.operations.current() : await session.operations.fresh();
    const tracker = session.tracker;
    const records = tracker.recordCount;
    const findingRows = findings ? findings.rows(0, records).length : 0;
    const b = this.builtFor;
    if (b && b.tracker === tracker && b.records === records && b.outcomes === outcomes && b.findings === findings && b.findingRows === findingRows) return;
    this.builtFor = { tracker, records, outcomes, findings, findingRows };
    const byLane = new Map<string, LaneMark[]>();
    const wide: LaneMark[] = [];
    const add = (key: string | undefined, mark: LaneMark): void => {
      const list = key === undefined ? wide : byLane.get(key) ?? (byLane.set(key, []), byLane.get(key)!);
      list.push(mark);
    };
    for (const o of outcomes.outcomes) {
      if (o.target.id === '') continue;
      add(`${o.target.kind}:${o.target.id}`, { kind: 'operation', tone: TONE[o.outcome], at: o.sentAt, seq: o.requestSeq, text: clip(session.operations.line(o), MAX_MARK_TEXT) });
    }
    const columns = tracker.columns;
    if (findings) {
      for (const row of findings.rows(0, records)) {
        for (const f of findings.at(row) ?? []) {
          const mark: LaneMark = { kind: 'finding', tone: f.severity, at: columns.atAt(row), seq: columns.seqAt(row), text: clip(`${f.rule}: ${f.message}`, MAX_MARK_TEXT) };
          add(f.resource ? `${f.resource.kind}:${f.resource.id}` : undefined, mark);
        }
      }
    }
    for (let row = 0; row < records; row++) {
      const rec = columns.recAt(row);
      if (rec === 'gap') {
        const view = columns.view(row);
        add(undefined, { kind: 'gap', tone: 'warning', at: view.at, ...(view.until !== undefined ? { until: view.until } : {}), seq: view.seq, text: 'Gap: messages sent meanwhile may be missing' });
      } else if (rec === 'event') {
        const name = columns.typeAt(row);
        if (name !== undefined && RECONNECT_EVENTS.has(name)) add(undefined, { kind: 'reconnect', tone: 'warning', at: columns.atAt(row), seq: columns.seqAt(row), text: `Connection ${name}` });
      }
    }
    for (const list of [wide, ...byLane.values()]) {
      list.sort((x, y) => x.at - y.at || x.seq - y.seq);
      if (list.length > MAX_MARKS) list.length = MAX_MARKS;
    }
    this.byLane = byLane;
    this.session = wide;
  }
}
