/**
 * Time for the engine. Every timer the runtime sets (Wait, Retry backoff, task timeouts and
 * heartbeats, execution timeouts) goes through a `Clock`, so tests can swap real time for a
 * virtual clock and fast-forward to the next timer instead of sleeping.
 */

/** The engine's source of time and timers. */
export interface Clock {
  /** The current time, epoch milliseconds. */
  now(): number;
  /**
   * Resolves once the clock reaches `at` (epoch ms), at once when it already has. Rejects with
   * the signal's reason when `signal` aborts first; the timer is then released.
   */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
}

/** The reason a timer promise rejects with when its signal aborts without a reason of its own. */
export class TimerCancelledError extends Error {
  public constructor() {
    super('The timer was cancelled');
    this.name = 'TimerCancelledError';
  }
}

const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new TimerCancelledError());

/** setTimeout cannot wait longer than this (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Real time. A pending timer is one `setTimeout`: long waits cost no CPU. */
export class SystemClock implements Clock {
  public now(): number {
    return Date.now();
  }

  public sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      let handle: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        clearTimeout(handle);
        reject(abortReason(signal as AbortSignal));
      };
      const arm = (): void => {
        const remaining = at - Date.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        handle = setTimeout(arm, Math.min(remaining, MAX_TIMEOUT_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  }
}

interface VirtualTimer {
  readonly at: number;
  readonly order: number;
  readonly resolve: () => void;
}

/**
 * Time that moves only when told to. `advanceToNextTimer()` jumps to the earliest pending timer
 * and fires every timer due then; `advanceBy`/`advanceTo` fire everything due on the way, in order.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers: VirtualTimer[] = [];
  private sequence = 0;

  /** @param start the initial time: epoch ms, a Date or an RFC 3339 string (default 2024-01-01T00:00:00Z). */
  public constructor(start: number | Date | string = Date.UTC(2024, 0, 1)) {
    this.current = typeof start === 'number' ? start : new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new RangeError(`VirtualClock start is not a valid time: ${String(start)}`);
  }

  public now(): number {
    return this.current;
  }

  public sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (at <= this.current) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer: VirtualTimer = {
        at,
        order: this.sequence++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.remove(timer);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.insert(timer);
    });
  }

  /** When the earliest pending timer is due (epoch ms), or undefined when none is pending. */
  public nextTimerAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /** How many timers are pending. */
  public get pendingTimers(): number {
    return this.timers.length;
  }

  /** Jumps to the earliest pending timer and fires all timers due then. False when none is pending. */
  public advanceToNextTimer(): boolean {
    const next = this.timers[0];
    if (next === undefined) return false;
    this.advanceTo(next.at);
    return true;
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  public advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `at` (never backwards), firing every timer due on the way. */
  public advanceTo(at: number): void {
    if (at < this.current) throw new RangeError(`VirtualClock cannot go back from ${this.current} to ${at}`);
    this.current = at;
    while (this.timers[0] !== undefined && this.timers[0].at <= at) {
      const timer = this.timers.shift() as VirtualTimer;
      timer.resolve();
    }
  }

  private insert(timer: VirtualTimer): void {
    // Binary search keeps the list sorted by (at, order): timers due together fire in creation order.
    let low = 0;
    let high = this.timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.timers[middle] as VirtualTimer;
      if (other.at < timer.at || (other.at === timer.at && other.order < timer.order)) low = middle + 1;
      else high = middle;
    }
    this.timers.splice(low, 0, timer);
  }

  private remove(timer: VirtualTimer): void {
    const index = this.timers.indexOf(timer);
    if (index >= 0) this.timers.splice(index, 1);
  }
}

/** Type guard for the virtual clock (the facade's `advanceToNextTimer` needs one). */
export const isVirtualClock = (clock: Clock): clock is VirtualClock => clock instanceof VirtualClock;
