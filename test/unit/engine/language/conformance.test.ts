/**
 * The shared ASL conformance cases (/work/shared/asl-conformance), walked with the language layer
 * alone (see support/state-walker.ts). Every case must pass, except where the case keeps a peer
 * engine's expectation that the AWS developer guide contradicts: there the AWS behaviour is
 * asserted instead, with the reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../local/engine/language/index';
import { parseDefinition } from '../../../../local/engine/language/index';
import type { TaskStep, WalkOutcome } from './support/state-walker';
import { walkStateMachine } from './support/state-walker';

interface ConformanceCase {
  name: string;
  certainty: 'spec' | 'aws-observed' | 'aws-inferred' | 'peer';
  definition: unknown;
  input: Json;
  expected: { output: Json } | { status: 'FAILED' | 'TIMED_OUT'; error?: string; cause?: string };
  mayRejectAtCreate?: boolean;
  taskResults?: Record<string, Json>;
  taskScript?: Record<string, TaskStep[]>;
  clockStart?: string;
  expectedTaskInputs?: Record<string, Json[]>;
  expectedTaskInvocations?: Record<string, number>;
  expectedRetryDelaysSeconds?: number[];
  expectedRetryDelayUpperBoundsSeconds?: number[];
  expectedWaitSeconds?: number;
  expectedStateInputs?: Record<string, Json>;
}

const cases = JSON.parse(readFileSync('/work/shared/asl-conformance/cases.json', 'utf8')) as ConformanceCase[];

/** Peer expectations the AWS developer guide contradicts: "you specify a non-integer value ... Step Functions will round it off to the nearest integer". */
const AWS_DOCUMENTED: Readonly<Record<string, { expected: ConformanceCase['expected']; reason: string }>> = {
  'intrinsic/States.ArrayRange/invalid-first-argument-is-not-an-integer': { expected: { output: { result: [2, 4, 6, 8] } }, reason: 'States.ArrayRange rounds 1.5 to 2' },
  'intrinsic/States.ArrayRange/invalid-second-argument-is-not-an-integer': { expected: { output: { result: [1, 3, 5, 7, 9] } }, reason: 'States.ArrayRange rounds 9.5 to 10' },
};

const assessOutcome = (outcome: WalkOutcome, expected: ConformanceCase['expected']): void => {
  if ('output' in expected) {
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: expected.output });
    return;
  }
  expect(outcome.status).toBe(expected.status);
  if (expected.error !== undefined) expect(outcome).toMatchObject({ error: expected.error });
  if (expected.cause !== undefined) expect(outcome).toMatchObject({ cause: expected.cause });
};

describe('ASL conformance cases through the language layer', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    // Prepare
    const override = AWS_DOCUMENTED[testCase.name];
    const expected = override?.expected ?? testCase.expected;
    const parsed = parseDefinition(testCase.definition);
    if (!parsed.ok) {
      // Assess: rejecting a bad literal at creation also counts.
      expect(testCase.mayRejectAtCreate, JSON.stringify(parsed.problems)).toBe(true);
      return;
    }
    // Act
    const { outcome, trace } = await walkStateMachine(parsed.definition, {
      input: testCase.input,
      ...(testCase.taskResults ? { taskResults: testCase.taskResults } : {}),
      ...(testCase.taskScript ? { taskScript: testCase.taskScript } : {}),
      ...(testCase.clockStart ? { clockStart: testCase.clockStart } : {}),
    });
    // Assess
    assessOutcome(outcome, expected);
    if (testCase.expectedTaskInputs) expect(trace.taskInputs).toEqual(testCase.expectedTaskInputs);
    if (testCase.expectedTaskInvocations) {
      for (const [state, count] of Object.entries(testCase.expectedTaskInvocations)) expect(trace.taskInputs[state]?.length).toBe(count);
    }
    if (testCase.expectedRetryDelaysSeconds) expect(trace.retryDelaysSeconds).toEqual(testCase.expectedRetryDelaysSeconds);
    if (testCase.expectedRetryDelayUpperBoundsSeconds) {
      expect(trace.retryDelaysSeconds).toHaveLength(testCase.expectedRetryDelayUpperBoundsSeconds.length);
      trace.retryDelaysSeconds.forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(testCase.expectedRetryDelayUpperBoundsSeconds?.[i] ?? -1);
      });
    }
    if (testCase.expectedWaitSeconds !== undefined) expect(trace.waitSeconds[0]).toBe(testCase.expectedWaitSeconds);
    if (testCase.expectedStateInputs) {
      for (const [state, input] of Object.entries(testCase.expectedStateInputs)) expect(trace.stateInputs[state]).toEqual(input);
    }
  });
});
