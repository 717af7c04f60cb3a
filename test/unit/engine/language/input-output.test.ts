import { describe, expect, it } from 'vitest';
import type { Json, MapState, PassState, State, StatesError, TaskState } from '../../../../local/engine/language/index';
import { evaluateCatcherOutput, evaluateMapItemInput, evaluateStateInput, evaluateStateOutput } from '../../../../local/engine/language/index';
import { aContext, aScope } from './support/scope.builder';

const task = (fields: Partial<TaskState> = {}): TaskState => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true, ...fields });
const pass = (fields: Partial<PassState> = {}): PassState => ({ Type: 'Pass', End: true, ...fields });
const input = { order: { id: 'o-1', total: 30 }, lines: [{ sku: 'A', qty: 2 }], meta: null };

const outputOf = async (state: State, raw: Json, result: Json): Promise<Json> => (await evaluateStateOutput(state, raw, result, aScope())).output;
const errorOf = async (promise: Promise<unknown>): Promise<StatesError> => {
  try {
    await promise;
  } catch (error) {
    return error as StatesError;
  }
  throw new Error('expected a failure');
};

describe('JSONPath input and output processing', () => {
  describe('InputPath', () => {
    it('passes the whole input when absent', async () => {
      expect(await evaluateStateInput(task(), input, aScope())).toEqual(input);
    });

    it('selects part of the input', async () => {
      expect(await evaluateStateInput(task({ InputPath: '$.order' }), input, aScope())).toEqual({ id: 'o-1', total: 30 });
    });

    it('gives {} when null', async () => {
      expect(await evaluateStateInput(task({ InputPath: null }), input, aScope())).toEqual({});
    });

    it('fails with States.Runtime when the path selects nothing', async () => {
      expect((await errorOf(evaluateStateInput(task({ InputPath: '$.missing' }), input, aScope()))).error).toBe('States.Runtime');
    });
  });

  describe('Parameters', () => {
    it('applies after InputPath, with paths, context, intrinsics and nested templates', async () => {
      // Prepare
      const state = task({
        InputPath: '$.order',
        Parameters: { 'id.$': '$.id', static: { keep: '$.not-a-path' }, 'nested': [{ 'total.$': '$.total' }], 'execution.$': '$$.Execution.Name', 'label.$': "States.Format('order {}', $.id)" },
      });
      // Act
      const effective = await evaluateStateInput(state, input, aScope());
      // Assess
      expect(effective).toEqual({ id: 'o-1', static: { keep: '$.not-a-path' }, nested: [{ total: 30 }], execution: 'exec-1', label: 'order o-1' });
    });

    it('fails with States.Runtime naming the path and the field', async () => {
      // Act
      const error = await errorOf(evaluateStateInput(task({ Parameters: { 'x.$': '$.nope' } }), input, aScope()));
      // Assess
      expect(error.error).toBe('States.Runtime');
      expect(error.errorCause).toMatch(/The JSONPath '\$\.nope' specified for the field 'x\.\$' could not be found/);
    });

    it('keeps a null value selected by a path (null is not missing)', async () => {
      expect(await evaluateStateInput(pass({ Parameters: { 'm.$': '$.meta' } }), input, aScope())).toEqual({ m: null });
    });

    it('is not applied by a Map state (ItemSelector works per item)', async () => {
      // Prepare
      const map: MapState = { Type: 'Map', InputPath: '$.lines', ItemSelector: { 'x.$': '$$.Map.Item.Value' }, ItemProcessor: { StartAt: 'S', States: { S: { Type: 'Succeed' } } }, End: true };
      // Act / Assess
      expect(await evaluateStateInput(map, input, aScope())).toEqual(input.lines);
    });
  });

  describe('ResultSelector', () => {
    it('reshapes the task result before ResultPath', async () => {
      // Prepare
      const state = task({ ResultSelector: { 'code.$': '$.StatusCode', 'body.$': 'States.StringToJson($.Payload)' }, ResultPath: '$.call' });
      // Act
      const output = await outputOf(state, input, { StatusCode: 200, Payload: '{"ok":true}' });
      // Assess
      expect(output).toEqual({ ...input, call: { code: 200, body: { ok: true } } });
    });
  });

  describe('ResultPath', () => {
    it('makes the result the output when absent', async () => {
      expect(await outputOf(task(), input, { r: 1 })).toEqual({ r: 1 });
    });

    it('merges into the raw input, not the effective input', async () => {
      expect(await outputOf(task({ InputPath: '$.order', ResultPath: '$.result' }), input, 'done')).toEqual({ ...input, result: 'done' });
    });

    it('creates nested objects and overwrites existing fields', async () => {
      expect(await outputOf(task({ ResultPath: '$.a.b' }), input, 1)).toEqual({ ...input, a: { b: 1 } });
      expect(await outputOf(task({ ResultPath: '$.order' }), input, 1)).toEqual({ ...input, order: 1 });
    });

    it('discards the result when null', async () => {
      expect(await outputOf(task({ ResultPath: null }), input, { ignored: true })).toEqual(input);
    });

    it('fails with States.ResultPathMatchFailure on a non-object input', async () => {
      expect((await errorOf(outputOf(task({ ResultPath: '$.r' }), 'a string', 1))).error).toBe('States.ResultPathMatchFailure');
    });
  });

  describe('OutputPath', () => {
    it('selects from the merged output', async () => {
      expect(await outputOf(task({ ResultPath: '$.r', OutputPath: '$.r.v' }), input, { v: 7 })).toBe(7);
    });

    it('gives {} when null', async () => {
      expect(await outputOf(task({ OutputPath: null }), input, 1)).toEqual({});
    });
  });

  describe('Pass', () => {
    it('outputs its Result, merged by ResultPath', async () => {
      expect(await outputOf(pass({ Result: { x: 1 }, ResultPath: '$.fixed' }), input, input)).toEqual({ ...input, fixed: { x: 1 } });
    });

    it('outputs its effective input when it has no Result', async () => {
      // Prepare
      const state = pass({ Parameters: { 'id.$': '$.order.id' } });
      // Act
      const effective = await evaluateStateInput(state, input, aScope());
      // Assess
      expect(await outputOf(state, input, effective)).toEqual({ id: 'o-1' });
    });
  });

  describe('Choice, Wait and Succeed', () => {
    it('output their input after InputPath and OutputPath', async () => {
      expect(await outputOf({ Type: 'Succeed', InputPath: '$.order', OutputPath: '$.id' }, input, input)).toBe('o-1');
      expect(await outputOf({ Type: 'Wait', Seconds: 1, InputPath: '$.lines', End: true }, input, input)).toEqual(input.lines);
    });
  });

  describe('Catch', () => {
    const errorOutput = { Error: 'Lambda.Unknown', Cause: 'boom' };

    it('outputs the error output by default', async () => {
      expect((await evaluateCatcherOutput({ ErrorEquals: ['States.ALL'], Next: 'N' }, input, errorOutput, aScope())).output).toEqual(errorOutput);
    });

    it('merges it into the raw input with ResultPath, or discards it with null', async () => {
      expect((await evaluateCatcherOutput({ ErrorEquals: ['States.ALL'], Next: 'N', ResultPath: '$.error' }, input, errorOutput, aScope())).output).toEqual({ ...input, error: errorOutput });
      expect((await evaluateCatcherOutput({ ErrorEquals: ['States.ALL'], Next: 'N', ResultPath: null }, input, errorOutput, aScope())).output).toEqual(input);
    });

    it('assigns variables from the error output', async () => {
      expect((await evaluateCatcherOutput({ ErrorEquals: ['States.ALL'], Next: 'N', Assign: { 'why.$': '$.Cause' } }, input, errorOutput, aScope())).assign).toEqual({ why: 'boom' });
    });
  });

  describe('Map ItemSelector', () => {
    const processor = { StartAt: 'S', States: { S: { Type: 'Succeed' as const } } };

    it('builds each item input from the context item and the Map input', async () => {
      // Prepare
      const state: MapState = { Type: 'Map', ItemSelector: { 'line.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'orderId.$': '$.order.id' }, ItemProcessor: processor, End: true };
      const scope = aScope({ context: aContext({ Map: { Item: { Index: 1, Value: { sku: 'B' } } } }) });
      // Act
      const itemInput = await evaluateMapItemInput(state, input, scope);
      // Assess
      expect(itemInput).toEqual({ line: { sku: 'B' }, index: 1, orderId: 'o-1' });
    });

    it('accepts the deprecated Parameters alias and falls back to the item itself', async () => {
      // Prepare
      const scope = aScope({ context: aContext({ Map: { Item: { Index: 0, Value: 'first' } } }) });
      // Act / Assess
      expect(await evaluateMapItemInput({ Type: 'Map', Parameters: { 'v.$': '$$.Map.Item.Value' }, ItemProcessor: processor, End: true }, input, scope)).toEqual({ v: 'first' });
      expect(await evaluateMapItemInput({ Type: 'Map', ItemProcessor: processor, End: true }, input, scope)).toBe('first');
    });

    it('names what is missing when the context has no Map item', async () => {
      await expect(evaluateMapItemInput({ Type: 'Map', ItemProcessor: processor, End: true }, input, aScope())).rejects.toThrow(/scope\.context\.Map\.Item/);
    });
  });
});
