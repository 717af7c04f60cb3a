/**
 * A small, safe arithmetic language for catalog formulas (BOM quantities, operation times, QC
 * nominal values). Parsed by a recursive-descent parser into a tree and evaluated over a map of
 * variables: there is no `eval`, no property access, no calls other than the listed functions.
 *
 * Grammar:
 * ```
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := '-' unary | primary
 * primary := number | identifier | identifier '(' expr (',' expr)* ')' | '(' expr ')'
 * ```
 * Functions: ceil, floor, round, abs (one argument), min, max (one or more).
 */
import type { Formula } from './catalog.types';

/** A formula that does not parse, names an unknown variable, or evaluates to a non-finite number. */
export class FormulaError extends Error {
  readonly formula: string;

  constructor(formula: string, message: string, options?: { cause?: unknown }) {
    super(`Formula '${formula}': ${message}`, options);
    this.name = 'FormulaError';
    this.formula = formula;
  }
}

/** A parsed formula. */
export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: FormulaNode }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '/'; readonly left: FormulaNode; readonly right: FormulaNode }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly FormulaNode[] };

const FUNCTIONS = {
  ceil: { arity: 1, apply: (args: number[]) => Math.ceil(args[0] ?? 0) },
  floor: { arity: 1, apply: (args: number[]) => Math.floor(args[0] ?? 0) },
  round: { arity: 1, apply: (args: number[]) => Math.round(args[0] ?? 0) },
  abs: { arity: 1, apply: (args: number[]) => Math.abs(args[0] ?? 0) },
  min: { arity: 'variadic', apply: (args: number[]) => Math.min(...args) },
  max: { arity: 'variadic', apply: (args: number[]) => Math.max(...args) },
} as const;

type FunctionName = keyof typeof FUNCTIONS;

function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'identifier'; readonly name: string; readonly at: number }
  | { readonly kind: 'symbol'; readonly symbol: '+' | '-' | '*' | '/' | '(' | ')' | ','; readonly at: number };

const MAX_FORMULA_LENGTH = 500;

