import { describe, expect, it } from 'vitest';
import { cachedFor } from '../../../../functions/http/shared/ttl-cache';
import { TestClock } from '../support/http-test-kit';

/** A load answering `values` in turn (the last one again after), `arg:value`; it resolves when `release` is called if `held`. */
function counter(values: readonly (number | Error)[], options: { held?: boolean } = {}) {
  let calls = 0;
  const releases: (() => void)[] = [];
  const load = async (arg: string): Promise<string> => {
    const value = values[Math.min(calls, values.length - 1)];
    calls += 1;
    if (options.held === true) await new Promise<void>((resolve) => releases.push(resolve));
    if (value instanceof Error) throw value;
    return `${arg}:${String(value)}`;
  };
  return { load, calls: () => calls, release: () => releases.shift()?.() };
}

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('cachedFor', () => {
  describe('reuse', () => {
    it('returns the first result without loading again during the first half of ttl', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, 2]);
      const cached = cachedFor(1_000, clock.now, source.load);

      // Act
      const first = await cached('a');
      clock.advanceSeconds(0.499);
      const again = await cached('b');

      // Assess
      expect([first, again]).toEqual(['a:1', 'a:1']);
      expect(source.calls()).toBe(1);
    });

    it('shares one load among concurrent callers', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, 2]);
      const cached = cachedFor(1_000, clock.now, source.load);

      // Act
      const results = await Promise.all([cached('a'), cached('b'), cached('c')]);

      // Assess
      expect(results).toEqual(['a:1', 'a:1', 'a:1']);
      expect(source.calls()).toBe(1);
    });
  });

  describe('refreshing ahead', () => {
    it('in the second half of ttl answers with the current value at once and refreshes it once in the background', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, 2], { held: true });
      const cached = cachedFor(1_000, clock.now, source.load);
      const loading = cached('a');
      source.release();
      await loading;
      clock.advanceSeconds(0.5);

      // Act: the refresh is held, yet callers are answered
      const whileRefreshing = await Promise.all([cached('b'), cached('c')]);
      source.release();
      await settled();
      const afterRefresh = await cached('d');

      // Assess
      expect(whileRefreshing).toEqual(['a:1', 'a:1']);
      expect(afterRefresh).toBe('b:2');
      expect(source.calls()).toBe(2);
    });

    it('never serves a value older than ttl: after it, callers wait for a new load', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, 2]);
      const cached = cachedFor(1_000, clock.now, source.load);
      await cached('a');

      // Act
      clock.advanceSeconds(1);
      const reloaded = await cached('b');

      // Assess
      expect(reloaded).toBe('b:2');
    });

    it('keeps the current value when a refresh fails, until it expires; then the next call loads again', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, new Error('throttled'), new Error('throttled again'), 4]);
      const cached = cachedFor(1_000, clock.now, source.load);
      await cached('a');
      clock.advanceSeconds(0.6);

      // Act
      const duringFailedRefresh = await cached('b');
      await settled();
      clock.advanceSeconds(0.3);
      const stillCurrent = await cached('c');
      await settled();
      clock.advanceSeconds(0.1);
      const afterExpiry = await cached('d');

      // Assess
      expect([duringFailedRefresh, stillCurrent, afterExpiry]).toEqual(['a:1', 'a:1', 'd:4']);
      expect(source.calls()).toBe(4);
    });
  });

  describe('failures and no caching', () => {
    it('does not keep a failed load: the next call loads again', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([new Error('throttled'), 2]);
      const cached = cachedFor(1_000, clock.now, source.load);

      // Act
      const failed = await cached('a').catch((error: unknown) => error);
      const retried = await cached('b');

      // Assess
      expect(failed).toBeInstanceOf(Error);
      expect(retried).toBe('b:2');
    });

    it('loads on every call when ttl is 0', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, 2, 3]);
      const cached = cachedFor(0, clock.now, source.load);

      // Act
      const results = [await cached('a'), await cached('b'), await cached('c')];

      // Assess
      expect(results).toEqual(['a:1', 'b:2', 'c:3']);
    });
  });
});
