/**
 * Amazon EventBridge event-pattern matching, so the local bus routes events by the very rules
 * `cdk synth` emitted.
 *
 * Semantics (AWS "Event patterns" and "Comparison operators" docs):
 * - every key of a pattern object must match (AND); `$or` takes a list of sub-patterns (OR);
 * - a pattern leaf is a list of matchers, any of which may match (OR);
 * - when the event's value is an array, the leaf matches if any element matches;
 * - a nested object in the pattern requires the event value to be an object and matches recursively;
 * - matchers: exact values (strings, numbers compared as numbers, booleans, null), `prefix`, `suffix`,
 *   `equals-ignore-case`, `wildcard`, `anything-but` (value, list, prefix, suffix, wildcard,
 *   equals-ignore-case), `numeric` (ranges), `exists`, `cidr` (IPv4).
 * An invalid pattern throws `InvalidEventPatternError` naming what is wrong, as PutRule would refuse it.
 */

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class InvalidEventPatternError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidEventPatternError';
  }
}

const ABSENT = Symbol('absent');
type Field = JsonValue | typeof ABSENT;

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compiles `*` wildcards (with `\*` as a literal star) into an anchored regular expression. */
function wildcardToRegExp(wildcard: string, flags = ''): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i += 1) {
    const char = wildcard[i]!;
    if (char === '\\' && wildcard[i + 1] === '*') {
      source += '\\*';
      i += 1;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, `s${flags}`);
}

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function matchesCidr(cidr: string, value: JsonValue): boolean {
  const [network, bitsText] = cidr.split('/');
  const base = ipv4ToNumber(network ?? '');
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    throw new InvalidEventPatternError(`cidr must be an IPv4 CIDR block such as 10.0.0.0/24; received ${JSON.stringify(cidr)}`);
  }
  if (typeof value !== 'string') return false;
  const address = ipv4ToNumber(value);
  if (address === undefined) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(base / size);
}

function matchesNumeric(range: JsonValue, value: JsonValue): boolean {
  if (!Array.isArray(range) || range.length === 0 || range.length % 2 !== 0) {
    throw new InvalidEventPatternError(`numeric takes operator/number pairs such as [">", 0, "<=", 5]; received ${JSON.stringify(range)}`);
  }
  if (typeof value !== 'number') return false;
  for (let i = 0; i < range.length; i += 2) {
    const operator = range[i];
    const bound = range[i + 1];
    if (typeof bound !== 'number') {
      throw new InvalidEventPatternError(`numeric bound after ${JSON.stringify(operator)} must be a number; received ${JSON.stringify(bound)}`);
    }
    const holds =
      operator === '=' ? value === bound
      : operator === '<' ? value < bound
      : operator === '<=' ? value <= bound
      : operator === '>' ? value > bound
      : operator === '>=' ? value >= bound
      : undefined;
    if (holds === undefined) {
      throw new InvalidEventPatternError(`numeric operator must be one of = < <= > >=; received ${JSON.stringify(operator)}`);
    }
    if (!holds) return false;
  }
  return true;
}

/** prefix/suffix take a string, or `{ "equals-ignore-case": string }`. */
function affixMatcher(kind: 'prefix' | 'suffix', operand: JsonValue): (value: JsonValue) => boolean {
  const ignoreCase = isObject(operand) && typeof operand['equals-ignore-case'] === 'string';
  const text = ignoreCase && isObject(operand) ? (operand['equals-ignore-case'] as string) : operand;
  if (typeof text !== 'string') {
    throw new InvalidEventPatternError(`${kind} takes a string; received ${JSON.stringify(operand)}`);
  }
  const wanted = ignoreCase ? text.toLowerCase() : text;
  return (value) => {
    if (typeof value !== 'string') return false;
    const subject = ignoreCase ? value.toLowerCase() : value;
    return kind === 'prefix' ? subject.startsWith(wanted) : subject.endsWith(wanted);
  };
}

function exactEquals(expected: JsonValue, value: JsonValue): boolean {
  if (typeof expected === 'number' && typeof value === 'number') return expected === value;
  return expected === value;
}

