import type { RuleDefinition } from '../ruleApi';

/** `malformed`: a message classify() flagged, or a line that could not be read, with the reason. */
export const malformed: RuleDefinition = {
  id: 'malformed',
  create(ctx) {
    const c = ctx.columns;
    return {
      row(row) {
        if (!c.isMalformed(row)) return;
        const view = c.view(row);
        const r = ctx.tracker.resourceAt(view.resource);
        const what = view.rec === 'bad-line' ? 'unreadable line' : 'malformed message';
        ctx.emit({ resource: r && r.kind !== 'other' ? view.resource : -1, row, message: `${what}: ${view.malformed ?? 'no reason given'}` });
      },
    };
  },
};
