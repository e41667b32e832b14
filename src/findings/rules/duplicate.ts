import { PerResource, RowFacts, type RuleDefinition } from '../ruleApi';

/**
 * `duplicate`: a message identical to the previous message about the same resource: same
 * messageType, notificationType and referenceId, and the same state hash (model/stateHash.ts leaves
 * out `metrics`, `duration` and the order of capabilities). A message naming several resources (a
 * device list) counts only when it repeats for every one of them. Messages without a state
 * (MessageLogUpdated) are `transcript-gap`'s.
 */
export const duplicate: RuleDefinition = {
  id: 'duplicate',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    const c = ctx.columns;
    /** Per resource index: the last message row about it with a state hash, and that hash. */
    const lastRow = new PerResource(-1);
    const lastHash = new PerResource(0);
    const same = (a: number, b: number): boolean =>
      f.typeId(a) === f.typeId(b) && f.ntypeId(a) === f.ntypeId(b) && Object.is(c.refNum.data[a], c.refNum.data[b]) && c.view(a).referenceId === c.view(b).referenceId;
    return {
      row(row) {
        if (!f.isMessage(row) || c.isMalformed(row)) return;
        const start = f.refStart(row);
        const end = f.refEnd(row);
        let repeats = end > start;
        let previous = -1;
        for (let j = start; j < end; j++) {
          const r = f.refResource(j);
          const hash = f.refHash(j);
          const before = lastRow.get(r);
          if (hash === 0 || before < 0 || lastHash.get(r) !== hash || (previous >= 0 && before !== previous)) repeats = false;
          previous = before;
          if (hash === 0) continue;
          lastRow.set(r, row);
          lastHash.set(r, hash);
        }
        // The cheap columns first; the string referenceId (rare) only when all else repeats.
        if (!repeats || !same(previous, row)) return;
        const r = f.refResource(start);
        ctx.emit({ resource: r, row, rows: [previous], message: `the same ${f.str(f.typeId(row)) ?? 'message'} as seq ${c.seqAt(previous)} about ${f.nameOf(r)}: nothing but volatile fields changed` });
      },
    };
  },
};
