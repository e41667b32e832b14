import { classifySnapshot } from '../../model/classify';
import { stateFromRecord } from '../../diff/stateDiff';
import { PerResource, RowFacts, type RuleDefinition } from '../ruleApi';
import { stateDifferences } from './stateCompare';

/**
 * `drift`: after a gap, the REST snapshot disagrees with the last notified state, so notifications
 * were lost. State hashes (index facts) clear every resource whose state is unchanged without a
 * read; only the snapshot and the last notified record of each resource whose hash differs are
 * read, and compared field by field (./stateCompare.ts). A resource live before the gap that a
 * snapshot covering its kind omits is drift too. Resources first seen in the snapshot are not
 * judged: nothing was known of them.
 */
export const drift: RuleDefinition = {
  id: 'drift',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    const c = ctx.columns;
    /** Per live resource (call, chat, device; not ended): the last row with its state, and its hash. */
    const lastRow = new PerResource(-1);
    const lastHash = new PerResource(0);
    const forget = (r: number): void => {
      lastRow.set(r, -1);
      lastHash.set(r, 0);
    };
    /** The row of the last gap not yet followed by a snapshot, or -1. */
    let gapRow = -1;

    const note = (r: number, row: number, j: number): void => {
      const state = f.str(f.refStateId(j));
      if (state === 'Released' || state === 'Completed') {
        forget(r);
      } else {
        lastRow.set(r, row);
        lastHash.set(r, f.refHash(j));
      }
    };

    /** Judges snapshot row `snap` (only when it follows a gap) and forgets what it shows is gone. */
    const check = (snap: number, afterGap: boolean): void => {
      const listed = new Set<number>();
      const differing: Array<{ r: number; row: number }> = [];
      for (let j = f.refStart(snap), end = f.refEnd(snap); j < end; j++) {
        const r = f.refResource(j);
        listed.add(r);
        const before = lastRow.get(r);
        if (afterGap && before >= 0 && before < gapRow && lastHash.get(r) !== f.refHash(j)) differing.push({ r, row: before });
      }
      const unlisted: Array<[number, number]> = [];
      for (let r = 0; r < lastRow.size; r++) if (lastRow.get(r) >= 0 && !listed.has(r)) unlisted.push([r, lastRow.get(r)]);
      const judgedBefore = gapRow;
      ctx.read([snap, ...differing.map((d) => d.row)], ([snapshot, ...notified]) => {
        if (snapshot?.kind !== 'snapshot') return;
        differing.forEach(({ r, row }, k) => {
          const res = ctx.tracker.resourceAt(r);
          const record = notified[k];
          if (!res || !record) return;
          const diff = stateDifferences(res.kind, stateFromRecord(res.kind, res.id, record), stateFromRecord(res.kind, res.id, snapshot));
          if (diff.length > 0) ctx.emit({ resource: r, row: snap, rows: [row], message: `${f.nameOf(r)} after the gap differs from its last notification (seq ${c.seqAt(row)}): ${diff.join('; ')}` });
        });
        const covers = new Set<string>(classifySnapshot(snapshot).covers);
        for (const [r, row] of unlisted) {
          const res = ctx.tracker.resourceAt(r);
          // Skipped when a message has named it since (or an earlier snapshot already found it gone).
          if (!res || !covers.has(res.kind) || lastRow.get(r) !== row) continue;
          forget(r);
          // A resource notified after the reconnect may have changed while the snapshot was fetched: not judged.
          if (!afterGap || row > judgedBefore) continue;
          const state = f.str(stateOf(row, r)) ?? 'live';
          ctx.emit({ resource: r, row: snap, rows: [row], message: `${f.nameOf(r)} was ${state} before the gap (seq ${c.seqAt(row)}) and the snapshot after it does not list it: its end was never notified` });
        }
      });
    };

    const stateOf = (row: number, r: number): number => {
      for (let j = f.refStart(row), end = f.refEnd(row); j < end; j++) if (f.refResource(j) === r) return f.refStateId(j);
      return 0;
    };

    return {
      row(row) {
        const rec = c.recAt(row);
        if (rec === 'gap') gapRow = row;
        if (rec === 'snapshot') {
          check(row, gapRow >= 0);
          gapRow = -1;
        }
        if ((rec !== 'message' && rec !== 'snapshot') || c.isLate(row)) return;
        for (let j = f.refStart(row), end = f.refEnd(row); j < end; j++) {
          const r = f.refResource(j);
          const kind = f.kindOf(r);
          if (f.refHash(j) !== 0 && (kind === 'call' || kind === 'chat' || kind === 'device')) note(r, row, j);
        }
      },
    };
  },
};
