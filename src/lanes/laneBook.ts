import type { RowFindingsView } from '../findings/rowFindings';
import { type Lane, type LaneGroup, type LanesPage, type LanesRequest } from '../lanesProtocol';
import type { ResourceKind } from '../model/gwsTypes';
import { shortName } from '../model/resourceNames';
import type { CaptureSession } from '../session/captureSession';
import { captureEnd, stateSpans } from '../tracker/stateTimes';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { SessionMarks } from './laneMarks';

/**
 * The lanes of a timeline: one per call, chat and device with a state, grouped by session (in the
 * order the view reads them), each group chats, calls, devices in first-seen order. The list is
 * rebuilt only when a session gains resources or the view changes; a page computes the state spans
 * of its lanes alone, with tracker/stateTimes.ts (the one time-in-state mechanism), so the first
 * page of 10k lanes costs what 100 lanes cost.
 */

/** What the lanes read of one session the view spans; `only` limits it to one resource (a resource scope and its twins). */
export interface LaneSource {
  session: CaptureSession;
  findings(): RowFindingsView | undefined;
  only?: { kind: ResourceKind; id: string };
}

/** The lane kinds, in the order a group lists them. */
const LANE_KINDS: readonly ResourceKind[] = ['chat', 'call', 'device'];

interface Built {
  signature: string;
  trackers: ResourceTracker[];
  /** Per lane: its group and the resource's index in that session's tracker. */
  laneGroup: Uint32Array;
  laneResource: Uint32Array;
  groups: Array<Omit<LaneGroup, 'marks' | 'clock'>>;
}

/** Lane list, marks and pages of one timeline; see the module comment. */
export class LaneBook {
  private built: Built | undefined;
  private key = 0;
  private readonly marks = new Map<CaptureSession, SessionMarks>();

  /** Lanes [start, start + count) over `sources` (one group each), with where `focus` is. */
  async page(sources: readonly LaneSource[], req: LanesRequest): Promise<LanesPage> {
    const built = this.build(sources);
    const marks = await Promise.all(sources.map(async (s) => {
      const m = this.marks.get(s.session) ?? new SessionMarks();
      this.marks.set(s.session, m);
      await m.update(s.session, s.findings());
      return m;
    }));
    for (const session of this.marks.keys()) if (!sources.some((s) => s.session === session)) this.marks.delete(session);
    const total = built.laneGroup.length;
    const start = Math.min(req.start, total);
    const end = Math.min(total, start + req.count);
    const names: string[] = [];
    const nameIds = new Map<string, number>();
    const nameOf = (name: string | undefined): number => {
      if (name === undefined) return -1;
      let id = nameIds.get(name);
      if (id === undefined) nameIds.set(name, (id = names.push(name) - 1));
      return id;
    };
    const lanes: Lane[] = [];
    for (let i = start; i < end; i++) {
      const group = built.laneGroup[i];
      const session = sources[group].session;
      const tracker = session.tracker;
      const r = tracker.rowsAt(built.laneResource[i])!;
      const steps = r.stepRows;
      const spans: number[] = [];
      stateSpans(r, session.now()).forEach((span, k) => {
        const row = steps[2 * k];
        spans.push(span.since, span.durationMs, nameOf(span.state), tracker.columns.seqAt(row), nameOf(tracker.columns.ntypeAt(row) ?? tracker.columns.typeAt(row)));
      });
      lanes.push({ kind: r.kind, id: r.id, label: shortName(r), group, ended: r.ended, spans, marks: marks[group].of(r.key) });
    }
    let from = Infinity;
    let to = -Infinity;
    for (let i = 0; i < total; i++) {
      const tracker = built.trackers[built.laneGroup[i]];
      const r = tracker.resourceAt(built.laneResource[i])!;
      if (r.firstSeen < from) from = r.firstSeen;
    }
    // The extent ends at the last record: a live session's open states run past it, to now.
    for (const s of sources) to = Math.max(to, captureEnd(s.session.tracker));
    if (!Number.isFinite(from)) from = Number.isFinite(to) ? to : 0;
    if (!Number.isFinite(to) || to <= from) to = from + 1000;
    const groups: LaneGroup[] = built.groups.map((g, i) => ({ ...g, clock: sources[i].session.clock, marks: marks[i].sessionWide, ...(sources[i].session.logLocalTimes ? { times: 'log-local' as const } : {}) }));
    const page: LanesPage = { key: this.key, total, start, from, to, groups, names, lanes };
    if (req.focus) page.focus = this.locate(built, sources, req.focus);
    return page;
  }

  /** The lane list over `sources`, rebuilt when a session gained resources or the view changed. */
  private build(sources: readonly LaneSource[]): Built {
    const signature = JSON.stringify(sources.map((s) => [s.session.id, s.only ?? null, s.session.tracker.resourceCount]));
    const b = this.built;
    if (b && b.signature === signature && b.trackers.every((t, i) => t === sources[i].session.tracker)) return b;
    const laneGroup: number[] = [];
    const laneResource: number[] = [];
    const groups: Built['groups'] = [];
    sources.forEach((s, group) => {
      const tracker = s.session.tracker;
      const first = laneGroup.length;
      const add = (kind: ResourceKind, id: string): void => {
        const r = tracker.trail(kind, id);
        if (!r || r.stepRows.length === 0) return;
        laneGroup.push(group);
        laneResource.push(r.index);
      };
      if (s.only) add(s.only.kind, s.only.id);
      else for (const kind of LANE_KINDS) for (const r of tracker.resources(kind)) add(kind, r.id);
      groups.push({ session: { id: s.session.id, label: s.session.label }, first, count: laneGroup.length - first });
    });
    this.key += 1;
    this.built = { signature, trackers: sources.map((s) => s.session.tracker), laneGroup: Uint32Array.from(laneGroup), laneResource: Uint32Array.from(laneResource), groups };
    return this.built;
  }

  private locate(built: Built, sources: readonly LaneSource[], focus: NonNullable<LanesRequest['focus']>): number {
    for (let i = 0; i < built.laneGroup.length; i++) {
      const session = sources[built.laneGroup[i]].session;
      if (focus.session !== undefined && session.id !== focus.session) continue;
      const r = session.tracker.resourceAt(built.laneResource[i]);
      if (r && r.kind === focus.kind && r.id === focus.id) return i;
    }
    return -1;
  }
}
