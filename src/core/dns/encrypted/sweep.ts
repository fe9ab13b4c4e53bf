/** How often outstanding queries are checked against their deadlines. */
const SWEEP_MS = 20;
/** The sweep stops after this long with nothing outstanding (and starts again with the next query). */
const IDLE_STOP_MS = 2000;

/**
 * One interval timer per connection that expires overdue queries, instead of a timer per query (arming and clearing
 * a timer per query costs a loopback query ~10 µs). Unreferenced: the connection's socket keeps the process alive.
 */
export class DeadlineSweep {
  private timer: NodeJS.Timeout | undefined;
  private lastBusy = 0;

  constructor(
    private readonly expireOverdue: (now: number) => void,
    private readonly outstanding: () => number,
  ) {}

  /** Makes sure the sweep runs (call after sending). */
  arm(): void {
    this.lastBusy = performance.now();
    if (this.timer) return;
    this.timer = setInterval(() => {
      const now = performance.now();
      if (this.outstanding() > 0) {
        this.lastBusy = now;
        this.expireOverdue(now);
      } else if (now - this.lastBusy > IDLE_STOP_MS) {
        this.stop();
      }
    }, SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
