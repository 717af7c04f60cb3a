/**
 * Choice rules. JSONPath rules compare the value at `Variable` with a literal or (for `*Path`
 * operators) the value at another path; a value of the wrong type is simply no match, as AWS
 * does. A `Variable` (or `*Path` operand) that selects nothing is a `States.Runtime` error, except
 * under `IsPresent`. JSONata rules evaluate `Condition`, which must yield a boolean.
 */
import type { Json, JsonObject } from './contract';
import { StatesError } from './contract';
import type { PathScope } from './json-path';
import { readPath, tryReadPath } from './json-path';
import { compareInstants, parseTimestamp } from './timestamp';

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

interface Comparison {
  readonly kind: Kind;
  readonly relation: Relation | 'Matches';
  readonly path: boolean;
}

const RELATIONS: readonly Relation[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];

/** Every comparison operator ASL defines, with what it compares. */
export const COMPARISON_OPERATORS: ReadonlyMap<string, Comparison> = new Map<string, Comparison>([
  ...(['String', 'Numeric', 'Timestamp'] as const).flatMap((kind) =>
    RELATIONS.flatMap((relation) => [
      [`${kind}${relation}`, { kind, relation, path: false }] as const,
      [`${kind}${relation}Path`, { kind, relation, path: true }] as const,
    ]),
  ),
  ['BooleanEquals', { kind: 'Boolean', relation: 'Equals', path: false }],
  ['BooleanEqualsPath', { kind: 'Boolean', relation: 'Equals', path: true }],
  ['StringMatches', { kind: 'String', relation: 'Matches', path: false }],
]);

/** The type tests: `IsNull: true` and friends. */
export const TYPE_TESTS: ReadonlySet<string> = new Set(['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp']);

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export const stringMatches = (value: string, pattern: string): boolean => {
  let regex = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      regex += `\\${pattern[i + 1]}`;
      i += 1;
    } else if (c === '*') regex += '[\\s\\S]*';
    else regex += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`).test(value);
};

const relate = (relation: Relation, order: number): boolean => {
  switch (relation) {
    case 'Equals':
      return order === 0;
    case 'LessThan':
      return order < 0;
    case 'GreaterThan':
      return order > 0;
    case 'LessThanEquals':
      return order <= 0;
    case 'GreaterThanEquals':
      return order >= 0;
  }
};

const compare = (comparison: Comparison, value: Json, operand: Json): boolean => {
  switch (comparison.kind) {
    case 'String':
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      if (comparison.relation === 'Matches') return stringMatches(value, operand);
      return relate(comparison.relation, value < operand ? -1 : value > operand ? 1 : 0);
    case 'Numeric':
      if (typeof value !== 'number' || typeof operand !== 'number' || comparison.relation === 'Matches') return false;
      return relate(comparison.relation, value - operand);
    case 'Boolean':
      return typeof value === 'boolean' && typeof operand === 'boolean' && value === operand;
    case 'Timestamp': {
      if (typeof value !== 'string' || typeof operand !== 'string' || comparison.relation === 'Matches') return false;
      const a = parseTimestamp(value);
      const b = parseTimestamp(operand);
      return a !== undefined && b !== undefined && relate(comparison.relation, compareInstants(a, b));
    }
  }
};

const typeTest = (test: string, value: Json): boolean => {
  switch (test) {
    case 'IsNull':
      return value === null;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    case 'IsTimestamp':
      return typeof value === 'string' && parseTimestamp(value) !== undefined;
    default:
      return false;
  }
};

const readVariable = (path: string, input: Json, scope: PathScope, field: string): Json => {
  try {
    return readPath(path, input, scope);
  } catch (error) {
    if (error instanceof StatesError) throw new StatesError('States.Runtime', `Invalid path '${path}' in the Choice rule's ${field}: it references no value`);
    throw error;
  }
};

/** True when a JSONPath Choice rule (boolean or data-test expression) matches `input`. */
export const evaluateChoiceRule = (rule: JsonObject, input: Json, scope: PathScope): boolean => {
  if (Array.isArray(rule.And)) return rule.And.every((r) => evaluateChoiceRule(r as JsonObject, input, scope));
  if (Array.isArray(rule.Or)) return rule.Or.some((r) => evaluateChoiceRule(r as JsonObject, input, scope));
  if (typeof rule.Not === 'object' && rule.Not !== null) return !evaluateChoiceRule(rule.Not as JsonObject, input, scope);
  const variable = rule.Variable;
  if (typeof variable !== 'string') throw new StatesError('States.Runtime', 'A Choice rule has no Variable and no And/Or/Not');
  for (const [key, expected] of Object.entries(rule)) {
    if (key === 'IsPresent') return (tryReadPath(variable, input, scope) !== undefined) === (expected === true);
    if (TYPE_TESTS.has(key)) return typeTest(key, readVariable(variable, input, scope, 'Variable')) === (expected === true);
    const comparison = COMPARISON_OPERATORS.get(key);
    if (comparison) {
      const value = readVariable(variable, input, scope, 'Variable');
      const operand = comparison.path ? readVariable(expected as string, input, scope, key) : expected;
      return compare(comparison, value, operand);
    }
  }
  throw new StatesError('States.Runtime', `The Choice rule on '${variable}' has no comparison operator`);
};
