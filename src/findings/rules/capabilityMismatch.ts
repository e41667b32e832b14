import { isObject, own } from '../../util/jsonObject';
import { resourceState } from '../../diff/stateDiff';
import { PerResource, RowFacts, type RuleDefinition } from '../ruleApi';
import { capabilityNames } from '../../model/indexFacts';

/**
 * `capability-mismatch`: call capabilities that contradict the call's state. Held without
 * `Retrieve` or with `Hold`; Established with `Answer`; Ringing without `Answer` on an inbound call
 * (the one case that reads the payload, for `callType`). Calls that list no capabilities are not
 * judged. Reported once each time a call starts contradicting itself.
 */

/** The contradiction in a state and capability set, or undefined. */
export function contradiction(state: string, caps: ReadonlySet<string>): string | undefined {
  if (state === 'Held') {
    if (!caps.has('Retrieve')) return caps.has('Hold') ? 'Held, yet it offers Hold and not Retrieve' : 'Held, yet it does not offer Retrieve';
    if (caps.has('Hold')) return 'Held, yet it still offers Hold';
  }
  if (state === 'Established' && caps.has('Answer')) return 'Established, yet it still offers Answer';
  if (state === 'Ringing' && !caps.has('Answer')) return 'Ringing, yet it does not offer Answer';
  return undefined;
}

function namesOf(canon: string): Set<string> {
  return new Set(capabilityNames(canon));
}

export const capabilityMismatch: RuleDefinition = {
  id: 'capability-mismatch',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    /** Per capability-set id: its names, and by state id the contradiction with them (null: none), judged once each. */
    const sets = new Map<number, { names: Set<string>; verdicts: Array<string | null> }>();
    /** Per call: the state and capability-set ids last judged, so a run of equal messages is judged once. */
    const judged = new PerResource(-1);
    return {
      row(row) {
        if (ctx.columns.isLate(row)) return;
        for (let j = f.refStart(row), end = f.refEnd(row); j < end; j++) {
          const r = f.refResource(j);
          const stateId = f.refStateId(j);
          const capsId = f.refCapsId(j);
          if (stateId === 0 || capsId === 0 || f.kindOf(r) !== 'call') continue;
          const key = stateId * 4294967296 + capsId;
          if (judged.get(r) === key) continue;
          judged.set(r, key);
          let set = sets.get(capsId);
          if (!set) sets.set(capsId, (set = { names: namesOf(f.str(capsId) ?? ''), verdicts: [] }));
          const caps = set.names;
          const state = f.str(stateId)!;
          let problem = set.verdicts[stateId];
          if (problem === undefined) set.verdicts[stateId] = problem = contradiction(state, caps) ?? null;
          if (problem === null) continue;
          const message = `${f.nameOf(r)} is ${problem} (capabilities: ${[...caps].join(', ')})`;
          if (state !== 'Ringing') {
            ctx.emit({ resource: r, row, message });
            continue;
          }
          const id = ctx.tracker.resourceAt(r)?.id ?? '';
          ctx.read([row], ([record]) => {
            const call = record?.kind === 'message' ? resourceState('call', id, record.data) : undefined;
            if (isObject(call) && own(call, 'callType') === 'Inbound') ctx.emit({ resource: r, row, message: `${message}, on an inbound call` });
          });
        }
      },
    };
  },
};