function tokenize(source: string): Token[] {
  if (source.length > MAX_FORMULA_LENGTH) throw new FormulaError(source.slice(0, 40), `longer than ${MAX_FORMULA_LENGTH} characters`);
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: index });
      index += number[0].length;
      continue;
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (identifier) {
      tokens.push({ kind: 'identifier', name: identifier[0], at: index });
      index += identifier[0].length;
      continue;
    }
    const symbol = rest[0];
    if (symbol === '+' || symbol === '-' || symbol === '*' || symbol === '/' || symbol === '(' || symbol === ')' || symbol === ',') {
      tokens.push({ kind: 'symbol', symbol, at: index });
      index += 1;
      continue;
    }
    throw new FormulaError(source, `unexpected character '${symbol}' at position ${index}`);
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): FormulaNode {
    if (this.tokens.length === 0) throw new FormulaError(this.source, 'is empty');
    const node = this.expression();
    const extra = this.tokens[this.position];
    if (extra) throw new FormulaError(this.source, `unexpected '${describe(extra)}' at position ${extra.at}`);
    return node;
  }

  private peekSymbol(...symbols: string[]): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === 'symbol' && symbols.includes(token.symbol) ? token.symbol : undefined;
  }

  private expect(symbol: string): void {
    const token = this.tokens[this.position];
    if (token?.kind !== 'symbol' || token.symbol !== symbol) {
      throw new FormulaError(this.source, `expected '${symbol}' ${token ? `at position ${token.at}, got '${describe(token)}'` : 'at the end'}`);
    }
    this.position += 1;
  }

  private expression(): FormulaNode {
    let node = this.term();
    for (let operator = this.peekSymbol('+', '-'); operator; operator = this.peekSymbol('+', '-')) {
      this.position += 1;
      node = { kind: 'binary', operator: operator as '+' | '-', left: node, right: this.term() };
    }
    return node;
  }

  private term(): FormulaNode {
    let node = this.unary();
    for (let operator = this.peekSymbol('*', '/'); operator; operator = this.peekSymbol('*', '/')) {
      this.position += 1;
      node = { kind: 'binary', operator: operator as '*' | '/', left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): FormulaNode {
    if (this.peekSymbol('-')) {
      this.position += 1;
      return { kind: 'negate', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const token = this.tokens[this.position];
    if (!token) throw new FormulaError(this.source, 'ends unexpectedly');
    this.position += 1;
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'identifier') {
      if (!this.peekSymbol('(')) return { kind: 'variable', name: token.name };
      if (!isFunctionName(token.name)) throw new FormulaError(this.source, `unknown function '${token.name}'`);
      this.position += 1;
      const args = [this.expression()];
      while (this.peekSymbol(',')) {
        this.position += 1;
        args.push(this.expression());
      }
      this.expect(')');
      const { arity } = FUNCTIONS[token.name];
      if (arity !== 'variadic' && args.length !== arity) {
        throw new FormulaError(this.source, `${token.name}() takes ${arity} argument(s), got ${args.length}`);
      }
      return { kind: 'call', name: token.name, args };
    }
    if (token.symbol === '(') {
      const node = this.expression();
      this.expect(')');
      return node;
    }
    throw new FormulaError(this.source, `unexpected '${token.symbol}' at position ${token.at}`);
  }
}

function describe(token: Token): string {
  if (token.kind === 'number') return String(token.value);
  if (token.kind === 'identifier') return token.name;
  return token.symbol;
}

/**
 * Parsed trees by source. A catalog holds a few dozen formulas, and every order line evaluates
 * them all: POST /orders spent about 2 % of its thread's CPU tokenizing the same strings again.
 * Bounded, so a long-running process that is fed ever new formulas does not grow without end.
 */
const parsedFormulas = new Map<string, FormulaNode>();
const PARSED_FORMULAS_LIMIT = 1_000;

function deepFreeze(node: FormulaNode): FormulaNode {
  if (node.kind === 'negate') deepFreeze(node.operand);
  else if (node.kind === 'binary') {
    deepFreeze(node.left);
    deepFreeze(node.right);
  } else if (node.kind === 'call') {
    node.args.forEach(deepFreeze);
    Object.freeze(node.args);
  }
  return Object.freeze(node);
}

/**
 * Parses a formula into its tree, throwing {@link FormulaError} on a syntax error. The tree is
 * frozen: the same one is handed to every caller that parses the same source.
 */
export function parseFormula(formula: Formula): FormulaNode {
  if (typeof formula === 'number') {
    if (!Number.isFinite(formula)) throw new FormulaError(String(formula), 'a constant must be a finite number');
    return Object.freeze({ kind: 'number', value: formula });
  }
  const known = parsedFormulas.get(formula);
  if (known !== undefined) return known;
  const parsed = deepFreeze(new Parser(formula, tokenize(formula)).parse());
  if (parsedFormulas.size >= PARSED_FORMULAS_LIMIT) parsedFormulas.clear();
  parsedFormulas.set(formula, parsed);
  return parsed;
}

/** The variable names a formula reads (for checking a catalog's formulas against its options). */
export function formulaVariables(formula: Formula): readonly string[] {
  const names = new Set<string>();
  const visit = (node: FormulaNode): void => {
    if (node.kind === 'variable') names.add(node.name);
    else if (node.kind === 'negate') visit(node.operand);
    else if (node.kind === 'binary') {
      visit(node.left);
      visit(node.right);
    } else if (node.kind === 'call') node.args.forEach(visit);
  };
  visit(parseFormula(formula));
  return [...names];
}

function evaluateNode(source: string, node: FormulaNode, variables: Readonly<Record<string, number>>): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'variable': {
      if (!Object.hasOwn(variables, node.name)) throw new FormulaError(source, `unknown variable '${node.name}'`);
      return variables[node.name] ?? Number.NaN;
    }
    case 'negate':
      return -evaluateNode(source, node.operand, variables);
    case 'binary': {
      const left = evaluateNode(source, node.left, variables);
      const right = evaluateNode(source, node.right, variables);
      if (node.operator === '+') return left + right;
      if (node.operator === '-') return left - right;
      if (node.operator === '*') return left * right;
      if (right === 0) throw new FormulaError(source, 'division by zero');
      return left / right;
    }
    case 'call':
      return FUNCTIONS[node.name].apply(node.args.map((arg) => evaluateNode(source, arg, variables)));
  }
}

/**
 * Evaluates a formula over numeric variables. Throws {@link FormulaError} on syntax errors, unknown
 * variables, division by zero and non-finite results.
 *
 * @example evaluateFormula('ceil(width_mm / 600) * 2', { width_mm: 1800 }) // 6
 */
export function evaluateFormula(formula: Formula, variables: Readonly<Record<string, number>>): number {
  const source = String(formula);
  const result = evaluateNode(source, parseFormula(formula), variables);
  if (!Number.isFinite(result)) throw new FormulaError(source, `evaluates to ${result}`);
  return result;
}
