/**
 * Runs black-box ASL conformance cases (../shared/asl-conformance/cases.json) through the engine's
 * HTTP API with `@aws-sdk/client-sfn`, one engine per case on a virtual clock: Task states are
 * bound by name to local functions (`taskResults` / `taskScript`), time is fast-forwarded from
 * timer to timer, and retry delays and waits are read off the execution history.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../language/contract';
import { TaskFailure, type TaskIntegration } from '../integrations/task-integration';
import { VirtualClock } from '../runtime/clock';
import { seededRandom } from '../runtime/random';
import { startEngineServer } from '../index';

type ScriptStep = { return?: Json; delayMs?: number; throw?: { error: string; cause: string } };

/** One case, as cases.json holds it. */
export interface ConformanceCase {
  readonly name: string;
  readonly group: string;
  readonly certainty: 'spec' | 'aws-observed' | 'aws-inferred' | 'peer';
  readonly definition: Json;
  readonly input: Json;
  readonly expected: { output: Json } | { status: 'FAILED' | 'TIMED_OUT'; error?: string; cause?: string };
  readonly taskResults?: Record<string, Json>;
  readonly taskScript?: Record<string, ScriptStep[]>;
  readonly expectedTaskInputs?: Record<string, Json[]>;
  readonly expectedTaskInvocations?: Record<string, number>;
  readonly expectedRetryDelaysSeconds?: number[];
  readonly expectedRetryDelayUpperBoundsSeconds?: number[];
  readonly expectedWaitSeconds?: number;
  readonly clockStart?: string;
  readonly expectedHistoryEventTypes?: string[];
  readonly expectedStateInputs?: Record<string, Json>;
  readonly mayRejectAtCreate?: boolean;
  readonly notes?: string;
}

/** How one case went. */
export interface CaseResult {
  readonly name: string;
  readonly group: string;
  readonly certainty: ConformanceCase['certainty'];
  readonly passed: boolean;
  /** What differed (empty when passed). */
  readonly problems: string[];
}

const SUCCESS_EVENTS = new Set(['LambdaFunctionScheduled', 'TaskScheduled']);
const FAILURE_EVENTS = new Set(['LambdaFunctionFailed', 'TaskFailed', 'LambdaFunctionTimedOut', 'TaskTimedOut']);
const MAX_TIMER_STEPS = 10_000;

/** Binds Task states to the case's scripted results, by state name, and records what they got. */
function scriptedTasks(testCase: ConformanceCase, clock: VirtualClock): { integration: TaskIntegration; inputs: Map<string, Json[]> } {
  const inputs = new Map<string, Json[]>();
  const integration: TaskIntegration = {
    name: 'conformance-script',
    handles: (resource) => resource.kind === 'lambda-function',
    run: async (request) => {
      const calls = inputs.get(request.stateName) ?? [];
      calls.push(request.input);
      inputs.set(request.stateName, calls);
      const script = testCase.taskScript?.[request.stateName];
      if (script !== undefined && script.length > 0) {
        const step = script[Math.min(calls.length - 1, script.length - 1)] as ScriptStep;
        if (step.delayMs !== undefined) await clock.sleepUntil(clock.now() + step.delayMs, request.signal);
        if (step.throw !== undefined) throw new TaskFailure(step.throw.error, step.throw.cause);
        return step.return ?? null;
      }
      const result = testCase.taskResults?.[request.stateName];
      if (result !== undefined) return result;
      throw new TaskFailure('States.TaskFailed', `The case binds no result to Task state '${request.stateName}'`);
    },
  };
  return { integration, inputs };
}

const seconds = (event: HistoryEvent): number => (event.timestamp?.getTime() ?? 0) / 1000;

function checkHistory(testCase: ConformanceCase, events: HistoryEvent[], problems: string[]): void {
  if (testCase.expectedHistoryEventTypes !== undefined) {
    const types = events.map((event) => event.type ?? '');
    if (!isDeepStrictEqual(types, testCase.expectedHistoryEventTypes)) problems.push(`history types ${JSON.stringify(types)}`);
  }
  const retryDelays: number[] = [];
  let failedAt: number | undefined;
  for (const event of events) {
    if (FAILURE_EVENTS.has(event.type ?? '')) failedAt = seconds(event);
    else if (SUCCESS_EVENTS.has(event.type ?? '') && failedAt !== undefined) {
      retryDelays.push(Math.round((seconds(event) - failedAt) * 1000) / 1000);
      failedAt = undefined;
    } else if ((event.type ?? '').endsWith('StateExited')) failedAt = undefined;
  }
  if (testCase.expectedRetryDelaysSeconds !== undefined && !isDeepStrictEqual(retryDelays, testCase.expectedRetryDelaysSeconds)) {
    problems.push(`retry delays ${JSON.stringify(retryDelays)}, expected ${JSON.stringify(testCase.expectedRetryDelaysSeconds)}`);
  }
  const bounds = testCase.expectedRetryDelayUpperBoundsSeconds;
  if (bounds !== undefined) {
    if (retryDelays.length !== bounds.length || retryDelays.some((delay, index) => delay < 0 || delay > (bounds[index] ?? 0))) {
      problems.push(`retry delays ${JSON.stringify(retryDelays)} outside bounds ${JSON.stringify(bounds)}`);
    }
  }
  if (testCase.expectedWaitSeconds !== undefined) {
    const entered = events.find((event) => event.type === 'WaitStateEntered');
    const exited = events.find((event) => event.type === 'WaitStateExited');
    const waited = entered !== undefined && exited !== undefined ? seconds(exited) - seconds(entered) : undefined;
    if (waited !== testCase.expectedWaitSeconds) problems.push(`waited ${String(waited)} s, expected ${testCase.expectedWaitSeconds} s`);
  }
  for (const [stateName, expected] of Object.entries(testCase.expectedStateInputs ?? {})) {
    const entered = events.find((event) => event.stateEnteredEventDetails?.name === stateName);
    const input = entered?.stateEnteredEventDetails?.input;
    if (input === undefined || !isDeepStrictEqual(JSON.parse(input), expected)) problems.push(`state ${stateName} got input ${String(input)}`);
  }
}

