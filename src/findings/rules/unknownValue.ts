import { RowFacts, type RuleDefinition } from '../ruleApi';
import { MESSAGE_TYPES, STATES } from '../vocabulary';

/**
 * `unknown-value`: a messageType, notificationType or state outside the documented vocabulary
 * (../vocabulary.ts). Informational: real servers send some. Reported at the first record that
 * carries each distinct value, so a capture full of one value gives one finding.
 */
export const unknownValue: RuleDefinition = {
  id: 'unknown-value',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    const seen = new Set<string>();
    /** Values already judged known, as numbers (no string built per row): most rows stop at one Set lookup each. */
    const known = new Set<number>();
    /** The last messageType/notificationType pair found known (NaN: none). */
    let lastPair = NaN;
    const KINDS = ['call', 'chat', 'device'];
    const report = (key: string, row: number, resource: number, text: string): void => {
      if (seen.has(key)) return;
      seen.add(key);
      ctx.emit({ resource, row, message: text });
    };
    return {
      row(row) {
        if (!f.isMessage(row)) return;
        const typeId = f.typeId(row);
        const ntypeId = f.ntypeId(row);
        // -1 - …: never equal to a state key below, which is ≥ 0.
        const pair = -1 - (typeId * 4294967296 + ntypeId);
        // A run of one known type skips the Set (a double key is boxed and hashed on every lookup).
        if (typeId !== 0 && pair !== lastPair) {
          if (known.has(pair)) lastPair = pair;
          else {
            const type = f.str(typeId)!;
            const ntypes = MESSAGE_TYPES.get(type);
            const ntype = f.str(ntypeId);
            if (!ntypes) report(`type:${type}`, row, -1, `messageType "${type}" is not in the GWS reference pages`);
            else if (ntype !== undefined && !ntypes.has(ntype)) report(`ntype:${type}:${ntype}`, row, -1, `notificationType "${ntype}" is not one the GWS reference pages list for ${type}`);
            else known.add((lastPair = pair));
          }
        }
        for (let j = f.refStart(row), end = f.refEnd(row); j < end; j++) {
          const stateId = f.refStateId(j);
          if (stateId === 0) continue;
          const r = f.refResource(j);
          const kind = f.kindOf(r);
          const code = KINDS.indexOf(kind as string);
          const key = stateId * 4 + code;
          if (code < 0 || known.has(key)) continue;
          const state = f.str(stateId)!;
          if (STATES[kind as 'call' | 'chat' | 'device'].has(state)) known.add(key);
          else report(`state:${kind}:${state}`, row, r, `${kind === 'device' ? 'device userState.state' : `${kind} state`} "${state}" is not in the GWS reference pages (${f.nameOf(r)})`);
        }
      },
    };
  },
};
