import { describe, expect, it } from 'vitest';
import type { ChoiceState, Json, JsonObject, StatesError } from '../../../../local/engine/language/index';
import { evaluateChoice } from '../../../../local/engine/language/index';
import { evaluateChoiceRule, stringMatches } from '../../../../local/engine/language/choice-rules';
import { aContext } from './support/scope.builder';

const scope = { context: aContext(), variables: {} };
const matches = (rule: JsonObject, input: Json): boolean => evaluateChoiceRule(rule, input, scope);

describe('Choice rules', () => {
  describe('string comparisons', () => {
    it.each([
      ['StringEquals', 'b', true],
      ['StringLessThan', 'c', true],
      ['StringLessThan', 'b', false],
      ['StringGreaterThan', 'a', true],
      ['StringLessThanEquals', 'b', true],
      ['StringGreaterThanEquals', 'c', false],
    ])('%s %j against "b" is %s', (operator, operand, expected) => {
      expect(matches({ Variable: '$.v', [operator]: operand }, { v: 'b' })).toBe(expected);
    });

    it('compares with the value at another path for *Path operators', () => {
      expect(matches({ Variable: '$.v', StringEqualsPath: '$.w' }, { v: 'x', w: 'x' })).toBe(true);
    });
  });

  describe('StringMatches', () => {
    it.each([
      ['foo23.log', 'foo*.log', true],
      ['foo.log', 'foo*.log', true],
      ['fo.log', 'foo*.log', false],
      ['foo*bar', 'foo\\*bar', true],
      ['fooXbar', 'foo\\*bar', false],
      ['a\\b', 'a\\\\b', true],
      ['a.c', 'a.c', true],
      ['abc', 'a.c', false],
      ['line1\nline2', 'line1*', true],
    ])('%j against %j is %s', (value, pattern, expected) => {
      expect(stringMatches(value, pattern)).toBe(expected);
    });
  });

  describe('numeric, boolean and timestamp comparisons', () => {
    it('compares numbers, integers and decimals alike', () => {
      expect(matches({ Variable: '$.v', NumericEquals: 2 }, { v: 2.0 })).toBe(true);
      expect(matches({ Variable: '$.v', NumericLessThan: 2.5 }, { v: 2 })).toBe(true);
      expect(matches({ Variable: '$.v', NumericGreaterThanEqualsPath: '$.min' }, { v: 3, min: 3 })).toBe(true);
    });

    it('compares booleans', () => {
      expect(matches({ Variable: '$.v', BooleanEquals: false }, { v: false })).toBe(true);
      expect(matches({ Variable: '$.v', BooleanEqualsPath: '$.w' }, { v: true, w: false })).toBe(false);
    });

    it('compares timestamps as instants, across time zones', () => {
      expect(matches({ Variable: '$.t', TimestampEquals: '2026-01-01T12:00:00Z' }, { t: '2026-01-01T13:00:00+01:00' })).toBe(true);
      expect(matches({ Variable: '$.t', TimestampLessThan: '2026-01-01T12:00:00Z' }, { t: '2026-01-01T12:30:00+01:00' })).toBe(true);
      expect(matches({ Variable: '$.t', TimestampGreaterThanPath: '$.u' }, { t: '2026-01-01T00:00:00.000001Z', u: '2026-01-01T00:00:00Z' })).toBe(true);
    });

    it('treats a value that is not a timestamp as no match', () => {
      expect(matches({ Variable: '$.t', TimestampLessThan: '2026-01-01T12:00:00Z' }, { t: 'yesterday' })).toBe(false);
      expect(matches({ Variable: '$.t', TimestampLessThan: '2026-01-01T12:00:00Z' }, { t: '2025-01-01 12:00:00Z' })).toBe(false);
    });
  });

  describe('type mismatches', () => {
    it.each([
      [{ StringEquals: '1' }, 1],
      [{ NumericEquals: 1 }, '1'],
      [{ BooleanEquals: true }, 'true'],
      [{ StringLessThan: 'z' }, null],
    ])('%j against %j is no match', (operator, value) => {
      expect(matches({ Variable: '$.v', ...operator }, { v: value })).toBe(false);
    });
  });

  describe('type tests', () => {
    it.each([
      ['IsNull', null, true],
      ['IsNull', 0, false],
      ['IsNumeric', 1.5, true],
      ['IsNumeric', '1', false],
      ['IsString', '', true],
      ['IsBoolean', false, true],
      ['IsTimestamp', '2026-02-28T23:59:59.123-05:00', true],
      ['IsTimestamp', '2026-02-30T00:00:00Z', false],
      ['IsTimestamp', '2026-01-01T00:00:00', false],
    ])('%s on %j is %s', (test, value, expected) => {
      expect(matches({ Variable: '$.v', [test]: true }, { v: value })).toBe(expected);
      expect(matches({ Variable: '$.v', [test]: false }, { v: value })).toBe(!expected);
    });

    it('IsPresent tells missing from null', () => {
      expect(matches({ Variable: '$.v', IsPresent: true }, { v: null })).toBe(true);
      expect(matches({ Variable: '$.v', IsPresent: true }, {})).toBe(false);
      expect(matches({ Variable: '$.v', IsPresent: false }, {})).toBe(true);
    });
  });

  describe('missing values', () => {
    it('fails with States.Runtime when Variable selects nothing', () => {
      try {
        matches({ Variable: '$.missing', StringEquals: 'x' }, {});
        expect.unreachable();
      } catch (error) {
        expect((error as StatesError).error).toBe('States.Runtime');
        expect((error as StatesError).message).toContain('$.missing');
      }
    });

    it('fails when a *Path operand selects nothing', () => {
      expect(() => matches({ Variable: '$.v', NumericEqualsPath: '$.nope' }, { v: 1 })).toThrow(/\$\.nope/);
    });
  });

  describe('And, Or and Not', () => {
    const rule: JsonObject = { And: [{ Variable: '$.n', NumericGreaterThan: 0 }, { Or: [{ Variable: '$.s', StringEquals: 'a' }, { Not: { Variable: '$.b', BooleanEquals: true } }] }] };

    it.each([
      [{ n: 1, s: 'a', b: true }, true],
      [{ n: 1, s: 'x', b: false }, true],
      [{ n: 1, s: 'x', b: true }, false],
      [{ n: 0, s: 'a', b: false }, false],
    ])('%j is %s', (input, expected) => {
      expect(matches(rule, input)).toBe(expected);
    });

    it('short-circuits, so a later missing path does not fail', () => {
      expect(matches({ Or: [{ Variable: '$.a', IsPresent: false }, { Variable: '$.a', StringEquals: 'x' }] }, {})).toBe(true);
    });
  });

  describe('evaluateChoice', () => {
    const state: ChoiceState = {
      Type: 'Choice',
      InputPath: '$.data',
      OutputPath: '$.kept',
      Choices: [
        { Variable: '$.n', NumericEquals: 1, Next: 'One' },
        { Variable: '$.n', NumericGreaterThan: 0, Next: 'Positive' },
      ],
      Default: 'Other',
    };

    it('takes the first matching rule and outputs the input through InputPath and OutputPath', async () => {
      // Act
      const decision = await evaluateChoice(state, { data: { n: 1, kept: 'k' } }, { context: aContext(), variables: {}, queryLanguage: 'JSONPath', random: Math.random });
      // Assess
      expect(decision).toEqual({ next: 'One', output: 'k', assign: {} });
    });

    it('takes Default when nothing matches', async () => {
      expect((await evaluateChoice(state, { data: { n: -1, kept: 0 } }, { context: aContext(), variables: {}, queryLanguage: 'JSONPath', random: Math.random })).next).toBe('Other');
    });

    it('fails with States.NoChoiceMatched without a Default', async () => {
      // Prepare
      const { Default: _default, ...noDefault } = state;
      // Act / Assess
      await expect(evaluateChoice(noDefault, { data: { n: -1, kept: 0 } }, { context: aContext(), variables: {}, queryLanguage: 'JSONPath', random: Math.random })).rejects.toMatchObject({
        error: 'States.NoChoiceMatched',
      });
    });
  });
});
