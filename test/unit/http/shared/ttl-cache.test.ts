import { describe, expect, it } from 'vitest';
import { cachedFor } from '../../../../functions/http/shared/ttl-cache';
import { TestClock } from '../support/http-test-kit';

function counter(values: readonly (number | Error)[]) {
  let calls = 0;
  const load = (arg: string): Promise<string> => {
    const value = values[Math.min(calls, values.length - 1)];
    calls += 1;
    return value instanceof Error ? Promise.reject(value) : Promise.resolve(`${arg}:${value}`);
  };
  return { load, calls: () => calls };
}

describe('cachedFor', () => {
  describe('reuse', () => {
    it('returns the first result until ttl has passed, then loads again with the new argument', async () => {
      // Prepare
      const clock = new TestClock();
      const source = counter([1, 2]);
      const cached = cachedFor(1_000, clock.now, source.load);

      // Act
      const first = await cached('a');
      clock.advanceSeconds(0.999);
      const fresh = await cached('b');
      clock.advanceSeconds(0.001);
      const reloaded = await cached('c');

      // Assess
      expect([first, fresh, reloaded]).toEqual(['a:1', 'a:1', 'c:2']);
      expect(source.calls()).toBe(2);
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
