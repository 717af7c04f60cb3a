import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { DefinitionProblem, JsonObject, MapState } from '../../../../local/engine/language/index';
import { parseDefinition } from '../../../../local/engine/language/index';

const validDefinitions = JSON.parse(readFileSync(new URL('../../../fixtures/engine/valid-definitions.json', import.meta.url), 'utf8')) as Record<string, JsonObject>;
const conformanceCases = JSON.parse(readFileSync('/work/shared/asl-conformance/cases.json', 'utf8')) as { name: string; definition: JsonObject }[];
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean };

const machine = (states: JsonObject, extra: JsonObject = {}): JsonObject => ({ StartAt: Object.keys(states)[0] ?? 'A', States: states, ...extra });
const problemsOf = (definition: unknown): DefinitionProblem[] => {
  const parsed = parseDefinition(definition);
  if (parsed.ok) throw new Error('expected the definition to be rejected');
  return parsed.problems;
};
const task = (fields: JsonObject = {}): JsonObject => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true, ...fields });

describe('parseDefinition', () => {
  describe('valid definitions', () => {
    it.each(Object.keys(validDefinitions))('accepts %s', (name) => {
      expect(parseDefinition(validDefinitions[name]).ok).toBe(true);
    });

    it('accepts JSON text', () => {
      expect(parseDefinition(JSON.stringify(machine({ A: { Type: 'Succeed' } })))).toMatchObject({ ok: true, definition: { StartAt: 'A' } });
    });

    it('normalises Map Iterator and Parameters into ItemProcessor and ItemSelector, without touching its argument', () => {
      // Prepare
      const original = validDefinitions['legacy-map-iterator-and-parameters'] as JsonObject;
      const before = structuredClone(original);
      // Act
      const parsed = parseDefinition(original);
      // Assess
      if (!parsed.ok) throw new Error('rejected');
      const map = parsed.definition.States.Each as MapState;
      expect(map.ItemProcessor).toEqual({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });
      expect(map.ItemSelector).toEqual({ 'v.$': '$$.Map.Item.Value' });
      expect(map.Iterator).toBeUndefined();
      expect(map.Parameters).toBeUndefined();
      expect(original).toEqual(before);
    });
  });

  describe('agreement with asl-validator', () => {
    // asl-validator fills in defaults in place, so it gets its own copy.
    const corpus = [...conformanceCases.map((c) => [c.name, c.definition] as const), ...Object.entries(validDefinitions)];
    const acceptedByAslValidator = corpus.filter(([, definition]) => aslValidator(structuredClone(definition)).isValid);

    it('has a corpus that asl-validator mostly accepts, fixtures included', () => {
      expect(acceptedByAslValidator.length).toBeGreaterThan(corpus.length / 2);
      expect(acceptedByAslValidator.map(([name]) => name)).toEqual(expect.arrayContaining(Object.keys(validDefinitions)));
    });

    it.each(acceptedByAslValidator)('accepts %s, which asl-validator accepts', (_name, definition) => {
      expect(parseDefinition(definition)).toMatchObject({ ok: true });
    });
  });

  describe('problems', () => {
    it.each<[string, unknown, string, RegExp]>([
      ['text that is not JSON', '{"StartAt":', '/', /not valid JSON/],
      ['a definition that is not an object', [1], '/', /must be a JSON object/],
      ['an unknown state type', machine({ A: { Type: 'Sleep', End: true } }), '/States/A/Type', /unknown state type "Sleep"/],
      ['a StartAt naming no state', { StartAt: 'Nope', States: { A: { Type: 'Succeed' } } }, '/StartAt', /StartAt 'Nope' does not name a state/],
      ['a Next naming no state', machine({ A: { Type: 'Pass', Next: 'Ghost' }, B: { Type: 'Succeed' } }), '/States/A/Next', /Next 'Ghost' does not name a state/],
      ['no terminal state', machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }), '/States', /no terminal state/],
      ['both Next and End', machine({ A: { Type: 'Pass', Next: 'A', End: true } }), '/States/A', /either Next or End, not both/],
      ['neither Next nor End', machine({ A: { Type: 'Pass' }, B: { Type: 'Succeed' } }), '/States/A', /must have Next or "End": true/],
      [
        'duplicate names across Parallel branches',
        machine({ P: { Type: 'Parallel', End: true, Branches: [machine({ X: { Type: 'Succeed' } }), machine({ X: { Type: 'Succeed' } })] } }),
        '/States/P/Branches/1/States/X',
        /state name 'X' is already used at \/States\/P\/Branches\/0\/States\/X/,
      ],
      ['a Next leaving its branch', machine({ P: { Type: 'Parallel', End: true, Branches: [machine({ X: { Type: 'Pass', Next: 'P' } })] } }), '/States/P/Branches/0/States/X/Next', /Next 'P' does not name a state/],
      ['a Choice without Choices', machine({ C: { Type: 'Choice', Default: 'D' }, D: { Type: 'Succeed' } }), '/States/C/Choices', /non-empty Choices array/],
      ['a Choice rule with two operators', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', IsNull: true, Next: 'D' }] }, D: { Type: 'Succeed' } }), '/States/C/Choices/0', /exactly one comparison operator, got StringEquals, IsNull/],
      ['a nested Choice rule with Next', machine({ C: { Type: 'Choice', Choices: [{ Not: { Variable: '$.a', IsNull: true, Next: 'D' }, Next: 'D' }] }, D: { Type: 'Succeed' } }), '/States/C/Choices/0/Not/Next', /cannot have Next/],
      ['a Choice operand of the wrong type', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: '1', Next: 'D' }] }, D: { Type: 'Succeed' } }), '/States/C/Choices/0/NumericEquals', /must be a number, got "1"/],
      ['a Choice timestamp that is not one', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', TimestampEquals: '2026-01-01', Next: 'D' }] }, D: { Type: 'Succeed' } }), '/States/C/Choices/0/TimestampEquals', /ISO-8601/],
      ['States.ALL not alone', machine({ T: task({ Retry: [{ ErrorEquals: ['States.ALL', 'X'] }] }) }), '/States/T/Retry/0/ErrorEquals', /must appear alone/],
      ['States.ALL not last', machine({ T: task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }] }) }), '/States/T/Retry/0/ErrorEquals', /must be the last one/],
      ['a negative MaxAttempts', machine({ T: task({ Retry: [{ ErrorEquals: ['X'], MaxAttempts: -1 }] }) }), '/States/T/Retry/0/MaxAttempts', /non-negative integer, got -1/],
      ['a BackoffRate below 1', machine({ T: task({ Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }] }) }), '/States/T/Retry/0/BackoffRate', /at least 1.0, got 0.5/],
      ['an unknown JitterStrategy', machine({ T: task({ Retry: [{ ErrorEquals: ['X'], JitterStrategy: 'HALF' }] }) }), '/States/T/Retry/0/JitterStrategy', /FULL or NONE, got "HALF"/],
      ['an empty ErrorEquals', machine({ T: task({ Retry: [{ ErrorEquals: [] }] }) }), '/States/T/Retry/0/ErrorEquals', /non-empty array/],
      ['a catcher without a valid Next', machine({ T: task({ Catch: [{ ErrorEquals: ['X'], Next: 'Nowhere' }] }) }), '/States/T/Catch/0/Next', /Next 'Nowhere'/],
      ['an invalid InputPath', machine({ A: { Type: 'Pass', InputPath: '$.a[', End: true } }), '/States/A/InputPath', /Invalid JSONPath '\$\.a\['/],
      ['a ResultPath that is not a reference path', machine({ A: { Type: 'Pass', ResultPath: '$.a[*]', End: true } }), '/States/A/ResultPath', /reference path/],
      ['a ResultPath into the context', machine({ A: { Type: 'Pass', ResultPath: '$$.Execution', End: true } }), '/States/A/ResultPath', /reference path/],
      ['a bad path in Parameters', machine({ A: { Type: 'Pass', Parameters: { 'x.$': 'a.b' }, End: true } }), '/States/A/Parameters/x.$', /must start with '\$'/],
      ['an unknown intrinsic function', machine({ A: { Type: 'Pass', Parameters: { 'x.$': 'States.Nope(1)' }, End: true } }), '/States/A/Parameters/x.$', /unknown intrinsic function 'States.Nope'/],
      ['an intrinsic with the wrong arity', machine({ A: { Type: 'Pass', Parameters: { 'x.$': "States.StringToJson($.a, ' - ')" }, End: true } }), '/States/A/Parameters/x.$', /takes 1 argument/],
      ['a field and its .$ twin', machine({ A: { Type: 'Pass', Parameters: { x: 1, 'x.$': '$.x' }, End: true } }), '/States/A/Parameters/x.$', /would both produce 'x'/],
      ['Parameters under JSONata', machine({ A: { Type: 'Pass', Parameters: {}, End: true } }, { QueryLanguage: 'JSONata' }), '/States/A/Parameters', /not allowed when the query language is JSONata \(use Arguments/],
      ['Arguments under JSONPath', machine({ T: task({ Arguments: {} }) }), '/States/T/Arguments', /only allowed when the query language is JSONata/],
      ['a JSONPath state in a JSONata machine', machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }, { QueryLanguage: 'JSONata' }), '/States/A/QueryLanguage', /cannot use JSONPath/],
      ['invalid JSONata', machine({ A: { Type: 'Pass', Output: '{% $states.input.( %}', End: true } }, { QueryLanguage: 'JSONata' }), '/States/A/Output', /invalid JSONata expression/],
      ['a Map without ItemProcessor', machine({ M: { Type: 'Map', End: true } }), '/States/M', /needs an ItemProcessor/],
      ['a Map with both ItemSelector and Parameters', machine({ M: { Type: 'Map', ItemSelector: {}, Parameters: {}, ItemProcessor: machine({ S: { Type: 'Succeed' } }), End: true } }), '/States/M/Parameters', /both ItemSelector and its deprecated alias/],
      ['a non-ARN Resource', machine({ T: task({ Resource: 'my-function' }) }), '/States/T/Resource', /must be an ARN string, got "my-function"/],
      ['HeartbeatSeconds not below TimeoutSeconds', machine({ T: task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 }) }), '/States/T/HeartbeatSeconds', /must be smaller than TimeoutSeconds/],
      ['a Wait with two durations', machine({ W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } }), '/States/W', /exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; got Seconds, SecondsPath/],
      ['a negative Wait', machine({ W: { Type: 'Wait', Seconds: -1, End: true } }), '/States/W/Seconds', /non-negative integer, got -1/],
      ['a Fail with Error and ErrorPath', machine({ F: { Type: 'Fail', Error: 'E', ErrorPath: '$.e' } }), '/States/F/ErrorPath', /both Error and ErrorPath/],
      ['an invalid variable name', machine({ A: { Type: 'Pass', Assign: { '1st': 1 }, End: true } }), '/States/A/Assign/1st', /'1st' is not a valid variable name/],
      ['assigning the reserved $states', machine({ A: { Type: 'Pass', Assign: { states: 1 }, End: true } }), '/States/A/Assign/states', /reserved/],
      ['an unknown field', machine({ A: { Type: 'Succeed', Next: 'A' } }), '/States/A/Next', /field 'Next' is not allowed in a Succeed state/],
      ['a bad top-level TimeoutSeconds', machine({ A: { Type: 'Succeed' } }, { TimeoutSeconds: 0 }), '/TimeoutSeconds', /positive integer, got 0/],
    ])('reports %s', (_label, definition, path, message) => {
      // Act
      const problems = problemsOf(definition);
      // Assess
      expect(problems).toContainEqual({ path, message: expect.stringMatching(message) as unknown });
    });

    it('reports every problem at once', () => {
      // Prepare
      const definition = machine({ A: { Type: 'Pass', Next: 'Ghost' }, B: { Type: 'Sleep' }, T: task({ Retry: [{ ErrorEquals: ['X'], MaxAttempts: 1.5 }] }) });
      // Act
      const paths = problemsOf(definition).map((p) => p.path);
      // Assess
      expect(paths).toEqual(expect.arrayContaining(['/States/A/Next', '/States/B/Type', '/States/T/Retry/0/MaxAttempts']));
    });

    it('escapes / and ~ in state names within paths', () => {
      expect(problemsOf(machine({ 'a/b~c': { Type: 'Pass', Next: 'Ghost' }, D: { Type: 'Succeed' } }))[0]?.path).toBe('/States/a~1b~0c/Next');
    });
  });
});
