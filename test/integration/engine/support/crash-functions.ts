/**
 * Lambda handlers for the crash-recovery test's engine process (loaded with `--functions`).
 */
export default {
  /** The callback task's function: the test reads the token from the execution history. */
  Notify: (): { sent: boolean } => ({ sent: true }),
  /** Fails on the first attempt, succeeds on the retry (the attempt number comes from $$.State.RetryCount). */
  Flaky: (event: { retry: number }): string => {
    if (event.retry < 1) throw new Error('first attempt fails');
    return 'recovered';
  },
};
