import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundAdmission, type BackgroundAdmissionOptions } from '../../../local/functions/background-admission';

/** A task the test finishes when it wants: says whether it started. */
function controllable(): { run: () => Promise<string>; started: () => boolean; finish: () => void } {
  let started = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      started = true;
      await done;
      return 'done';
    },
    started: () => started,
    finish: () => finish(),
  };
}

const options: BackgroundAdmissionOptions = { busyLimit: 1, busyShare: 1, idleLimit: 3, busyThreshold: 2, onsetMs: 0, settleMs: 500 };
/** A gate whose foreground is busy (two callers in flight, the threshold) with `stepCount` background invocations asked for. */
function busyScene(stepCount: number) {
  const gate = new BackgroundAdmission(options, () => Date.now());
  const callers = [controllable(), controllable()];
  const answering = callers.map((caller) => gate.foregroundRun(caller.run));
  const steps = Array.from({ length: stepCount }, () => controllable());
  const running = steps.map((step) => gate.backgroundRun(step.run));
  return { gate, callers, steps, allSettled: () => Promise.all([...answering, ...running]) };
}

const flush = async (): Promise<void> => {
  for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
};

describe('BackgroundAdmission', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe('while the foreground is quiet', () => {
    it('runs background invocations up to the idle limit at once and the next when one finishes', async () => {
      // Prepare
      const gate = new BackgroundAdmission(options, () => Date.now());
      const tasks = [controllable(), controllable(), controllable(), controllable()];

      // Act
      const results = tasks.map((task) => gate.backgroundRun(task.run));
      await flush();

      // Assess
      expect(tasks.map((task) => task.started())).toEqual([true, true, true, false]);
      tasks[0]!.finish();
      await flush();
      expect(tasks[3]!.started()).toBe(true);
      for (const task of tasks) task.finish();
      await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done', 'done']);
      expect(gate.stats()).toMatchObject({ backgroundRunning: 0, backgroundWaiting: 0, delayed: 1 });
    });
  });

  describe('while the foreground is busy', () => {
    it('holds background invocations to the busy limit, never to none, and admits them in arrival order', async () => {
      // Act
      const { gate, callers, steps, allSettled } = busyScene(3);
      await flush();

      // Assess
      expect(gate.stats().busy).toBe(true);
      expect(steps.map((step) => step.started())).toEqual([true, false, false]);
      steps[0]!.finish();
      await flush();
      expect(steps.map((step) => step.started())).toEqual([true, true, false]);
      for (const task of [...callers, ...steps]) task.finish();
      await allSettled();
    });

    it('never holds a foreground invocation back', async () => {
      // Prepare
      const gate = new BackgroundAdmission(options, () => Date.now());
      const steps = [controllable(), controllable(), controllable()];
      const running = steps.map((step) => gate.backgroundRun(step.run));
      const callers = [controllable(), controllable(), controllable()];

      // Act
      const answering = callers.map((caller) => gate.foregroundRun(caller.run));
      await flush();

      // Assess
      expect(callers.every((caller) => caller.started())).toBe(true);
      for (const task of [...steps, ...callers]) task.finish();
      await Promise.all([...running, ...answering]);
    });

    it('opens to the idle limit only once the foreground has stayed below the threshold for the settle time', async () => {
      // Prepare
      const { gate, callers, steps, allSettled } = busyScene(3);
      await flush();

      // Act: one caller answered, so the foreground is below the threshold, but not yet for long
      callers[0]!.finish();
      await flush();
      await vi.advanceTimersByTimeAsync(400);

      // Assess
      expect(steps.map((step) => step.started())).toEqual([true, false, false]);
      await vi.advanceTimersByTimeAsync(200);
      expect(steps.map((step) => step.started())).toEqual([true, true, true]);
      expect(gate.stats().busy).toBe(false);
      for (const task of [...callers, ...steps]) task.finish();
      await allSettled();
    });

    it('stays closed when the foreground becomes busy again within the settle time', async () => {
      // Prepare
      const { gate, callers, steps, allSettled } = busyScene(2);
      callers[0]!.finish();
      await flush();

      // Act: busy again before the gate reopened, and for longer than the settle time
      const again = controllable();
      const againAnswer = gate.foregroundRun(again.run);
      await vi.advanceTimersByTimeAsync(2_000);

      // Assess
      expect(steps.map((step) => step.started())).toEqual([true, false]);
      for (const task of [...callers, again, ...steps]) task.finish();
      await Promise.all([allSettled(), againAnswer]);
    });
  });

  describe('telling a load from a burst', () => {
    it.each([
      ['a burst shorter than onsetMs is not busy: both steps start', 200, false, [true, true]],
      ['callers in flight for onsetMs without a break are busy: one step starts', 300, true, [true, false]],
    ])('%s', async (_case, elapsedMs, busy, started) => {
      // Prepare
      const gate = new BackgroundAdmission({ ...options, onsetMs: 300 }, () => Date.now());
      const callers = [controllable(), controllable()];
      const answering = callers.map((caller) => gate.foregroundRun(caller.run));

      // Act
      await vi.advanceTimersByTimeAsync(elapsedMs);
      const steps = [controllable(), controllable()];
      const running = steps.map((step) => gate.backgroundRun(step.run));
      await flush();

      // Assess
      expect(gate.stats().busy).toBe(busy);
      expect(steps.map((step) => step.started())).toEqual(started);
      for (const task of [...callers, ...steps]) task.finish();
      await Promise.all([...answering, ...running]);
    });
  });

  describe('sharing the time while busy', () => {
    it('after a background invocation that ran d ms, starts the next no sooner than d * (1 / busyShare - 1) ms later', async () => {
      // Prepare: busy, a quarter of the time for the background
      const gate = new BackgroundAdmission({ ...options, busyShare: 0.25 }, () => Date.now());
      const callers = [controllable(), controllable()];
      const answering = callers.map((caller) => gate.foregroundRun(caller.run));
      const steps = [controllable(), controllable()];
      const running = steps.map((step) => gate.backgroundRun(step.run));
      await flush();

      // Act: the first runs 100 ms, so the second may start 300 ms after it
      await vi.advanceTimersByTimeAsync(100);
      steps[0]!.finish();
      await flush();
      await vi.advanceTimersByTimeAsync(290);
      const startedEarly = steps[1]!.started();
      await vi.advanceTimersByTimeAsync(20);

      // Assess
      expect(startedEarly).toBe(false);
      expect(steps[1]!.started()).toBe(true);
      for (const task of [...callers, ...steps]) task.finish();
      await Promise.all([...answering, ...running]);
    });
  });

  describe('failures', () => {
    it('frees the slot of a background invocation that failed, and passes its error on', async () => {
      // Prepare
      const gate = new BackgroundAdmission({ ...options, idleLimit: 1 }, () => Date.now());
      const next = controllable();

      // Act
      const failing = gate.backgroundRun(() => Promise.reject(new Error('step failed')));
      const following = gate.backgroundRun(next.run);

      // Assess
      await expect(failing).rejects.toThrow('step failed');
      await flush();
      expect(next.started()).toBe(true);
      next.finish();
      await expect(following).resolves.toBe('done');
    });

    it.each([
      [{ busyLimit: 0 }, /busyLimit must be at least 1/],
      [{ idleLimit: 0 }, /idleLimit must be at least busyLimit/],
      [{ busyThreshold: 0 }, /busyThreshold must be at least 1/],
      [{ busyShare: 0 }, /busyShare must be above 0/],
      [{ settleMs: -1 }, /must not be negative/],
    ])('refuses options %o that could stop background work or never see the foreground', (override, message) => {
      expect(() => new BackgroundAdmission({ ...options, ...override })).toThrow(message);
    });
  });
});
