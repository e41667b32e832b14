import { formatDuration, RowFacts, type RuleDefinition } from '../ruleApi';

/**
 * `stuck`: a call Dialing, Ringing or Held, or an open chat with no message about it, for longer
 * than its threshold. Judged when the state ends, and by tick() for the states still open (live:
 * the clock; a capture: its last record's time). Reported once per state entered.
 */

/** What is being timed for one resource. */
interface Timing {
  /** The state timed ('chat' for an open chat's quiet time), and the row that entered it. */
  state: string;
  sinceRow: number;
  since: number;
  threshold: number;
  reported: boolean;
}

export const stuck: RuleDefinition = {
  id: 'stuck',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    const callLimit: Record<string, number> = { Dialing: ctx.setting('dialing'), Ringing: ctx.setting('ringing'), Held: ctx.setting('held') };
    const chatLimit = ctx.setting('chat');
    const open = new Map<number, Timing>();

    const judge = (r: number, t: Timing, now: number, stillOpen: boolean): void => {
      if (t.reported || now - t.since <= t.threshold) return;
      t.reported = true;
      const what = t.state === 'chat' ? 'chat with no message' : `call ${t.state}`;
      const tail = stillOpen ? ` and still ${t.state === 'chat' ? 'open' : t.state}` : '';
      ctx.emit({ resource: r, row: t.sinceRow, message: `${f.nameOf(r)}: ${what} for ${formatDuration(now - t.since)}${tail} (threshold ${formatDuration(t.threshold)})` });
    };

    /** A state's call threshold (callLimit[state]) by state id, null for states not timed: looked up once per state. */
    const limitById: Array<number | null> = [];
    const limitOf = (stateId: number, state: string): number | null => {
      let limit = limitById[stateId];
      if (limit === undefined) limitById[stateId] = limit = callLimit[state] ?? null;
      return limit;
    };

    /** Ends the timing `old` of `r` (if any) at `row` and starts timing `state` ('' for none). */
    const enter = (r: number, old: Timing | undefined, state: string, threshold: number, row: number): void => {
      const at = f.at(row);
      if (old) judge(r, old, at, false);
      if (state === '') open.delete(r);
      else open.set(r, { state, sinceRow: row, since: at, threshold, reported: false });
    };

    return {
      row(row) {
        if (ctx.columns.isLate(row)) return;
        const message = f.isMessage(row);
        for (let j = f.refStart(row), end = f.refEnd(row); j < end; j++) {
          const r = f.refResource(j);
          const kind = f.kindOf(r);
          const stateId = f.refStateId(j);
          if (kind === 'call') {
            const state = f.str(stateId);
            if (state === undefined) continue;
            const t = open.get(r);
            if (t?.state === state) continue;
            const limit = limitOf(stateId, state);
            if (t !== undefined || limit !== null) enter(r, t, limit !== null ? state : '', limit ?? 0, row);
          } else if (kind === 'chat') {
            // Any message about the chat (its transcript, its state) restarts the quiet time.
            if (f.str(stateId) === 'Completed') enter(r, open.get(r), '', 0, row);
            else if (message) enter(r, open.get(r), 'chat', chatLimit, row);
          }
        }
      },
      tick(now) {
        for (const [r, t] of open) {
          if (ctx.tracker.resourceAt(r)?.ended) continue;
          judge(r, t, now, true);
        }
      },
    };
  },
};
