/**
 * Runs work at most once per interval, however often it is asked for: the first ask after a quiet
 * interval runs at once (on a timer, never inside the caller), later ones wait for the interval to end.
 */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(private readonly intervalMs: number, private readonly run: () => unknown) {}

  /** Asks for one run; asks while one is pending join it. */
  schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = Date.now();
      this.run();
    }, wait);
  }

  /** Drops a pending run. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
