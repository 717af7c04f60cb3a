/**
 * A value a container reuses for a short time instead of reading it on every request (the catalog
 * and the work-center load on POST /orders: several DynamoDB reads each, the same answer for every
 * request of the next few seconds).
 */

/**
 * `load`, with its result reused for `ttlMs` after it resolved (by the injected clock); while it is
 * reused, calls get it whatever their argument (the argument only feeds the call that loads).
 *
 * Refreshed ahead: the first call in the second half of the `ttlMs` starts one load in the
 * background and still gets the current value at once, so under steady traffic no caller waits for
 * a reload (a reload on expiry would hold up every request arriving while it runs: under load,
 * DynamoDB reads take tens of milliseconds). A value is never served older than `ttlMs`; after that
 * (no traffic for a while, or refreshes failing) callers wait for a load. Concurrent callers share one
 * load in flight; a failed load is not kept, so the next call tries again. `ttlMs <= 0` calls `load`
 * every time.
 */
export function cachedFor<Arg, T>(ttlMs: number, now: () => Date, load: (arg: Arg) => Promise<T>): (arg: Arg) => Promise<T> {
  if (ttlMs <= 0) return load;
  let current: { readonly value: Promise<T>; readonly loadedAt: number } | undefined;
  let inFlight: Promise<T> | undefined;
  const startLoad = (arg: Arg): Promise<T> => {
    inFlight ??= load(arg).then(
      (value) => {
        current = { value: Promise.resolve(value), loadedAt: now().getTime() };
        inFlight = undefined;
        return value;
      },
      (error: unknown) => {
        inFlight = undefined;
        throw error;
      },
    );
    return inFlight;
  };
  return (arg) => {
    const age = current === undefined ? Number.POSITIVE_INFINITY : now().getTime() - current.loadedAt;
    if (current === undefined || age >= ttlMs) return startLoad(arg);
    // A refresh that fails leaves the current value in use until it expires.
    if (age >= ttlMs / 2) startLoad(arg).catch(() => undefined);
    return current.value;
  };
}
