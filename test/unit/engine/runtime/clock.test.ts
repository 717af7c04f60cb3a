import { describe, expect, it } from 'vitest';
import { SystemClock, VirtualClock } from '../../../../local/engine/runtime/clock';

describe('VirtualClock', () => {
  describe('advancing to the next timer', () => {
    it('fires the earliest timer first and moves time to it', async () => {
      // Prepare
      const clock = new VirtualClock('2024-01-01T00:00:00Z');
      const fired: string[] = [];
      const late = clock.sleepUntil(clock.now() + 5_000).then(() => fired.push('late'));
      const early = clock.sleepUntil(clock.now() + 1_000).then(() => fired.push('early'));

      // Act
      const advanced = clock.advanceToNextTimer();
      await early;

      // Assess
      expect(advanced).toBe(true);
      expect(fired).toEqual(['early']);
      expect(new Date(clock.now()).toISOString()).toBe('2024-01-01T00:00:01.000Z');
      clock.advanceToNextTimer();
      await late;
      expect(fired).toEqual(['early', 'late']);
    });

    it('reports false when no timer is pending', () => {
      // Prepare
      const clock = new VirtualClock();

      // Act
      const advanced = clock.advanceToNextTimer();

      // Assess
      expect(advanced).toBe(false);
      expect(clock.pendingTimers).toBe(0);
    });

    it('resolves a sleep into the past at once', async () => {
      // Prepare
      const clock = new VirtualClock();

      // Act
      await clock.sleepUntil(clock.now() - 1);

      // Assess
      expect(clock.pendingTimers).toBe(0);
    });
  });

  describe('cancelling', () => {
    it('rejects an aborted sleep and releases its timer', async () => {
      // Prepare
      const clock = new VirtualClock();
      const controller = new AbortController();
      const sleeping = clock.sleepUntil(clock.now() + 60_000, controller.signal);

      // Act
      controller.abort();

      // Assess
      await expect(sleeping).rejects.toHaveProperty('name', 'AbortError');
      expect(clock.pendingTimers).toBe(0);
    });

    it('refuses to go back in time', () => {
      // Prepare
      const clock = new VirtualClock();

      // Act + Assess
      expect(() => clock.advanceTo(clock.now() - 1)).toThrow(/cannot go back/);
    });
  });
});

describe('SystemClock', () => {
  describe('sleeping', () => {
    it('resolves once real time reaches the deadline', async () => {
      // Prepare
      const clock = new SystemClock();
      const until = clock.now() + 20;

      // Act
      await clock.sleepUntil(until);

      // Assess
      expect(clock.now()).toBeGreaterThanOrEqual(until);
    });

    it('rejects when aborted before the deadline', async () => {
      // Prepare
      const clock = new SystemClock();
      const controller = new AbortController();
      const sleeping = clock.sleepUntil(clock.now() + 60_000, controller.signal);

      // Act
      controller.abort();

      // Assess
      await expect(sleeping).rejects.toHaveProperty('name', 'AbortError');
    });
  });
});
