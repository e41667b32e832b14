import type { RuleDefinition } from '../ruleApi';

/**
 * `transcript-gap`: a MessageLogUpdated whose first transcript `index` does not follow the last
 * one seen for that chat. The first update seen for a chat sets the baseline, and a gap record
 * resets every baseline: a skip across an outage is the `gap` rule's to report.
 */
export const transcriptGap: RuleDefinition = {
  id: 'transcript-gap',
  create(ctx) {
    const c = ctx.columns;
    let last = new Map<number, number>();
    /** Per chat: the row that set its last index. */
    let lastRow = new Map<number, number>();
    return {
      row(row) {
        if (c.recAt(row) === 'gap') {
          last = new Map();
          lastRow = new Map();
          return;
        }
        const first = c.transcriptFirst.get(row, NaN);
        if (Number.isNaN(first)) return;
        const lastIndex = c.transcriptLast.get(row, NaN);
        const chat = c.primaryAt(row);
        const before = last.get(chat);
        const beforeRow = lastRow.get(chat);
        if (before === undefined || lastIndex > before) {
          last.set(chat, lastIndex);
          lastRow.set(chat, row);
        }
        if (before === undefined || first === before + 1) return;
        const r = ctx.tracker.resourceAt(chat);
        const name = r ? `chat ${r.id}` : 'a chat';
        const message = first > before + 1
          ? `${name}: transcript index skips from ${before} to ${first}; ${first - before - 1 === 1 ? `message ${before + 1} was` : `messages ${before + 1}–${first - 1} were`} lost`
          : `${name}: transcript index ${first} repeats (the last one seen was ${before})`;
        ctx.emit({ resource: chat, row, rows: beforeRow === undefined ? [] : [beforeRow], message });
      },
    };
  },
};
