import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFormula, FormulaError, formulaVariables, parseFormula } from '../../../../functions/domain/catalog/formula';

describe('formula', () => {
  describe('evaluation', () => {
    it.each([
      ['1 + 2 * 3', {}, 7],
      ['(1 + 2) * 3', {}, 9],
      ['-2 * -3', {}, 6],
      ['10 / 4 - 1', {}, 1.5],
      ['ceil(width_mm / 600) * 2', { width_mm: 1800 }, 6],
      ['ceil(width_mm / 600) * 2', { width_mm: 1801 }, 8],
      ['floor(2.7) + round(2.5) + abs(-1)', {}, 6],
      ['max(1, a, 3) - min(b, 4)', { a: 7, b: 2 }, 5],
      ['1e3 * .5', {}, 500],
      [42, {}, 42],
    ] as const)('evaluates %s to the expected value', (formula, variables, expected) => {
      // Act
      const result = evaluateFormula(formula, variables);

      // Assess
      expect(result).toBe(expected);
    });

    it('evaluates left-associatively (a - b - c, a / b / c)', () => {
      // Assess
      expect(evaluateFormula('10 - 3 - 2', {})).toBe(5);
      expect(evaluateFormula('64 / 4 / 2', {})).toBe(8);
    });

    it('agrees with ordinary arithmetic on random sums and products', () => {
      fc.assert(
        fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (a, b, c) => {
          // Act / Assess
          expect(evaluateFormula('a + b * c', { a, b, c })).toBe(a + b * c);
          expect(evaluateFormula('(a - b) * c', { a, b, c })).toBe((a - b) * c);
        }),
      );
    });
  });

  describe('rejection', () => {
    it.each([
      ['', 'is empty'],
      ['1 +', 'ends unexpectedly'],
      ['(1 + 2', "expected ')'"],
      ['1 2', "unexpected '2'"],
      ['process.exit(1)', "unexpected character '.'"],
      ['constructor(1)', "unknown function 'constructor'"],
      ['ceil(1, 2)', 'takes 1 argument'],
      ['a; b', "unexpected character ';'"],
    ])('refuses %j with a FormulaError saying %s', (formula, message) => {
      // Act / Assess
      expect(() => parseFormula(formula)).toThrow(FormulaError);
      expect(() => parseFormula(formula)).toThrow(message);
    });

    it('refuses unknown variables, including inherited object properties', () => {
      // Assess
      expect(() => evaluateFormula('width_mm * 2', {})).toThrow("unknown variable 'width_mm'");
      expect(() => evaluateFormula('toString', {})).toThrow("unknown variable 'toString'");
    });

    it('refuses division by zero', () => {
      // Assess
      expect(() => evaluateFormula('1 / (a - a)', { a: 3 })).toThrow('division by zero');
    });

    it('refuses formulas longer than 500 characters', () => {
      // Assess
      expect(() => parseFormula('1+'.repeat(300) + '1')).toThrow('longer than 500');
    });
  });

  describe('formulaVariables', () => {
    it('lists each variable once', () => {
      // Act
      const variables = formulaVariables('ceil(a * b) + a / max(c, 2)');

      // Assess
      expect([...variables].sort()).toEqual(['a', 'b', 'c']);
    });
  });

  describe('parsing once', () => {
    it('hands out one frozen tree per source, so a caller cannot change what the next one evaluates', () => {
      // Act
      const first = parseFormula('ceil(width_mm / 600) * -2');
      const second = parseFormula('ceil(width_mm / 600) * -2');

      // Assess
      expect(second).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(first.kind === 'binary' && Object.isFrozen(first.left) && first.left.kind === 'call' && Object.isFrozen(first.left.args) && Object.isFrozen(first.left.args[0])).toBe(true);
      expect(first.kind === 'binary' && Object.isFrozen(first.right)).toBe(true);
      expect(evaluateFormula('ceil(width_mm / 600) * -2', { width_mm: 1800 })).toBe(-6);
    });

    it('keeps answering correctly past the bound on remembered formulas', () => {
      // Act: more distinct formulas than it remembers, then the first again
      const results = Array.from({ length: 1_205 }, (_, index) => evaluateFormula(`x + ${index}`, { x: 1 }));

      // Assess
      expect(results[1_204]).toBe(1_205);
      expect(evaluateFormula('x + 0', { x: 41 })).toBe(41);
    });
  });
});
