import { formatDuration } from '../util/wording';
import type { ResourceTracker } from './resourceTracker';
import type { ResourceView } from './trackedResource';

/**
 * Time in state, the one mechanism behind the tree's tooltip, the Resource tab and the Markdown
 * report. A state lasts until the next one; the last state of an ended resource lasts until its
 * last record; the last state of an open resource lasts until "now", which is the wall clock for a
 * live capture and the capture's last record for a file: a 0.6 s capture opened half an hour later
 * still shows Ringing for at most 0.6 s.
 */

/** One step of the state path with how long it lasted. */
export interface StateSpan {
  state: string;
  since: number;
  durationMs: number;
  /** The resource is still in this state at "now" (its duration is a lower bound). */
  open: boolean;
  /** The state the resource ended in: it has no meaningful duration. */
  final: boolean;
}

/** Whose "now" an open state runs to: the wall clock (live) or the capture's last record (file, export). */
export type StateClock = 'live' | 'capture';

/** Epoch ms of the tracker's latest record (0 when empty): a capture's "now". */
export function captureEnd(tracker: Pick<ResourceTracker, 'columns'>): number {
  return tracker.columns.latestAt;
}

/** The state path of `r` with durations, "now" being `now` for an open last state. */
export function stateSpans(r: Pick<ResourceView, 'states' | 'ended' | 'lastSeen'>, now: number): StateSpan[] {
  const steps = r.states;
  return steps.map((step, i) => {
    const next = steps[i + 1];
    if (next) return { state: step.state, since: step.since, durationMs: Math.max(0, next.since - step.since), open: false, final: false };
    if (r.ended) return { state: step.state, since: step.since, durationMs: Math.max(0, r.lastSeen - step.since), open: false, final: true };
    return { state: step.state, since: step.since, durationMs: Math.max(0, Math.max(now, r.lastSeen) - step.since), open: true, final: false };
  });
}

/** How a span's time reads: `4.2 s`, `final`, `12.0 s so far` (live) or `600 ms (open at capture end)`. */
export function spanText(span: StateSpan, clock: StateClock): string {
  if (span.final) return 'final';
  const time = formatDuration(span.durationMs);
  if (!span.open) return time;
  return clock === 'live' ? `${time} so far` : `${time} (open at capture end)`;
}

/**
 * Time in each state: repeated visits add up, the open state counts until "now", an ended
 * resource's final state is left out (it has no duration). Keys in first-visit order.
 */
export function timeInState(spans: readonly StateSpan[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const span of spans) {
    if (span.final) continue;
    const before = Object.hasOwn(out, span.state) ? out[span.state] : 0;
    // defineProperty: a state is payload text, and may be `__proto__`.
    Object.defineProperty(out, span.state, { value: before + span.durationMs, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `Ringing 4.2 s · Established 1 min 02 s (so far)`: the totals of timeInState, the open state marked. */
export function timeInStateText(spans: readonly StateSpan[], clock: StateClock): string {
  const open = spans.find((s) => s.open)?.state;
  const tail = clock === 'live' ? ' (so far)' : ' (open at capture end)';
  return Object.entries(timeInState(spans))
    .map(([state, ms]) => `${state} ${formatDuration(ms)}${state === open ? tail : ''}`)
    .join(' · ');
}
