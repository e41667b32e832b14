import type { ResourceTracker } from '../tracker/resourceTracker';

/**
 * The identity facts of every call a tracker has seen: the callUuids and connIds its records gave
 * (index facts classify() extracted, kept by each call in the tracker), never read from payloads.
 * A call keeps its callUuid for life, but its connId can change (T-Server gives a transferred
 * call the main call's connId), so each call keeps every value it has had.
 */

/** The ids one call has carried. */
export interface CallFacts {
  /** Index of the call in its tracker's resource list. */
  resource: number;
  /** Non-empty callUuids, in first-seen order (normally one). */
  callUuids: readonly string[];
  /** Non-empty connIds, in first-seen order. */
  connIds: readonly string[];
}

/** Every call of `tracker` that carried a callUuid or connId, in first-seen order. */
export function callFactsOf(tracker: ResourceTracker): CallFacts[] {
  const out: CallFacts[] = [];
  for (const call of tracker.resources('call')) {
    // Empty strings never reach the tracker (classify drops them); the filter keeps that a rule here too.
    const callUuids = call.callUuids.filter((u) => u !== '');
    const connIds = call.connIds.filter((c) => c !== '');
    if (callUuids.length > 0 || connIds.length > 0) out.push({ resource: tracker.trail('call', call.id)?.index ?? -1, callUuids, connIds });
  }
  return out;
}

