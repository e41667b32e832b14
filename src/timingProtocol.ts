/**
 * The timeline protocol's timing types (issue 17): a row's delivery timing and a resource's time
 * in state. Part of the one protocol (src/timelineProtocol.ts uses them); imports neither `vscode`
 * nor the DOM.
 */

/**
 * Whose clock a capture's receive times are: the recorder's (`capture`), a log's local time
 * (`log-local`, HAR and WWE imports: the offset includes the log's time zone) or a replay's
 * (`replay`: no offset, no delay).
 */
export type DeliveryClock = 'capture' | 'log-local' | 'replay';

/** GWS's own timing of one message (metrics.eventProcessing), as src/timing/deliveryTimes.ts reads it. */
export interface RowTiming {
  /** Deviation from the offset: positive is later than usual. Absent until 20 samples, and for a replay. */
  delayMs?: number;
  /** The offset judged against (received − serverGenerationTimestamp, the median of `samples` samples). */
  offsetMs?: number;
  samples?: number;
  /** serverProcessingTimeTotalMs; -1 is a failure on the server. */
  processingMs?: number;
  clock: DeliveryClock;
}

/** A list row's timing, when its message carries metrics. */
export interface RowTimingField {
  timing?: RowTiming;
}

/** A resource's total time per state (tracker/stateTimes.ts timeInState): repeated visits add up. */
export interface ResourceTimeInState {
  /** In first-visit order; `open`: the state it is in at "now" (a lower bound). An ended resource's final state is left out. */
  timeInState?: Array<{ state: string; ms: number; open: boolean }>;
}
