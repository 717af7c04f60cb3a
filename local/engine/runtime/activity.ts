/**
 * Knows whether the engine is busy. Work the engine does itself (evaluating states, writing the
 * journal) counts as busy; waiting on a timer, a callback or an embedder's function does not. With
 * a virtual clock, `settle()` then means "everything that can happen without time passing has
 * happened", so a test can safely advance to the next timer.
 */
export class ActivityTracker {
  private active = 0;
  private waiters: (() => void)[] = [];

  public begin(): void {
    this.active += 1;
  }

  public end(): void {
    this.active -= 1;
    if (this.active === 0 && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const waiter of waiters) waiter();
    }
  }

  /** Runs `work` counted as busy. */
  public async busy<T>(work: () => Promise<T>): Promise<T> {
    this.begin();
    try {
      return await work();
    } finally {
      this.end();
    }
  }

  /** Awaits `promise` counted as idle (the caller is busy before and after). */
  public async idle<T>(promise: Promise<T>): Promise<T> {
    this.end();
    try {
      return await promise;
    } finally {
      this.begin();
    }
  }

  /**
   * Resolves once the engine is idle and stays idle across a few turns of the event loop (so
   * promise callbacks already queued, like a function's result, have had their chance to run).
   */
  public async settle(): Promise<void> {
    for (let quietTurns = 0; quietTurns < 3; ) {
      if (this.active > 0) {
        quietTurns = 0;
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.active === 0) quietTurns += 1;
      else quietTurns = 0;
    }
  }
}
