import type { ResourceTracker } from '../tracker/resourceTracker';

/**
 * The identity facts of every call a tracker has seen, read from its ref columns (the index
 * facts classify() extracted), never from payloads. A call keeps its callUuid for life, but its
 * connId can change (T-Server gives a transferred call the main call's connId), so each call
 * keeps every value it has had. Refs are append-only: each tracker's facts are built
 * incrementally, so asking again after a batch reads only the refs added since.
 */

/** The ids one call has carried. */
export interface CallFacts {
  /** Index of the call in its tracker's resource list. */
  resource: number;
  /** Non-empty callUuids, in first-seen order (normally one). */
  callUuids: string[];
  /** Non-empty connIds, in first-seen order. */
  connIds: string[];
}

class TrackerCallFacts {
  private readonly byResource = new Map<number, CallFacts>();
  private readonly isCall: boolean[] = [];
  private nextRef = 0;

  constructor(private readonly tracker: ResourceTracker) {}

  /** Every call with its facts, in first-seen order of their first fact. */
  read(): CallFacts[] {
    const { refs, strings } = this.tracker.columns;
    const end = refs.count;
    const resource = refs.resource.data;
    for (let j = this.nextRef; j < end; j++) {
      const r = resource[j];
      if (!this.callAt(r)) continue;
      const uuid = strings.value(refs.callUuid.get(j, 0));
      const conn = strings.value(refs.connId.get(j, 0));
      if (uuid === undefined && conn === undefined) continue;
      let facts = this.byResource.get(r);
      if (!facts) this.byResource.set(r, (facts = { resource: r, callUuids: [], connIds: [] }));
      // Empty strings never reach the columns (classify drops them); the check keeps that a rule here too.
      if (uuid !== undefined && uuid !== '' && !facts.callUuids.includes(uuid)) facts.callUuids.push(uuid);
      if (conn !== undefined && conn !== '' && !facts.connIds.includes(conn)) facts.connIds.push(conn);
    }
    this.nextRef = end;
    return [...this.byResource.values()].filter((f) => f.callUuids.length > 0 || f.connIds.length > 0);
  }

  private callAt(index: number): boolean {
    let known = this.isCall[index];
    if (known === undefined) known = this.isCall[index] = this.tracker.resourceAt(index)?.kind === 'call';
    return known;
  }
}

const cache = new WeakMap<ResourceTracker, TrackerCallFacts>();

/** The call facts of `tracker`, brought up to date with what it has ingested. */
export function callFactsOf(tracker: ResourceTracker): CallFacts[] {
  let facts = cache.get(tracker);
  if (!facts) cache.set(tracker, (facts = new TrackerCallFacts(tracker)));
  return facts.read();
}
