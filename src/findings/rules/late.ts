import { formatCount, formatDuration } from '../../util/wording';
import { deliveryTimesOf, MIN_SAMPLES } from '../../timing/deliveryTimes';
import { RowFacts, type RuleDefinition } from '../ruleApi';

/**
 * `late`: a message whose delivery delay (its deviation from the session's offset between the
 * server's clock and ours, src/timing/deliveryTimes.ts) exceeds the threshold. A message is judged
 * once, against the median of the samples up to it; the first MIN_SAMPLES - 1 wait for the
 * MIN_SAMPLES-th sample and are judged against the median then. So a live judgement never needs
 * taking back as samples grow, and `lint` of the capture finds exactly what was found live. A
 * replay's receive times are the replay's: nothing is judged.
 */
export const late: RuleDefinition = {
  id: 'late',
  create(ctx) {
    const times = deliveryTimesOf(ctx.columns);
    const f = new RowFacts(ctx.columns, ctx.tracker);
    const threshold = ctx.setting('threshold');
    /** The next sample not judged yet. */
    let next = 0;

    const judge = (k: number): void => {
      const delay = times.delayOf(k);
      if (!(delay > threshold)) return;
      const row = times.rowOf(k);
      const r = ctx.columns.primaryAt(row);
      const what = f.str(f.typeId(row)) ?? 'message';
      const about = r >= 0 ? ` about ${f.nameOf(r)}` : '';
      const offset = Math.round(times.offsetFor(k));
      const samples = formatCount(Math.max(k + 1, MIN_SAMPLES));
      ctx.emit({ resource: r, row, message: `${what}${about} delivered ${formatDuration(delay)} later than usual (threshold ${formatDuration(threshold)}; usual = offset ${offset} ms between the server's clock and ours, the median of ${samples} samples)` });
    };

    return {
      row(row) {
        times.advance(row + 1);
        for (; next < times.samples && times.rowOf(next) <= row; next++) {
          if (next === MIN_SAMPLES - 1) for (let k = 0; k <= next; k++) judge(k);
          else if (next >= MIN_SAMPLES) judge(next);
        }
      },
    };
  },
};
