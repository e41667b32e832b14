import { isObject } from '../../util/jsonObject';
import { formatDuration, type RuleDefinition } from '../ruleApi';

/** `gap`: an outage, with its window and reason (read from the gap record: gaps are rare). */
export const gap: RuleDefinition = {
  id: 'gap',
  create(ctx) {
    const c = ctx.columns;
    return {
      row(row) {
        if (c.recAt(row) !== 'gap') return;
        const from = c.atAt(row);
        const until = c.view(row).until ?? from;
        const window = `${new Date(from).toISOString()} to ${new Date(until).toISOString()} (${formatDuration(Math.max(0, until - from))})`;
        ctx.read([row], ([record]) => {
          const reason = record?.kind === 'gap' && isObject(record) && typeof record.reason === 'string' ? `: ${record.reason}` : '';
          ctx.emit({ resource: -1, row, message: `notifications may be missing from ${window}${reason}` });
        });
      },
    };
  },
};
