/**
 * Retry and Catch: which rule handles an error, and how long to wait before a retry.
 *
 * Matching (AWS error-handling guide): rules are tried in order and the first whose ErrorEquals
 * names the error wins. `States.ALL` matches every error; `States.TaskFailed` matches every error
 * except `States.Timeout`. Neither wildcard matches `States.DataLimitExceeded` (that needs its own
 * name), and `States.Runtime` is never retried or caught, even by name.
 */
import type { Retrier } from './contract';

const NEVER_HANDLED = new Set(['States.Runtime']);
const NOT_WILDCARD_MATCHED = new Set(['States.DataLimitExceeded', 'States.Runtime']);

const matches = (name: string, error: string): boolean => {
  if (NEVER_HANDLED.has(error)) return false;
  if (name === error) return true;
  if (NOT_WILDCARD_MATCHED.has(error)) return false;
  if (name === 'States.ALL') return true;
  return name === 'States.TaskFailed' && error !== 'States.Timeout';
};

export const findMatchingRule = (rules: readonly { ErrorEquals: string[] }[], error: string): number => rules.findIndex((rule) => rule.ErrorEquals.some((name) => matches(name, error)));

/**
 * The wait before retry number `attempt` (0 = the first retry): IntervalSeconds (default 1) times
 * BackoffRate (default 2.0) to the power `attempt`, capped by MaxDelaySeconds, and with
 * `JitterStrategy: FULL` a uniformly random share of that. `undefined` once MaxAttempts (default
 * 3; 0 = never retry) retries have been made.
 */
export const retryDelayMs = (retrier: Retrier, attempt: number, random: () => number): number | undefined => {
  const maxAttempts = retrier.MaxAttempts ?? 3;
  if (attempt >= maxAttempts) return undefined;
  let seconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
};
