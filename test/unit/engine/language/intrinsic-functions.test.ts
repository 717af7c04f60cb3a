import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../local/engine/language/index';
import type { StatesError } from '../../../../local/engine/language/index';
import { evaluateIntrinsic, IntrinsicSyntaxError, parseIntrinsic } from '../../../../local/engine/language/intrinsic-functions';
import { aContext } from './support/scope.builder';
import { seededRandom } from './support/state-walker';

const scope = { context: aContext(), variables: { greeting: 'hi' }, random: seededRandom(1) };
const run = (expression: string, input: Json = {}): Json => evaluateIntrinsic(expression, input, scope);
const failure = (expression: string, input: Json = {}): StatesError => {
  try {
    run(expression, input);
  } catch (error) {
    return error as StatesError;
  }
  throw new Error(`${expression} did not fail`);
};

describe('intrinsic functions', () => {
  describe('argument parsing', () => {
    it('reads strings, numbers (negative, decimal), booleans, null and paths', () => {
      expect(run("States.Array('a', -1, 2.5, true, false, null, $.x)", { x: { y: 1 } })).toEqual(['a', -1, 2.5, true, false, null, { y: 1 }]);
    });

    it('unescapes \\\' \\{ \\} and \\\\ in string literals', () => {
      expect(run("States.Array('it\\'s', '\\{\\}', 'back\\\\slash')")).toEqual(["it's", '{}', 'back\\slash']);
    });

    it('reads back any string escaped by the documented rules (property)', () => {
      fc.assert(
        fc.property(fc.string(), (text) => {
          // Prepare
          const literal = text.replace(/[\\'{}]/g, (c) => `\\${c}`);
          // Act / Assess
          expect(run(`States.Array('${literal}')`)).toEqual([text]);
        }),
      );
    });

    it('rejects an open escape', () => {
      expect(() => parseIntrinsic("States.Array('bad \\n')")).toThrow(/open escape/);
    });

    it('reads paths with brackets, filters, context and variables', () => {
      // Prepare
      const input = { 'a b': [{ v: 1 }, { v: 5 }] };
      // Act / Assess
      expect(run("States.Array($['a b'][?(@.v > 2)].v, $$.Execution.Name, $greeting)", input)).toEqual([[5], 'exec-1', 'hi']);
    });

    it('nests calls', () => {
      expect(run("States.ArrayLength(States.StringSplit(States.Format('{}-{}', 'a', 'b'), '-'))")).toBe(2);
    });

    it.each([
      ["States.Nope('x')", /unknown intrinsic function/],
      ["States.Format('x'", /expected ',' or '\)'/],
      ['States.ArrayLength()', /takes 1 argument/],
      ["States.UUID('x')", /takes 0 argument/],
      ["States.Array('unterminated)", /unterminated string/],
      ['States.Array(1) trailing', /unexpected/],
    ])('rejects %s', (expression, message) => {
      expect(() => parseIntrinsic(expression)).toThrow(IntrinsicSyntaxError);
      expect(() => parseIntrinsic(expression)).toThrow(message);
    });

    it('fails with States.Runtime when a path argument selects nothing, in the words AWS uses', () => {
      // Act
      const error = failure("States.Format('{}', $.nope)", { other: 1 });
      // Assess
      expect(error.error).toBe('States.Runtime');
      expect(error.errorCause).toBe(`The function 'States.Format('{}', $.nope)' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '{"other":1}'`);
    });
  });

  describe('States.Format', () => {
    it('fills placeholders in order and keeps escaped braces', () => {
      expect(run("States.Format('Hello, {}! \\{\\} {}', $.name, 3)", { name: 'Ada' })).toBe('Hello, Ada! {} 3');
    });

    it('formats null, objects and arrays as AWS (Java) does', () => {
      expect(run("States.Format('{} {} {}', $.n, $.o, $.a)", { n: null, o: { Arg1: 1, Arg2: [] }, a: [1, 'x'] })).toBe('null {Arg1=1, Arg2=[]} [1, x]');
    });

    it('takes its template from a path', () => {
      expect(run('States.Format($.t, $.name)', { t: 'Hi {}.', name: 'Bo' })).toBe('Hi Bo.');
    });

    it('fails when placeholders and arguments differ in number', () => {
      expect(failure("States.Format('{} {}', 'one')").errorCause).toMatch(/2 placeholder\(s\) but 1 value/);
      expect(failure("States.Format('{}', 'one', 'two')").errorCause).toMatch(/1 placeholder\(s\) but 2 value/);
    });
  });

  describe('JSON functions', () => {
    it('parses and prints JSON', () => {
      expect(run('States.StringToJson($.s)', { s: '{"a":[1,2]}' })).toEqual({ a: [1, 2] });
      expect(run('States.JsonToString($.o)', { o: { a: [1, 2] } })).toBe('{"a":[1,2]}');
      expect(run('States.JsonToString($.s)', { s: 'text' })).toBe('"text"');
    });

    it('reads an empty string as null, as AWS does', () => {
      expect(run('States.StringToJson($.s)', { s: '' })).toBeNull();
    });

    it('fails on text that is not JSON', () => {
      expect(failure('States.StringToJson($.s)', { s: '{oops' }).error).toBe('States.Runtime');
    });

    it('merges shallowly, the second object winning', () => {
      expect(run('States.JsonMerge($.a, $.b, false)', { a: { x: { p: 1 }, y: 1 }, b: { x: { q: 2 } } })).toEqual({ x: { q: 2 }, y: 1 });
    });

    it('rejects deep merging', () => {
      expect(failure('States.JsonMerge($.a, $.b, $.deep)', { a: {}, b: {}, deep: true }).errorCause).toMatch(/only shallow merging/);
    });
  });

  describe('array functions', () => {
    const input = { xs: [1, 2, 2, { a: 1 }, { a: 1 }, [3], [3]] };

    it('partitions, with a shorter last chunk', () => {
      expect(run('States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)')).toEqual([[1, 2], [3, 4], [5]]);
    });

    it('finds values by deep equality', () => {
      expect(run('States.ArrayContains($.xs, $.v)', { ...input, v: { a: 1 } })).toBe(true);
      expect(run('States.ArrayContains($.xs, $.v)', { ...input, v: { a: 2 } })).toBe(false);
    });

    it('builds ranges up and down, stopping before passing the end', () => {
      expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
      expect(run('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
      expect(run('States.ArrayRange(1, 0, 1)')).toEqual([]);
    });

    it('rounds non-integer range arguments to the nearest integer, as the AWS guide says', () => {
      expect(run('States.ArrayRange(1.4, 4.6, 1)')).toEqual([1, 2, 3, 4, 5]);
    });

    it('refuses a zero step and more than 1000 items', () => {
      expect(failure('States.ArrayRange(1, 5, $.step)', { step: 0 }).errorCause).toMatch(/step must not be 0/);
      expect(failure('States.ArrayRange(1, $.end, 1)', { end: 1001 }).errorCause).toMatch(/limit is 1000/);
    });

    it('gets items by index, null past the end', () => {
      expect(run('States.ArrayGetItem($.xs, 3)', input)).toEqual({ a: 1 });
      expect(run('States.ArrayGetItem($.xs, 99)', input)).toBeNull();
    });

    it('counts and de-duplicates (deep equality, first occurrence kept)', () => {
      expect(run('States.ArrayLength($.xs)', input)).toBe(7);
      expect(run('States.ArrayUnique($.xs)', input)).toEqual([1, 2, { a: 1 }, [3]]);
    });

    it('fails when the first argument is not an array', () => {
      expect(failure('States.ArrayLength($.s)', { s: 'no' }).errorCause).toMatch(/argument 1 of States.ArrayLength must be an array, got a string/);
    });
  });

  describe('encoding and hashing', () => {
    it('round-trips Base64', () => {
      expect(run("States.Base64Encode('Data to encode')")).toBe('RGF0YSB0byBlbmNvZGU=');
      expect(run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).toBe('Data to encode');
    });

    it('refuses strings over 10,000 characters', () => {
      expect(failure('States.Base64Encode($.s)', { s: 'a'.repeat(10_001) }).errorCause).toMatch(/limit is 10000/);
    });

    it.each([
      ['MD5', 'md5'],
      ['SHA-1', 'sha1'],
      ['SHA-256', 'sha256'],
      ['SHA-384', 'sha384'],
      ['SHA-512', 'sha512'],
    ])('hashes with %s', (algorithm, nodeName) => {
      expect(run(`States.Hash('input data', '${algorithm}')`)).toBe(createHash(nodeName).update('input data').digest('hex'));
    });

    it('refuses an unknown algorithm', () => {
      expect(failure('States.Hash($.d, $.alg)', { d: 'x', alg: 'SHA-200' }).errorCause).toMatch(/must be one of MD5/);
    });
  });

  describe('literal arguments of the wrong type', () => {
    it.each([
      ["States.MathAdd('one', 1)", /argument 1 of States.MathAdd must be a number, got a string/],
      ["States.Hash('x', 'SHA-200')", /algorithm must be one of/],
      ['States.ArrayPartition(States.Array(1), 0)', /positive integer/],
      ['States.Base64Encode(false)', /must be a string, got a boolean/],
    ])('fail %s when it runs', (expression, message) => {
      expect(failure(expression).errorCause).toMatch(message);
    });
  });

  describe('math', () => {
    it('adds after rounding each argument half up, like Java Math.round', () => {
      expect(run('States.MathAdd($.a, $.b)', { a: 1.49, b: 1.5 })).toBe(3);
      expect(run('States.MathAdd($.a, 0)', { a: -1.5 })).toBe(-1);
      expect(run('States.MathAdd(111, -1)')).toBe(110);
    });

    it('refuses values outside the 32-bit integer range', () => {
      expect(failure('States.MathAdd($.a, 1)', { a: 2147483647 }).errorCause).toMatch(/integer range/);
    });

    it('draws a random integer in [start, end) from the scope', () => {
      // Prepare
      const draws = Array.from({ length: 200 }, (_, i) => evaluateIntrinsic('States.MathRandom(3, 6)', {}, { ...scope, random: seededRandom(i) }));
      // Assess
      expect(new Set(draws)).toEqual(new Set([3, 4, 5]));
    });

    it('repeats itself for the same seed', () => {
      expect(run('States.MathRandom(1, 1000, 99)')).toBe(run('States.MathRandom(1, 1000, 99)'));
    });
  });

  describe('strings and identifiers', () => {
    it('splits on any of the delimiter characters and drops empty tokens', () => {
      expect(run("States.StringSplit('This.is+a,test=string', '.+,=')")).toEqual(['This', 'is', 'a', 'test', 'string']);
      expect(run('States.StringSplit($.s, $.d)', { s: ', , ,', d: ',' })).toEqual([' ', ' ']);
    });

    it('makes version-4 UUIDs from the scope randomness, repeatably', () => {
      // Act
      const first = evaluateIntrinsic('States.UUID()', {}, { ...scope, random: seededRandom(5) });
      const again = evaluateIntrinsic('States.UUID()', {}, { ...scope, random: seededRandom(5) });
      // Assess
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(again).toBe(first);
    });
  });
});
