import { PerResource, RowFacts, type RuleDefinition } from '../ruleApi';

/**
 * `after-end`: a message about a call or chat after it ended. The tracker keeps Released and
 * Completed final and flags the late message (RecordColumns.isLate); this rule reports it, with the
 * record that ended the resource.
 */
export const afterEnd: RuleDefinition = {
  id: 'after-end',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    /** Per resource index: the row that ended it. */
    const endedAt = new PerResource(-1);
    return {
      row(row) {
        if (!ctx.columns.isLate(row)) {
          for (let j = f.refStart(row), end = f.refEnd(row); j < end; j++) {
            const r = f.refResource(j);
            const state = f.str(f.refStateId(j));
            if (endedAt.get(r) < 0 && (state === 'Released' || state === 'Completed') && (f.kindOf(r) === 'call' || f.kindOf(r) === 'chat')) endedAt.set(r, row);
          }
          return;
        }
        const r = ctx.columns.primaryAt(row);
        const endRow = endedAt.get(r);
        const end = endRow < 0 ? undefined : endRow;
        const what = [f.str(f.typeId(row)), f.str(f.ntypeId(row))].filter(Boolean).join(' ') || 'message';
        const ended = ctx.tracker.resourceAt(r)?.endReason ?? 'ended';
        const when = end === undefined ? '' : ` at seq ${ctx.columns.seqAt(end)}`;
        ctx.emit({ resource: r, row, rows: end === undefined ? [] : [end], message: `${what} about ${f.nameOf(r)} after it ended (${ended}${when}); the resource stays ${ended}` });
      },
    };
  },
};
