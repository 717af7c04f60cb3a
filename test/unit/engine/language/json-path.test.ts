import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../../../local/engine/language/index';
import { StatesError } from '../../../../local/engine/language/index';
import { isReferencePath, parsePath, PathSyntaxError, readPath, tryReadPath, writeResultPath } from '../../../../local/engine/language/json-path';
import { aContext } from './support/scope.builder';

const store: Json = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  'odd key': { 'a.b': 1 },
};
const readPathOrUndefined = (object: Json, names: string[]): Json | undefined =>
  names.reduce<Json | undefined>((node, n) => (typeof node === 'object' && node !== null && !Array.isArray(node) ? node[n] : undefined), object);
const scope = { context: aContext(), variables: { order: { id: 'o-7', lines: [{ sku: 'A' }, { sku: 'B' }] }, count: 3 } };

describe('JSONPath', () => {
  describe('definite paths', () => {
    it('reads the root, fields, bracketed names and indexes', () => {
      // Prepare / Act / Assess
      expect(readPath('$', store, scope)).toBe(store);
      expect(readPath('$.store.bicycle.color', store, scope)).toBe('red');
      expect(readPath("$['odd key']['a.b']", store, scope)).toBe(1);
      expect(readPath('$.store.book[1].author', store, scope)).toBe('Evelyn Waugh');
    });

    it('counts negative indexes from the end', () => {
      expect(readPath('$.store.book[-1].title', store, scope)).toBe('Moby Dick');
    });

    it('fails with States.Runtime naming the path when nothing is there', () => {
      // Act
      const act = (): unknown => readPath('$.store.nothing', store, scope);
      // Assess
      expect(act).toThrow(StatesError);
      expect(act).toThrow(/\$\.store\.nothing/);
      try {
        act();
      } catch (error) {
        expect((error as StatesError).error).toBe('States.Runtime');
      }
    });

    it('fails when an index is out of bounds or applied to an object', () => {
      expect(() => readPath('$.store.book[9]', store, scope)).toThrow(/out of bounds/);
      expect(() => readPath('$.store.bicycle[0]', store, scope)).toThrow(/cannot read index 0 of an object/);
    });

    it('tells null apart from missing', () => {
      // Prepare
      const input = { present: null };
      // Act / Assess
      expect(tryReadPath('$.present', input, scope)).toBeNull();
      expect(tryReadPath('$.absent', input, scope)).toBeUndefined();
    });
  });

  describe('indefinite paths', () => {
    it('returns every match of a wildcard, in order', () => {
      expect(readPath('$.store.book[*].author', store, scope)).toEqual(['Nigel Rees', 'Evelyn Waugh', 'Herman Melville']);
      expect(readPath('$.store.bicycle.*', store, scope)).toEqual(['red', 19.95]);
    });

    it('slices arrays with start, end and step', () => {
      expect(readPath('$.store.book[0:2].price', store, scope)).toEqual([8.95, 12.99]);
      expect(readPath('$.store.book[-2:].price', store, scope)).toEqual([12.99, 8.99]);
      expect(readPath('$.store.book[::2].price', store, scope)).toEqual([8.95, 8.99]);
    });

    it('descends recursively with ..', () => {
      expect(readPath('$..price', store, scope)).toEqual([8.95, 12.99, 8.99, 19.95]);
      expect(readPath('$.store..isbn', store, scope)).toEqual(['0-553-21311-3']);
    });

    it('filters with comparisons, existence and boolean operators', () => {
      expect(readPath('$.store.book[?(@.price < 10)].title', store, scope)).toEqual(['Sayings', 'Moby Dick']);
      expect(readPath('$.store.book[?(@.isbn)].title', store, scope)).toEqual(['Moby Dick']);
      expect(readPath("$.store.book[?(@.category == 'fiction' && @.price > 10)].title", store, scope)).toEqual(['Sword']);
      expect(readPath('$.store.book[?(@.price > 12 || @.price < 9)].title', store, scope)).toEqual(['Sayings', 'Sword', 'Moby Dick']);
      expect(readPath('$.store.book[?(@.author =~ /.*Rees/)].price', store, scope)).toEqual([8.95]);
    });

    it('selects unions of indexes', () => {
      expect(readPath('$.store.book[0,2].title', store, scope)).toEqual(['Sayings', 'Moby Dick']);
    });

    it('returns an empty list when nothing matches', () => {
      expect(readPath('$.store.book[?(@.price > 100)]', store, scope)).toEqual([]);
    });
  });

  describe('context and variables', () => {
    it('reads the context object through $$', () => {
      expect(readPath('$$.Execution.Name', {}, scope)).toBe('exec-1');
      expect(readPath('$$.StateMachine.Name', {}, scope)).toBe('OrderFlow');
    });

    it('reads workflow variables through $name', () => {
      expect(readPath('$order.id', {}, scope)).toBe('o-7');
      expect(readPath('$order.lines[*].sku', {}, scope)).toEqual(['A', 'B']);
      expect(readPath('$count', {}, scope)).toBe(3);
    });

    it('fails with States.Runtime naming an undefined variable', () => {
      expect(() => readPath('$missing.x', {}, scope)).toThrow(/variable '\$missing' is not defined/);
    });
  });

  describe('syntax', () => {
    it.each(['store', '$.', '$..', '$[', "$['a", '$.a[x]', '$.a[1:2:0]', '$.a b', '$.a[?(@.x >)]'])('rejects %j with a PathSyntaxError', (path) => {
      expect(() => parsePath(path)).toThrow(PathSyntaxError);
    });

    it('tells reference paths (definite, rooted at $) from other paths', () => {
      expect(isReferencePath(parsePath('$.a.b[0]'))).toBe(true);
      expect(isReferencePath(parsePath('$.a[*]'))).toBe(false);
      expect(isReferencePath(parsePath('$$.Execution.Id'))).toBe(false);
      expect(isReferencePath(parsePath('$var.a'))).toBe(false);
    });
  });

  describe('ResultPath writing', () => {
    const input = { order: { id: 'o-1' }, lines: [{ sku: 'A' }] };

    it('replaces the input at $', () => {
      expect(writeResultPath(input, '$', 42)).toBe(42);
    });

    it('creates missing objects on the way', () => {
      expect(writeResultPath(input, '$.a.b.c', 10)).toEqual({ ...input, a: { b: { c: 10 } } });
    });

    it('overwrites an existing field and leaves the input untouched', () => {
      // Act
      const output = writeResultPath(input, '$.order', 'replaced');
      // Assess
      expect(output).toEqual({ order: 'replaced', lines: [{ sku: 'A' }] });
      expect(input.order).toEqual({ id: 'o-1' });
    });

    it('writes into an existing array element', () => {
      expect(writeResultPath(input, '$.lines[0].qty', 2)).toEqual({ ...input, lines: [{ sku: 'A', qty: 2 }] });
    });

    it('copies what lies on the path, leaving the input and its nested values untouched', () => {
      // Prepare
      const nested = { order: { id: 'o-1', customer: { name: 'Ada' } }, lines: [{ sku: 'A' }] };
      const before = JSON.stringify(nested);
      // Act
      const intoArray = writeResultPath(nested, '$.lines[0].qty', 2) as JsonObject;
      const intoObject = writeResultPath(nested, '$.order.customer.tier', 'gold') as JsonObject;
      // Assess
      expect(JSON.stringify(nested)).toBe(before);
      expect(intoArray.lines).toEqual([{ sku: 'A', qty: 2 }]);
      expect(intoObject.order).toEqual({ id: 'o-1', customer: { name: 'Ada', tier: 'gold' } });
    });

    it('reads back what it wrote, leaving other fields alone (property)', () => {
      // Prepare
      const name = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/);
      const json = fc.jsonValue() as fc.Arbitrary<Json>;
      fc.assert(
        fc.property(fc.dictionary(name, json), fc.array(name, { minLength: 1, maxLength: 4 }), json, (object: JsonObject, names, value) => {
          const path = `$.${names.join('.')}`;
          fc.pre(names.slice(0, -1).every((_n, i) => {
            const prefix = readPathOrUndefined(object, names.slice(0, i + 1));
            return prefix === undefined || (typeof prefix === 'object' && prefix !== null && !Array.isArray(prefix));
          }));
          const before = JSON.stringify(object);
          // Act
          const written = writeResultPath(object, path, value);
          // Assess
          expect(JSON.stringify(object)).toBe(before);
          expect(readPath(path, written, scope)).toEqual(value);
          for (const key of Object.keys(object)) if (key !== names[0]) expect((written as JsonObject)[key]).toEqual(object[key]);
        }),
      );
    });

    it.each([
      ['a string input', 'text', '$.x'],
      ['an array input', [1, 2], '$.x'],
      ['a non-object on the way', { a: 5 }, '$.a.b'],
      ['an out-of-bounds index', { a: [] }, '$.a[3]'],
    ])('fails with States.ResultPathMatchFailure for %s', (_label, value, path) => {
      try {
        writeResultPath(value, path, 1);
        expect.unreachable();
      } catch (error) {
        expect((error as StatesError).error).toBe('States.ResultPathMatchFailure');
        expect((error as StatesError).message).toContain(path);
      }
    });
  });
});
