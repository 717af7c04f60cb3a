import { describe, expect, it } from 'vitest';
import { findMatchingRule, retryDelayMs } from '../../../../local/engine/language/index';

describe('Retry and Catch', () => {
  describe('findMatchingRule', () => {
    const rules = [{ ErrorEquals: ['Custom.Error', 'Other'] }, { ErrorEquals: ['States.TaskFailed'] }, { ErrorEquals: ['States.ALL'] }];

    it('picks the first rule naming the error', () => {
      expect(findMatchingRule(rules, 'Other')).toBe(0);
    });

    it('lets States.TaskFailed match any error but States.Timeout', () => {
      expect(findMatchingRule(rules, 'Lambda.Unknown')).toBe(1);
      expect(findMatchingRule(rules, 'States.HeartbeatTimeout')).toBe(1);
      expect(findMatchingRule(rules, 'States.Timeout')).toBe(2);
    });

    it('answers -1 when nothing matches', () => {
      expect(findMatchingRule([{ ErrorEquals: ['A'] }], 'B')).toBe(-1);
      expect(findMatchingRule([], 'B')).toBe(-1);
    });

    it('never retries or catches States.Runtime, even by name', () => {
      expect(findMatchingRule([{ ErrorEquals: ['States.Runtime'] }, { ErrorEquals: ['States.ALL'] }], 'States.Runtime')).toBe(-1);
    });

    it('matches States.DataLimitExceeded only by name', () => {
      expect(findMatchingRule([{ ErrorEquals: ['States.ALL'] }], 'States.DataLimitExceeded')).toBe(-1);
      expect(findMatchingRule([{ ErrorEquals: ['States.DataLimitExceeded'] }], 'States.DataLimitExceeded')).toBe(0);
    });

    it('is case-sensitive', () => {
      expect(findMatchingRule([{ ErrorEquals: ['custom.error'] }], 'Custom.Error')).toBe(-1);
    });
  });

  describe('retryDelayMs', () => {
    const never = (): number => {
      throw new Error('random must not be used without jitter');
    };

    it('defaults to 1 s doubling, three retries', () => {
      // Act
      const delays = [0, 1, 2, 3].map((attempt) => retryDelayMs({ ErrorEquals: ['E'] }, attempt, never));
      // Assess
      expect(delays).toEqual([1000, 2000, 4000, undefined]);
    });

    it('applies IntervalSeconds, BackoffRate and MaxAttempts', () => {
      expect([0, 1, 2].map((a) => retryDelayMs({ ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 1.5, MaxAttempts: 2 }, a, never))).toEqual([3000, 4500, undefined]);
    });

    it('never retries with MaxAttempts 0', () => {
      expect(retryDelayMs({ ErrorEquals: ['E'], MaxAttempts: 0 }, 0, never)).toBeUndefined();
    });

    it('caps the delay at MaxDelaySeconds', () => {
      expect([0, 1, 2].map((a) => retryDelayMs({ ErrorEquals: ['E'], IntervalSeconds: 3, MaxDelaySeconds: 8 }, a, never))).toEqual([3000, 6000, 8000]);
    });

    it('with FULL jitter, draws a share of the capped delay', () => {
      expect(retryDelayMs({ ErrorEquals: ['E'], IntervalSeconds: 2, JitterStrategy: 'FULL' }, 1, () => 0.25)).toBe(1000);
      expect(retryDelayMs({ ErrorEquals: ['E'], IntervalSeconds: 10, MaxDelaySeconds: 4, JitterStrategy: 'FULL' }, 2, () => 0.5)).toBe(2000);
    });

    it('ignores randomness with JitterStrategy NONE', () => {
      expect(retryDelayMs({ ErrorEquals: ['E'], JitterStrategy: 'NONE' }, 0, never)).toBe(1000);
    });
  });
});
