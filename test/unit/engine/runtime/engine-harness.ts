/**
 * Test harness: an in-memory engine on a virtual clock, called in-process with the API's JSON
 * shapes, plus helpers to run an execution to its end by jumping from timer to timer.
 */
import { createEngine, seededRandom, VirtualClock, type Engine, type EngineOptions, type HistoryEvent } from '../../../../local/engine/index';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/engine-test';
export const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

export interface Harness {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  /** Registers a machine (unique name) and returns its ARN. */
  createMachine(definition: unknown, type?: 'STANDARD' | 'EXPRESS'): Promise<string>;
  /** Starts an execution and returns its ARN (does not wait). */
  start(stateMachineArn: string, input?: unknown, name?: string): Promise<string>;
  /** Advances timers until the execution closes; returns DescribeExecution. */
  finish(executionArn: string, maxTimers?: number): Promise<Record<string, unknown>>;
  /** Creates, starts and finishes. */
  run(definition: unknown, input?: unknown): Promise<{ executionArn: string; described: Record<string, unknown>; events: HistoryEvent[] }>;
  history(executionArn: string): Promise<HistoryEvent[]>;
  describe(executionArn: string): Promise<Record<string, unknown>>;
}

let machineCounter = 0;

export async function createHarness(options: EngineOptions = {}): Promise<Harness> {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock('2024-03-01T10:00:00Z');
  const engine = await createEngine({ random: seededRandom(7), log: () => undefined, ...options, clock });
  const describe = (executionArn: string): Promise<Record<string, unknown>> => engine.call('DescribeExecution', { executionArn });
  const history = async (executionArn: string): Promise<HistoryEvent[]> =>
    (await engine.call('GetExecutionHistory', { executionArn, maxResults: 1000 })).events as HistoryEvent[];
  const harness: Harness = {
    engine,
    clock,
    createMachine: async (definition, type = 'STANDARD') => {
      machineCounter += 1;
      const created = await engine.call('CreateStateMachine', { name: `machine-${machineCounter}`, definition: JSON.stringify(definition), roleArn: ROLE_ARN, type });
      return created.stateMachineArn as string;
    },
    start: async (stateMachineArn, input = {}, name) =>
      (await engine.call('StartExecution', { stateMachineArn, input: JSON.stringify(input), ...(name === undefined ? {} : { name }) })).executionArn as string,
    finish: async (executionArn, maxTimers = 1000) => {
      await engine.settle();
      let described = await describe(executionArn);
      for (let step = 0; described.status === 'RUNNING' && step < maxTimers; step += 1) {
        if (!(await engine.advanceToNextTimer())) break;
        described = await describe(executionArn);
      }
      return described;
    },
    run: async (definition, input = {}) => {
      const executionArn = await harness.start(await harness.createMachine(definition), input);
      const described = await harness.finish(executionArn);
      return { executionArn, described, events: await history(executionArn) };
    },
    history,
    describe,
  };
  return harness;
}

export const typesOf = (events: readonly HistoryEvent[]): string[] => events.map((event) => event.type);

/** Seconds between two events on the (virtual) clock. */
export const secondsBetween = (from: HistoryEvent, to: HistoryEvent): number => Math.round((to.timestamp - from.timestamp) * 1000) / 1000;

/** A promise with its resolve function, for handlers the test releases by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
