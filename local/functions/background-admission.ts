/**
 * Foreground first: when background invocations (workflow steps, event targets) may start, given
 * how busy the foreground (API routes, with a caller waiting for the answer) is.
 *
 * On AWS every sandbox has its own CPU, so the steps of a thousand running orders do not slow the
 * API. On one machine they share two cores and DynamoDB Local with it. The steps' threads already
 * run in the idle scheduling class (FunctionPriority), so they get a core only when no route, engine
 * or database thread wants it; but the DynamoDB and engine requests they send are served at normal
 * priority, and a step runs in every gap the routes leave while they wait for those same servers.
 * Under a sustained burst of API calls (every accepted order starting a lifecycle that costs a
 * hundred times the call), that induced work takes the servers from the callers. So while the
 * foreground is busy this gate lets background invocations start only one at a time (`busyLimit`)
 * and only for a share of the time (`busyShare`): background work goes on, slowly, and takes its full
 * speed back when the burst is over. Invocations that wait are admitted in arrival order, before
 * their sandbox starts the Lambda timeout, as a queued asynchronous Lambda invocation is.
 *
 * "Busy" is measured, not guessed: `busyThreshold` or more foreground invocations in flight without
 * a break for `onsetMs` (a burst of supplier webhooks does not count; a load of callers does), and
 * for `settleMs` after that ended, so that a closed loop of callers, whose requests in flight dip
 * for a moment between answers, does not let a burst of steps in each time.
 */

export interface BackgroundAdmissionOptions {
  /** Background invocations allowed at once while the foreground is busy (at least 1). */
  readonly busyLimit: number;
  /**
   * While the foreground is busy, the share of the time (0 < share <= 1) background invocations may
   * run: after one that ran `d` ms, the next starts `d * (1 / busyShare - 1)` ms later at the soonest.
   */
  readonly busyShare: number;
  /** Background invocations allowed at once while it is not (Infinity: no limit). */
  readonly idleLimit: number;
  /** Foreground invocations in flight at once that count towards busy. */
  readonly busyThreshold: number;
  /** How long they must stay at or over the threshold before the foreground counts as busy. */
  readonly onsetMs: number;
  /** How long the foreground stays busy after it fell below the threshold. */
  readonly settleMs: number;
}

/** The defaults `npm start` runs with (measured: docs/decisions/0005-local-throughput.md). */
export const DEFAULT_BACKGROUND_ADMISSION: BackgroundAdmissionOptions = {
  busyLimit: 1,
  busyShare: 0.2,
  idleLimit: 128,
  busyThreshold: 24,
  onsetMs: 500,
  settleMs: 1_000,
};

/** Counters for benchmarks and tests: what the gate did. */
export interface BackgroundAdmissionStats {
  readonly foregroundInFlight: number;
  readonly backgroundRunning: number;
  readonly backgroundWaiting: number;
  /** Background invocations that had to wait, and for how long in all. */
  readonly delayed: number;
  readonly delayedMsTotal: number;
  readonly busy: boolean;
}

export class BackgroundAdmission {
  private foreground = 0;
  private running = 0;
  private readonly waiting: { readonly admit: () => void; readonly since: number }[] = [];
  /** Since when the foreground has been at or over the threshold without a break (undefined: it is not). */
  private overSince: number | undefined;
  /** The end of the settling after a busy period. */
  private settlesAt = 0;
  /** While busy, no background invocation starts before this (the pause `busyShare` asks for). */
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private delayed = 0;
  private delayedMsTotal = 0;

  public constructor(
    private readonly options: BackgroundAdmissionOptions,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    if (!(options.busyLimit >= 1)) throw new RangeError(`busyLimit must be at least 1 (background work must go on); received ${options.busyLimit}`);
    if (!(options.busyShare > 0 && options.busyShare <= 1)) throw new RangeError(`busyShare must be above 0 and at most 1; received ${options.busyShare}`);
    if (!(options.idleLimit >= options.busyLimit)) throw new RangeError(`idleLimit must be at least busyLimit; received ${options.idleLimit}`);
    if (!(options.busyThreshold >= 1)) throw new RangeError(`busyThreshold must be at least 1; received ${options.busyThreshold}`);
    if (!(options.onsetMs >= 0 && options.settleMs >= 0)) throw new RangeError(`onsetMs and settleMs must not be negative; received ${options.onsetMs} and ${options.settleMs}`);
  }

  /** Runs a foreground invocation: never held back, only counted. */
  public async foregroundRun<T>(run: () => Promise<T>): Promise<T> {
    this.foreground += 1;
    if (this.foreground >= this.options.busyThreshold && this.overSince === undefined) this.overSince = this.nowMs();
    try {
      return await run();
    } finally {
      this.foreground -= 1;
      if (this.foreground < this.options.busyThreshold && this.overSince !== undefined) {
        const now = this.nowMs();
        if (now - this.overSince >= this.options.onsetMs) {
          this.settlesAt = now + this.options.settleMs;
          this.drain();
        }
        this.overSince = undefined;
      }
    }
  }

  /** Runs a background invocation once the gate admits it. */
  public async backgroundRun<T>(run: () => Promise<T>): Promise<T> {
    if (this.waiting.length > 0 || !this.mayStart()) {
      const since = this.nowMs();
      await new Promise<void>((admit) => this.waiting.push({ admit, since }));
    } else {
      this.running += 1;
    }
    const started = this.nowMs();
    try {
      return await run();
    } finally {
      this.running -= 1;
      const finished = this.nowMs();
      if (this.isBusy() && this.options.busyShare < 1) {
        this.pausedUntil = Math.max(this.pausedUntil, finished + (finished - started) * (1 / this.options.busyShare - 1));
      }
      this.drain();
    }
  }

  public stats(): BackgroundAdmissionStats {
    return {
      foregroundInFlight: this.foreground,
      backgroundRunning: this.running,
      backgroundWaiting: this.waiting.length,
      delayed: this.delayed,
      delayedMsTotal: this.delayedMsTotal,
      busy: this.isBusy(),
    };
  }

  /** Stops the gate's timer (the host is closing). */
  public close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private isBusy(): boolean {
    const now = this.nowMs();
    return (this.overSince !== undefined && now - this.overSince >= this.options.onsetMs) || now < this.settlesAt;
  }

  private mayStart(): boolean {
    if (!this.isBusy()) return this.running < this.options.idleLimit;
    return this.running < this.options.busyLimit && this.nowMs() >= this.pausedUntil;
  }

  /** Admits waiting invocations, oldest first, while the gate allows; comes back when a pause ends. */
  private drain(): void {
    while (this.waiting.length > 0 && this.mayStart()) {
      const next = this.waiting.shift()!;
      this.running += 1;
      this.delayed += 1;
      this.delayedMsTotal += this.nowMs() - next.since;
      next.admit();
    }
    if (this.waiting.length === 0) return;
    // What waits may start when a pause ends or the busy period settles: look again then.
    const now = this.nowMs();
    const moments = [this.pausedUntil, this.settlesAt].filter((at) => at > now);
    if (moments.length > 0) this.wakeAt(Math.min(...moments));
  }

  /** Looks at the gate again at `at`, or sooner if already asked to (that look schedules the next). */
  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.drain();
    }, Math.max(0, Math.ceil(at - this.nowMs())) + 1);
    this.timer.unref();
  }

  private timerAt = Number.POSITIVE_INFINITY;
}
