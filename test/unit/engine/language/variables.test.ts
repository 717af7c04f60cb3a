import { describe, expect, it } from 'vitest';
import type { PassState, TaskState } from '../../../../local/engine/language/index';
import { evaluateChoice, evaluateStateInput, evaluateStateOutput } from '../../../../local/engine/language/index';
import { aScope } from './support/scope.builder';

const task = (fields: Partial<TaskState> = {}): TaskState => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true, ...fields });

describe('workflow variables in JSONPath states', () => {
  describe('reading', () => {
    it('resolves $name paths in Parameters and intrinsic arguments', async () => {
      // Prepare
      const state = task({ Parameters: { 'customer.$': '$customer.name', 'greeting.$': "States.Format('Hi {}, {} lines', $customer.name, States.ArrayLength($lines))" } });
      const scope = aScope({ variables: { customer: { name: 'Ada' }, lines: [1, 2] } });
      // Act
      const effective = await evaluateStateInput(state, {}, scope);
      // Assess
      expect(effective).toEqual({ customer: 'Ada', greeting: 'Hi Ada, 2 lines' });
    });

    it('fails with States.Runtime naming a variable that does not exist', async () => {
      await expect(evaluateStateInput(task({ Parameters: { 'x.$': '$nobody' } }), {}, aScope())).rejects.toThrow(/variable '\$nobody' is not defined/);
    });

    it('lets Choice rules compare variables', async () => {
      // Prepare
      const choice = { Type: 'Choice' as const, Choices: [{ Variable: '$attempts', NumericGreaterThanEqualsPath: '$limit', Next: 'GiveUp' }], Default: 'Again' };
      // Act
      const decision = await evaluateChoice(choice, {}, aScope({ variables: { attempts: 3, limit: 3 } }));
      // Assess
      expect(decision.next).toBe('GiveUp');
    });
  });

  describe('Assign', () => {
    it('sees the result after ResultSelector as $, not the output', async () => {
      // Prepare
      const state = task({ ResultSelector: { 'id.$': '$.Payload.id' }, ResultPath: '$.saved', Assign: { 'savedId.$': '$.id', 'literal': 5, 'when.$': '$$.State.EnteredTime' } });
      // Act
      const outcome = await evaluateStateOutput(state, { x: 1 }, { Payload: { id: 'p-9' } }, aScope());
      // Assess
      expect(outcome.assign).toEqual({ savedId: 'p-9', literal: 5, when: '2026-03-01T10:00:01.000Z' });
      expect(outcome.output).toEqual({ x: 1, saved: { id: 'p-9' } });
    });

    it('reads variables as they were when the state was entered', async () => {
      // Prepare
      const state: PassState = { Type: 'Pass', End: true, Assign: { 'count.$': 'States.MathAdd($count, 1)', 'previous.$': '$count' } };
      // Act
      const outcome = await evaluateStateOutput(state, {}, {}, aScope({ variables: { count: 1 } }));
      // Assess
      expect(outcome.assign).toEqual({ count: 2, previous: 1 });
    });

    it('uses the matching Choice rule Assign, else the state Assign when Default is taken', async () => {
      // Prepare
      const choice = {
        Type: 'Choice' as const,
        Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big', Assign: { size: 'big', 'n.$': '$.n' } }],
        Default: 'Small',
        Assign: { size: 'small' },
      };
      // Act
      const big = await evaluateChoice(choice, { n: 11 }, aScope());
      const small = await evaluateChoice(choice, { n: 1 }, aScope());
      // Assess
      expect(big.assign).toEqual({ size: 'big', n: 11 });
      expect(small.assign).toEqual({ size: 'small' });
    });

    it('falls back to the state Assign when the matching rule has none', async () => {
      // Prepare
      const choice = { Type: 'Choice' as const, Choices: [{ Variable: '$.n', IsNumeric: true, Next: 'Number' }], Assign: { 'seen.$': '$.n' } };
      // Act
      const decision = await evaluateChoice(choice, { n: 4 }, aScope());
      // Assess
      expect(decision).toEqual({ next: 'Number', output: { n: 4 }, assign: { seen: 4 } });
    });
  });
});
