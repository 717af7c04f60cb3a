/**
 * Retrying writes that lost a race to a concurrent transaction (TransactionConflict). Only for
 * writes whose conditions make a retry safe: the retry re-checks every condition, so it either
 * applies exactly once or fails with the same named error a sequential caller would get.
 */
import { isTransactionConflict } from './dynamodb-errors';

export interface ConflictRetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Upper bound of the random pause before the n-th retry: baseDelayMs * 2^(n-1). */
  readonly baseDelayMs: number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetryOptions = { attempts: 8, baseDelayMs: 10 };

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `write`, again after a jittered pause while it fails with a transaction conflict. */
export async function retryOnTransactionConflict<T>(write: () => Promise<T>, options: ConflictRetryOptions = DEFAULT_CONFLICT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= options.attempts) throw error;
      // Full jitter: contenders spread out instead of colliding again in lockstep.
      await pause(Math.random() * options.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
