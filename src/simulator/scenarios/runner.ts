/**
 * Plays one user's scenario: pulls steps lazily, releases each when its script time is due
 * (scaled by speed), in chunks, and holds back while the user's sessions have too much queued.
 */
import type { OutgoingMessage } from '../delivery';
import type { ScriptStep } from './script';

/** At most this many messages are released per event-loop turn. */
export const CHUNK = 500;
/** No more messages are released while a session of the user has this many undelivered. */
export const HIGH_WATER = 5000;

/** What the runner needs from the simulator around it. */
export interface RunnerPort {
  /** Hands messages to the user's sessions, in order. */
  deliver(messages: readonly OutgoingMessage[]): void;
  /** Largest number of messages waiting in one of the user's session queues. */
  pending(): number;
  /** Whether some session of the user subscribes to `channel`. */
  hasSubscriber(channel: string): boolean;
  /** Calls `fn` once when the user's sessions drain, subscribe or close; returns a canceller. */
  onChange(fn: () => void): () => void;
  /** Messages that end the resources left open by the previous iteration. */
  closing(): OutgoingMessage[];
}

/** How to play: `speed` 0 = no waiting; `holdWithoutSubscriber` pauses while nobody listens. */
export interface RunnerOptions {
  speed: number;
  loop: boolean;
  holdWithoutSubscriber: boolean;
}

/** A running scenario for one user. */
export class ScenarioRunner {
  /** Messages released so far, over all iterations. */
  delivered = 0;
  /** True once start() ran. */
  started = false;
  /** True once the last step went out (never with loop). */
  done = false;
  private iteration = 0;
  private steps: Iterator<ScriptStep>;
  private next: ScriptStep | undefined;
  private exhausted = false;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private cancelWait: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly options: RunnerOptions,
    private readonly makeSteps: (iteration: number) => Iterable<ScriptStep>,
    private readonly port: RunnerPort,
  ) {
    this.steps = makeSteps(0)[Symbol.iterator]();
  }

  /** Starts playing now. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.startedAt = performance.now();
    this.pump();
  }

  /** Stops for good and cancels every pending timer. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.cancelWait?.();
  }

  private peek(): ScriptStep | undefined {
    if (this.next === undefined && !this.exhausted) {
      const r = this.steps.next();
      if (r.done) this.exhausted = true;
      else this.next = r.value;
    }
    return this.next;
  }

  private readonly pump = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    this.cancelWait = undefined;
    if (this.stopped || this.done) return;
    const pending = this.port.pending();
    const first = this.peek();
    const starved = first !== undefined && this.options.holdWithoutSubscriber && !this.port.hasSubscriber(first.channel);
    if (pending >= HIGH_WATER || starved) {
      this.cancelWait = this.port.onChange(() => this.schedule(0));
      return;
    }
    const batch: ScriptStep[] = [];
    const room = Math.min(CHUNK, HIGH_WATER - pending);
    const now = performance.now();
    let wait = 0;
    for (let step = this.peek(); step !== undefined && batch.length < room; step = this.peek()) {
      const due = this.options.speed > 0 ? this.startedAt + step.at / this.options.speed : 0;
      if (due > now) {
        wait = due - now;
        break;
      }
      batch.push(step);
      this.next = undefined;
    }
    if (batch.length > 0) {
      this.port.deliver(batch);
      this.delivered += batch.length;
    }
    if (this.peek() === undefined) this.finishIteration();
    else this.schedule(wait);
  };

  private finishIteration(): void {
    if (!this.options.loop) {
      this.done = true;
      return;
    }
    this.iteration++;
    const closing = this.port.closing().map((m): ScriptStep => ({ ...m, at: 0 }));
    const fresh = this.makeSteps(this.iteration);
    this.steps = (function* () {
      yield* closing;
      yield* fresh;
    })();
    this.exhausted = false;
    this.startedAt = performance.now();
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped || this.timer || this.immediate) return;
    if (ms > 0) this.timer = setTimeout(this.pump, Math.ceil(ms));
    else this.immediate = setImmediate(this.pump);
  }
}