function matchesAnythingBut(operand: JsonValue, value: JsonValue): boolean {
  if (isObject(operand)) {
    const [kind, inner] = Object.entries(operand)[0] ?? [];
    if (kind === 'prefix' || kind === 'suffix') return !affixMatcher(kind, inner ?? null)(value);
    if (kind === 'wildcard' && typeof inner === 'string') return typeof value === 'string' && !wildcardToRegExp(inner).test(value);
    if (kind === 'equals-ignore-case') {
      const excluded = (Array.isArray(inner) ? inner : [inner]).map((item) => (typeof item === 'string' ? item.toLowerCase() : JSON.stringify(item)));
      return typeof value === 'string' && !excluded.includes(value.toLowerCase());
    }
    throw new InvalidEventPatternError(`anything-but takes a value, a list, or one of prefix/suffix/wildcard/equals-ignore-case; received ${JSON.stringify(operand)}`);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  return !excluded.some((item) => exactEquals(item, value));
}

function matchesMatcher(matcher: JsonValue, field: Field): boolean {
  if (!isObject(matcher)) {
    return field !== ABSENT && exactEquals(matcher, field);
  }
  const entries = Object.entries(matcher);
  if (entries.length !== 1) {
    throw new InvalidEventPatternError(`a matcher object has exactly one operator; received ${JSON.stringify(matcher)}`);
  }
  const [operator, operand] = entries[0]!;
  if (operator === 'exists') {
    if (typeof operand !== 'boolean') throw new InvalidEventPatternError(`exists takes true or false; received ${JSON.stringify(operand)}`);
    return operand ? field !== ABSENT : field === ABSENT;
  }
  if (field === ABSENT) return false;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affixMatcher(operator, operand)(field);
    case 'equals-ignore-case':
      if (typeof operand !== 'string') throw new InvalidEventPatternError(`equals-ignore-case takes a string; received ${JSON.stringify(operand)}`);
      return typeof field === 'string' && field.toLowerCase() === operand.toLowerCase();
    case 'wildcard':
      if (typeof operand !== 'string') throw new InvalidEventPatternError(`wildcard takes a string; received ${JSON.stringify(operand)}`);
      return typeof field === 'string' && wildcardToRegExp(operand).test(field);
    case 'anything-but':
      return matchesAnythingBut(operand, field);
    case 'numeric':
      return matchesNumeric(operand, field);
    case 'cidr':
      if (typeof operand !== 'string') throw new InvalidEventPatternError(`cidr takes a string; received ${JSON.stringify(operand)}`);
      return matchesCidr(operand, field);
    default:
      throw new InvalidEventPatternError(`unknown matcher ${JSON.stringify(operator)} in ${JSON.stringify(matcher)}`);
  }
}

function matchesLeaf(matchers: JsonValue[], field: Field): boolean {
  if (field !== ABSENT && Array.isArray(field)) {
    // An array in the event matches if any of its elements does; `exists` looks at the field itself.
    return matchers.some((matcher) =>
      isObject(matcher) && 'exists' in matcher
        ? matchesMatcher(matcher, field)
        : field.some((element) => matchesMatcher(matcher, element)),
    );
  }
  return matchers.some((matcher) => matchesMatcher(matcher, field));
}

function matchesObject(pattern: Record<string, JsonValue>, event: Field): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length < 2 || !expected.every(isObject)) {
        throw new InvalidEventPatternError(`$or takes a list of at least two pattern objects; received ${JSON.stringify(expected)}`);
      }
      if (!expected.some((alternative) => matchesObject(alternative, event))) return false;
      continue;
    }
    const field: Field = isObject(event) && key in event ? event[key]! : ABSENT;
    if (Array.isArray(expected)) {
      if (!matchesLeaf(expected, field)) return false;
    } else if (isObject(expected)) {
      if (field === ABSENT || !isObject(field)) {
        // A nested pattern made only of `exists: false` leaves still matches an absent parent.
        if (!matchesObject(expected, ABSENT)) return false;
      } else if (!matchesObject(expected, field)) {
        return false;
      }
    } else {
      throw new InvalidEventPatternError(`pattern values must be lists or objects; "${key}" is ${JSON.stringify(expected)}`);
    }
  }
  return true;
}

/** True when `event` matches the EventBridge `pattern` (an object or its JSON text). */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  const parsed: unknown = typeof pattern === 'string' ? JSON.parse(pattern) : pattern;
  if (!isObject(parsed)) {
    throw new InvalidEventPatternError(`an event pattern is a JSON object; received ${JSON.stringify(parsed)}`);
  }
  return matchesObject(parsed, event as JsonValue);
}
