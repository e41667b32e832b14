/**
 * GWS 8.5's `metrics.eventProcessing` on every notification the simulator sends, as real servers
 * add it: `serverGenerationTimestamp` on the server's clock (here SERVER_CLOCK_SKEW_MS behind the
 * machine's, so the offset the debugger measures is visibly not zero), the server's processing
 * time, and a `serverProcessingTimeTotalMs` of -1 on every ErrorMessage and now and then on any
 * other message, as live GWS traffic shows. Seeded: the same seed gives the same figures.
 */
import { isObject } from '../util/jsonObject';
import type { OutgoingMessage } from './delivery';
import { createRng, type Rng } from './rng';

/** How far the simulated server's clock runs behind the machine's. */
export const SERVER_CLOCK_SKEW_MS = -1250;
/** One message in this many, on average, reports a processing time of -1. */
const FAILURE_ONE_IN = 40;

/** Stamps the notifications of one user's scenario run. */
export class ServerMetrics {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed ^ 0x5eed);
  }

  /**
   * `message` with its metrics, generated `now` on the server (minus `lateByMs`: a message the
   * server made that long before it could go out). Messages that already carry `metrics` (a
   * replay's) or are no notification object are left as they are.
   */
  stamp(message: OutgoingMessage, now = Date.now()): OutgoingMessage {
    const data = message.data;
    if (message.omitData || !isObject(data) || typeof data.messageType !== 'string' || 'metrics' in data) return message;
    const processing = this.rng.int(1, 12);
    // Live traffic showed -1 on an ErrorMessage: every one here, so the demo shows a failure.
    const failed = this.rng.int(1, FAILURE_ONE_IN) === 1 || data.messageType === 'ErrorMessage';
    const eventProcessing = {
      nodeProcessingTimeNanos: processing * 1_000_000 - this.rng.int(0, 900_000),
      serverGenerationTimestamp: Math.round(now + SERVER_CLOCK_SKEW_MS - (message.lateByMs ?? 0)),
      serverProcessingTimeTotalMs: failed ? -1 : processing,
    };
    const { lateByMs: _late, ...rest } = message;
    return { ...rest, data: { ...data, metrics: { eventProcessing } } };
  }
}
