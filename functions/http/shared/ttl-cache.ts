/**
 * A value a container reuses for a short time instead of reading it on every request (the catalog
 * and the work-center load on POST /orders: several DynamoDB reads each, the same answer for every
 * request of the next few seconds).
 */

/**
 * `load`, with its result reused for `ttlMs` after it resolves (by the injected clock): while it is
 * fresh, calls get it whatever their argument (the argument only feeds the call that loads).
 * Concurrent callers share one load in flight; a failed load is not kept, so the next call tries
 * again. `ttlMs <= 0` calls `load` every time.
 */
export function cachedFor<Arg, T>(ttlMs: number, now: () => Date, load: (arg: Arg) => Promise<T>): (arg: Arg) => Promise<T> {
  if (ttlMs <= 0) return load;
  let entry: { readonly value: Promise<T>; expiresAt: number } | undefined;
  return (arg) => {
    if (entry !== undefined && now().getTime() < entry.expiresAt) return entry.value;
    const current = { value: load(arg), expiresAt: Number.POSITIVE_INFINITY };
    entry = current;
    current.value.then(
      () => {
        current.expiresAt = now().getTime() + ttlMs;
      },
      () => {
        if (entry === current) entry = undefined;
      },
    );
    return current.value;
  };
}
