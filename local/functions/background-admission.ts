/**
 * Foreground first: how many background invocations (workflow steps, event targets) may run at once,
 * given how busy the foreground (API routes, with a caller waiting for the answer) is.
 *
 * On AWS every sandbox has its own CPU, so the steps of a thousand running orders do not slow the
 * API. On one machine they share two cores and DynamoDB Local's single writer with it: left alone,
 * the lifecycles of orders accepted a few seconds earlier take nearly all of both, and POST /orders
 * waits seconds for its share. Lowering the steps' thread priority (FunctionPriority) does not reach
 * the work they cause elsewhere (DynamoDB Local, the engine), so this gate also bounds how many of
 * them run: while the foreground is busy, a small number (`busyLimit`, at least 1, so background
 * work never stops); otherwise up to `idleLimit`. Invocations over the limit wait in arrival order,
 * before their sandbox starts the Lambda timeout, as a queued asynchronous Lambda invocation does.
 *
 * "Busy" is measured, not guessed: `busyThreshold` or more foreground invocations in flight at once,
 * and for `settleMs` after the last moment that was so, so that a closed loop of callers, whose
 * requests in flight dip for a moment between answers, does not let a burst of steps in each time.
 */

export interface BackgroundAdmissionOptions {
  /** Background invocations allowed at once while the foreground is busy (at least 1). */
  readonly busyLimit: number;
  /** Background invocations allowed at once while it is not (Infinity: no limit). */
  readonly idleLimit: number;
  /** Foreground invocations in flight at once that make it busy. */
  readonly busyThreshold: number;
  /** How long the foreground stays busy after it last was. */
  readonly settleMs: number;
}

/** The defaults `npm start` runs with (measured: docs/decisions/0005-local-throughput.md). */
export const DEFAULT_BACKGROUND_ADMISSION: BackgroundAdmissionOptions = {
  busyLimit: 2,
  idleLimit: Number.POSITIVE_INFINITY,
  busyThreshold: 8,
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
  private busyUntil = 0;
  private reopenTimer: NodeJS.Timeout | undefined;
  private delayed = 0;
  private delayedMsTotal = 0;

  public constructor(
    private readonly options: BackgroundAdmissionOptions,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    if (!(options.busyLimit >= 1)) throw new RangeError(`busyLimit must be at least 1 (background work must go on); received ${options.busyLimit}`);
    if (!(options.idleLimit >= options.busyLimit)) throw new RangeError(`idleLimit must be at least busyLimit; received ${options.idleLimit}`);
    if (!(options.busyThreshold >= 1)) throw new RangeError(`busyThreshold must be at least 1; received ${options.busyThreshold}`);
  }

  /** Runs a foreground invocation: never held back, only counted. */
  public async foregroundRun<T>(run: () => Promise<T>): Promise<T> {
    this.foreground += 1;
    if (this.foreground >= this.options.busyThreshold) this.busyUntil = Number.POSITIVE_INFINITY;
    try {
      return await run();
    } finally {
      this.foreground -= 1;
      if (this.foreground < this.options.busyThreshold && this.busyUntil === Number.POSITIVE_INFINITY) {
        this.busyUntil = this.nowMs() + this.options.settleMs;
        this.scheduleReopen();
      }
    }
  }

  /** Runs a background invocation once the gate admits it. */
  public async backgroundRun<T>(run: () => Promise<T>): Promise<T> {
    if (this.waiting.length > 0 || this.running >= this.limit()) {
      const since = this.nowMs();
      await new Promise<void>((admit) => this.waiting.push({ admit, since }));
    } else {
      this.running += 1;
    }
    try {
      return await run();
    } finally {
      this.running -= 1;
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

  /** Stops the timer that reopens the gate (the host is closing). */
  public close(): void {
    if (this.reopenTimer !== undefined) clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
  }

  private isBusy(): boolean {
    return this.nowMs() < this.busyUntil;
  }

  private limit(): number {
    return this.isBusy() ? this.options.busyLimit : this.options.idleLimit;
  }

  /** Admits waiting invocations, oldest first, while the limit allows. */
  private drain(): void {
    const limit = this.limit();
    while (this.waiting.length > 0 && this.running < limit) {
      const next = this.waiting.shift()!;
      this.running += 1;
      this.delayed += 1;
      this.delayedMsTotal += this.nowMs() - next.since;
      next.admit();
    }
  }

  /** When the foreground has settled, the wider limit applies: admit what waited for it. */
  private scheduleReopen(): void {
    if (this.reopenTimer !== undefined) return;
    const wait = Math.max(0, this.busyUntil - this.nowMs());
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      if (this.isBusy()) {
        if (this.busyUntil !== Number.POSITIVE_INFINITY) this.scheduleReopen();
        return;
      }
      this.drain();
    }, Math.ceil(wait) + 1);
    this.reopenTimer.unref();
  }
}