async function allEvents(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** Runs one case on a fresh engine; never throws (an error is a failed case). */
export async function runCase(testCase: ConformanceCase, index = 0): Promise<CaseResult> {
  const problems: string[] = [];
  const clock = new VirtualClock(testCase.clockStart ?? Date.UTC(2024, 0, 1));
  const tasks = scriptedTasks(testCase, clock);
  const server = await startEngineServer({ clock, integrations: [tasks.integration], random: seededRandom(index + 1), log: () => undefined });
  const client = new SFNClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'conformance', secretAccessKey: 'conformance' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  try {
    let stateMachineArn: string | undefined;
    try {
      const created = await client.send(
        new CreateStateMachineCommand({ name: `case-${index}`, definition: JSON.stringify(testCase.definition), roleArn: 'arn:aws:iam::123456789012:role/conformance' }),
      );
      stateMachineArn = created.stateMachineArn;
    } catch (error) {
      if (testCase.mayRejectAtCreate === true && (error as Error).name === 'InvalidDefinition') return { ...summary(testCase), passed: true, problems: [] };
      problems.push(`CreateStateMachine refused: ${(error as Error).name}: ${(error as Error).message}`);
      return { ...summary(testCase), passed: false, problems };
    }
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(testCase.input) }));
    let described = await client.send(new DescribeExecutionCommand({ executionArn }));
    for (let step = 0; described.status === 'RUNNING' && step < MAX_TIMER_STEPS; step += 1) {
      const advanced = await server.engine.advanceToNextTimer();
      described = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (!advanced && described.status === 'RUNNING') {
        problems.push('the execution is still RUNNING with no timer pending');
        break;
      }
    }
    const expected = testCase.expected;
    if ('output' in expected) {
      if (described.status !== 'SUCCEEDED') problems.push(`status ${String(described.status)} (${String(described.error)}: ${String(described.cause)}), expected SUCCEEDED`);
      else if (!isDeepStrictEqual(JSON.parse(described.output ?? 'null'), expected.output)) problems.push(`output ${String(described.output)}, expected ${JSON.stringify(expected.output)}`);
    } else {
      if (described.status !== expected.status) problems.push(`status ${String(described.status)}, expected ${expected.status}`);
      if (expected.error !== undefined && described.error !== expected.error) problems.push(`error ${String(described.error)}, expected ${expected.error}`);
      if (expected.cause !== undefined && described.cause !== expected.cause) problems.push(`cause ${String(described.cause)}, expected ${expected.cause}`);
    }
    for (const [stateName, count] of Object.entries(testCase.expectedTaskInvocations ?? {})) {
      const calls = tasks.inputs.get(stateName)?.length ?? 0;
      if (calls !== count) problems.push(`${stateName} invoked ${calls} times, expected ${count}`);
    }
    for (const [stateName, inputs] of Object.entries(testCase.expectedTaskInputs ?? {})) {
      if (!isDeepStrictEqual(tasks.inputs.get(stateName) ?? [], inputs)) problems.push(`${stateName} inputs ${JSON.stringify(tasks.inputs.get(stateName))}`);
    }
    checkHistory(testCase, await allEvents(client, executionArn ?? ''), problems);
  } catch (error) {
    problems.push(`unexpected ${(error as Error).name}: ${(error as Error).message}`);
  } finally {
    client.destroy();
    await server.close();
  }
  return { ...summary(testCase), passed: problems.length === 0, problems };
}

const summary = (testCase: ConformanceCase): Omit<CaseResult, 'passed' | 'problems'> => ({ name: testCase.name, group: testCase.group, certainty: testCase.certainty });

/** Runs every case (a few at a time) and returns the results in order. */
export async function runConformance(cases: readonly ConformanceCase[], concurrency = 8): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next;
      next += 1;
      results[index] = await runCase(cases[index] as ConformanceCase, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return results;
}

/** Pass counts by certainty: `{ spec: { passed, total }, ... }`. */
export function tally(results: readonly CaseResult[]): Record<string, { passed: number; total: number }> {
  const counts: Record<string, { passed: number; total: number }> = {};
  for (const result of results) {
    const entry = (counts[result.certainty] ??= { passed: 0, total: 0 });
    entry.total += 1;
    if (result.passed) entry.passed += 1;
  }
  return counts;
}
