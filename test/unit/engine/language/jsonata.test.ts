import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChoiceState, MapState, TaskState } from '../../../../local/engine/language/index';
import {
  evaluateCatcherOutput,
  evaluateChoice,
  evaluateFailState,
  evaluateMapItemInput,
  evaluateMapItems,
  evaluateStateInput,
  evaluateStateOutput,
  evaluateTaskTimeouts,
  evaluateWaitUntil,
} from '../../../../local/engine/language/index';
import { evaluateJsonataExpression, isJsonataExpression } from '../../../../local/engine/language/jsonata.evaluator';
import { aContext, jsonata } from './support/scope.builder';
import { seededRandom } from './support/state-walker';

const task = (fields: Partial<TaskState> = {}): TaskState => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true, QueryLanguage: 'JSONata', ...fields });
const expression = (text: string, input: unknown = {}, variables = {}): Promise<unknown> =>
  evaluateJsonataExpression(text, { input: input as never, context: aContext() }, { variables, random: seededRandom(3) }, 'Output');

describe('JSONata', () => {
  describe('expression strings', () => {
    it('are only whole {% ... %} strings', () => {
      expect(isJsonataExpression('{% 1 + 1 %}')).toBe(true);
      expect(isJsonataExpression('{%1%}')).toBe(true);
      expect(isJsonataExpression('total: {% 1 %}')).toBe(false);
      expect(isJsonataExpression('{% 1')).toBe(false);
    });

    it('see $states.input, $states.context and variables', async () => {
      expect(await expression('{% $states.input.a + $bonus %}', { a: 2 }, { bonus: 3 })).toBe(5);
      expect(await expression('{% $states.context.Execution.Name %}')).toBe('exec-1');
    });

    it('fail with States.QueryEvaluationError when they yield nothing', async () => {
      await expect(expression('{% $states.input.missing %}', {})).rejects.toMatchObject({
        error: 'States.QueryEvaluationError',
        message: expect.stringContaining("returned nothing (undefined)") as unknown,
      });
    });

    it('fail with States.QueryEvaluationError on a JSONata error', async () => {
      await expect(expression('{% $number("x") + {} %}')).rejects.toMatchObject({ error: 'States.QueryEvaluationError' });
    });

    it('offer the AWS functions', async () => {
      expect(await expression('{% $partition([1,2,3,4,5], 2) %}')).toEqual([[1, 2], [3, 4], [5]]);
      expect(await expression('{% $range(0, 10, 5) %}')).toEqual([0, 5, 10]);
      expect(await expression("{% $hash('abc', 'SHA-256') %}")).toBe(createHash('sha256').update('abc').digest('hex'));
      expect(await expression('{% $parse(\'{"a":[1]}\') %}')).toEqual({ a: [1] });
      expect(await expression('{% $uuid() %}')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await expression('{% $random(7) = $random(7) %}')).toBe(true);
    });
  });

  describe('Task states', () => {
    it('build the task input from Arguments', async () => {
      // Prepare
      const state = task({ Arguments: { id: '{% $states.input.order.id %}', fixed: 'plain', list: ['{% $count %}'] } });
      // Act
      const effective = await evaluateStateInput(state, { order: { id: 'o-1' } }, jsonata({ variables: { count: 2 } }));
      // Assess
      expect(effective).toEqual({ id: 'o-1', fixed: 'plain', list: [2] });
    });

    it('pass the raw input when there are no Arguments', async () => {
      expect(await evaluateStateInput(task(), { a: 1 }, jsonata())).toEqual({ a: 1 });
    });

    it('output the result by default, or Output over $states.result and $states.input', async () => {
      expect((await evaluateStateOutput(task(), { a: 1 }, { r: 2 }, jsonata())).output).toEqual({ r: 2 });
      expect((await evaluateStateOutput(task({ Output: { both: '{% $states.input.a + $states.result.r %}' } }), { a: 1 }, { r: 2 }, jsonata())).output).toEqual({ both: 3 });
    });

    it('assign from the old variable values, next to Output', async () => {
      // Prepare
      const state = task({ Assign: { total: '{% $total + $states.result.r %}', seen: '{% $total %}' }, Output: '{% $total %}' });
      // Act
      const outcome = await evaluateStateOutput(state, {}, { r: 5 }, jsonata({ variables: { total: 10 } }));
      // Assess
      expect(outcome).toEqual({ output: 10, assign: { total: 15, seen: 10 } });
    });

    it('resolve TimeoutSeconds and HeartbeatSeconds expressions', async () => {
      expect(await evaluateTaskTimeouts(task({ TimeoutSeconds: '{% $states.input.t %}', HeartbeatSeconds: 5 }), { t: 60 }, jsonata())).toEqual({ timeoutSeconds: 60, heartbeatSeconds: 5 });
    });

    it('refuse a timeout expression that is not a positive integer', async () => {
      await expect(evaluateTaskTimeouts(task({ TimeoutSeconds: '{% "soon" %}' }), {}, jsonata())).rejects.toMatchObject({ error: 'States.QueryEvaluationError' });
    });
  });

  describe('Catch', () => {
    it('outputs $states.errorOutput by default, or its Output', async () => {
      // Prepare
      const errorOutput = { Error: 'E', Cause: 'c' };
      // Act
      const plain = await evaluateCatcherOutput({ ErrorEquals: ['States.ALL'], Next: 'N' }, { a: 1 }, errorOutput, jsonata());
      const shaped = await evaluateCatcherOutput({ ErrorEquals: ['States.ALL'], Next: 'N', Output: { failed: '{% $states.errorOutput.Error %}', a: '{% $states.input.a %}' }, Assign: { why: '{% $states.errorOutput.Cause %}' } }, { a: 1 }, errorOutput, jsonata());
      // Assess
      expect(plain.output).toEqual(errorOutput);
      expect(shaped).toEqual({ output: { failed: 'E', a: 1 }, assign: { why: 'c' } });
    });
  });

  describe('Choice', () => {
    const state: ChoiceState = {
      Type: 'Choice',
      QueryLanguage: 'JSONata',
      Choices: [{ Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { size: 'big' }, Assign: { last: '{% $states.input.n %}' } }],
      Default: 'Small',
    };

    it('takes the first rule whose Condition is true, with its Output and Assign', async () => {
      expect(await evaluateChoice(state, { n: 11 }, jsonata())).toEqual({ next: 'Big', output: { size: 'big' }, assign: { last: 11 } });
    });

    it('takes Default with the input as output', async () => {
      expect(await evaluateChoice(state, { n: 1 }, jsonata())).toEqual({ next: 'Small', output: { n: 1 }, assign: {} });
    });

    it("lets a rule's Output override the state's Output", async () => {
      // Prepare
      const withStateOutput: ChoiceState = { ...state, Output: { from: 'state' }, Choices: [...state.Choices, { Condition: '{% $states.input.n > 5 %}', Next: 'Mid' }] };
      // Act
      const byRule = await evaluateChoice(withStateOutput, { n: 11 }, jsonata());
      const byState = await evaluateChoice(withStateOutput, { n: 6 }, jsonata());
      // Assess
      expect(byRule.output).toEqual({ size: 'big' });
      expect(byState).toEqual({ next: 'Mid', output: { from: 'state' }, assign: {} });
    });

    it('refuses a Condition that is not a boolean', async () => {
      await expect(evaluateChoice({ ...state, Choices: [{ Condition: '{% $states.input.n %}', Next: 'Big' }] }, { n: 1 }, jsonata())).rejects.toMatchObject({ error: 'States.QueryEvaluationError' });
    });
  });

  describe('Map', () => {
    const processor = { StartAt: 'S', States: { S: { Type: 'Succeed' as const } } };
    const map: MapState = {
      Type: 'Map',
      QueryLanguage: 'JSONata',
      Items: '{% $states.input.lines %}',
      ItemSelector: { sku: '{% $states.context.Map.Item.Value.sku %}', at: '{% $states.context.Map.Item.Index %}', order: '{% $states.input.id %}' },
      MaxConcurrency: '{% $states.input.parallelism %}',
      ItemProcessor: processor,
      End: true,
    };
    const input = { id: 'o-1', parallelism: 2, lines: [{ sku: 'A' }, { sku: 'B' }] };

    it('takes Items and MaxConcurrency from expressions', async () => {
      expect(await evaluateMapItems(map, input, jsonata())).toEqual({ items: input.lines, maxConcurrency: 2 });
    });

    it('shapes each item with ItemSelector', async () => {
      // Prepare
      const scope = jsonata({ context: aContext({ Map: { Item: { Index: 1, Value: { sku: 'B' } } } }) });
      // Act / Assess
      expect(await evaluateMapItemInput(map, input, scope)).toEqual({ sku: 'B', at: 1, order: 'o-1' });
    });

    it('refuses Items that are not an array', async () => {
      await expect(evaluateMapItems({ ...map, Items: '{% $states.input.id %}' }, input, jsonata())).rejects.toMatchObject({ error: 'States.QueryEvaluationError' });
    });
  });

  describe('Wait and Fail', () => {
    it('waits for Seconds or until Timestamp from expressions', async () => {
      // Prepare
      const now = new Date('2026-01-01T00:00:00Z');
      // Act / Assess
      expect(await evaluateWaitUntil({ Type: 'Wait', Seconds: '{% $states.input.s %}', End: true }, { s: 30 }, jsonata(), now)).toEqual(new Date('2026-01-01T00:00:30Z'));
      expect(await evaluateWaitUntil({ Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true }, { at: '2026-01-02T00:00:00Z' }, jsonata(), now)).toEqual(new Date('2026-01-02T00:00:00Z'));
    });

    it('computes Error and Cause from expressions', async () => {
      expect(await evaluateFailState({ Type: 'Fail', Error: '{% "Order." & $states.input.code %}', Cause: 'static' }, { code: 'Rejected' }, jsonata())).toEqual({ error: 'Order.Rejected', cause: 'static' });
    });
  });
});
