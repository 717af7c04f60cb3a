/**
 * Intrinsic functions (`States.Format(...)` and friends) for JSONPath states: a real parser
 * (string literals with the escapes \' \{ \} \\, numbers, booleans, null, paths, nested calls)
 * and an evaluator following the AWS developer guide.
 *
 * Runtime failures are `States.Runtime` with the cause AWS writes: "The function '<expression>'
 * had the following error: <reason>" (AWS does not use States.IntrinsicFailure here). Syntax and
 * arity mistakes are caught by the parser, so the validator rejects them up front; argument
 * types are checked when the function runs (even for literals, so that every definition
 * asl-validator accepts is accepted here too).
 */
import { createHash } from 'node:crypto';
import type { Json, JsonObject } from './contract';
import { StatesError } from './contract';
import type { ParsedPath, PathScope } from './json-path';
import { describeType, jsonDeepEqual, parsePath, PathSyntaxError, tryReadPath } from './json-path';

/** An intrinsic expression that does not follow the grammar (or calls an unknown function). */
export class IntrinsicSyntaxError extends Error {
  public readonly expression: string;
  public constructor(expression: string, reason: string) {
    super(`Invalid intrinsic function '${expression}': ${reason}`);
    this.name = 'IntrinsicSyntaxError';
    this.expression = expression;
  }
}

export type IntrinsicArg =
  | { kind: 'string'; value: string; /** the text split at unescaped `{}` (for States.Format) */ parts: string[] }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'path'; path: ParsedPath }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: 'call';
  name: string;
  args: IntrinsicArg[];
  text: string;
}

/** Everything an intrinsic can read, plus randomness for MathRandom/UUID. */
export interface IntrinsicScope extends PathScope {
  readonly random: () => number;
}

type ArgType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'any';
interface Signature {
  readonly min: number;
  readonly max: number;
  /** Expected type per position; the last one repeats for variadic functions. */
  readonly types: readonly ArgType[];
}

const SIGNATURES: Readonly<Record<string, Signature>> = {
  'States.Format': { min: 1, max: Infinity, types: ['string', 'any'] },
  'States.StringToJson': { min: 1, max: 1, types: ['string'] },
  'States.JsonToString': { min: 1, max: 1, types: ['any'] },
  'States.Array': { min: 0, max: Infinity, types: ['any'] },
  'States.ArrayPartition': { min: 2, max: 2, types: ['array', 'number'] },
  'States.ArrayContains': { min: 2, max: 2, types: ['array', 'any'] },
  'States.ArrayRange': { min: 3, max: 3, types: ['number', 'number', 'number'] },
  'States.ArrayGetItem': { min: 2, max: 2, types: ['array', 'number'] },
  'States.ArrayLength': { min: 1, max: 1, types: ['array'] },
  'States.ArrayUnique': { min: 1, max: 1, types: ['array'] },
  'States.Base64Encode': { min: 1, max: 1, types: ['string'] },
  'States.Base64Decode': { min: 1, max: 1, types: ['string'] },
  'States.Hash': { min: 2, max: 2, types: ['string', 'string'] },
  'States.JsonMerge': { min: 3, max: 3, types: ['object', 'object', 'boolean'] },
  'States.MathRandom': { min: 2, max: 3, types: ['number', 'number', 'number'] },
  'States.MathAdd': { min: 2, max: 2, types: ['number', 'number'] },
  'States.StringSplit': { min: 2, max: 2, types: ['string', 'string'] },
  'States.UUID': { min: 0, max: 0, types: [] },
};

const HASH_ALGORITHMS: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const MAX_NESTING = 10;
const MAX_STRING = 10_000;

/** True when a `.$` value is meant as an intrinsic call rather than a path. */
export const looksLikeIntrinsic = (text: string): boolean => text.trimStart().startsWith('States.');

class IntrinsicParser {
  private pos = 0;
  public constructor(private readonly text: string) {}

  private fail(reason: string): never {
    throw new IntrinsicSyntaxError(this.text, `${reason} at position ${this.pos}`);
  }

  private skip(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  public parseAll(): IntrinsicCall {
    this.skip();
    const call = this.parseCall(1);
    this.skip();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text.slice(this.pos)}' after the call`);
    return call;
  }

  private parseCall(depth: number): IntrinsicCall {
    if (depth > MAX_NESTING) this.fail(`more than ${MAX_NESTING} nested intrinsic functions`);
    const start = this.pos;
    const match = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!match) this.fail("expected a function name such as 'States.Format'");
    const name = match[0];
    if (!Object.hasOwn(SIGNATURES, name)) this.fail(`unknown intrinsic function '${name}'`);
    this.pos += name.length;
    this.skip();
    if (this.text[this.pos] !== '(') this.fail(`expected '(' after ${name}`);
    this.pos += 1;
    const args: IntrinsicArg[] = [];
    this.skip();
    if (this.text[this.pos] === ')') this.pos += 1;
    else {
      for (;;) {
        args.push(this.parseArg(depth));
        this.skip();
        const c = this.text[this.pos];
        this.pos += 1;
        if (c === ')') break;
        if (c !== ',') this.fail(`expected ',' or ')' in the arguments of ${name}`);
      }
    }
    const signature = SIGNATURES[name] as Signature;
    if (args.length < signature.min || args.length > signature.max) {
      const expected = signature.min === signature.max ? `${signature.min}` : signature.max === Infinity ? `at least ${signature.min}` : `${signature.min} to ${signature.max}`;
      this.fail(`${name} takes ${expected} argument(s), got ${args.length}`);
    }
    return { kind: 'call', name, args, text: this.text.slice(start, this.pos) };
  }

  private parseArg(depth: number): IntrinsicArg {
    this.skip();
    const rest = this.text.slice(this.pos);
    const c = rest[0];
    if (c === "'") return this.parseString();
    if (c === '$') return this.parsePathArg();
    if (rest.startsWith('States.')) return this.parseCall(depth + 1);
    const number = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    for (const [word, arg] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (rest.startsWith(word) && !/[A-Za-z0-9_]/.test(rest[word.length] ?? '')) {
        this.pos += word.length;
        return arg;
      }
    }
    return this.fail(`unexpected argument '${rest.split(/[,)]/)[0] ?? ''}'`);
  }

  private parseString(): IntrinsicArg {
    this.pos += 1;
    let value = '';
    const parts: string[] = [];
    let part = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated string literal');
      if (c === "'") {
        this.pos += 1;
        break;
      }
      if (c === '\\') {
        const next = this.text[this.pos + 1];
        if (next === "'" || next === '{' || next === '}' || next === '\\') {
          value += next;
          part += next;
          this.pos += 2;
          continue;
        }
        this.fail(`open escape '\\${next ?? ''}' in a string literal (only \\' \\{ \\} \\\\ are allowed)`);
      }
      if (c === '{' && this.text[this.pos + 1] === '}') {
        value += '{}';
        parts.push(part);
        part = '';
        this.pos += 2;
        continue;
      }
      value += c;
      part += c;
      this.pos += 1;
    }
    parts.push(part);
    return { kind: 'string', value, parts };
  }

  private parsePathArg(): IntrinsicArg {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (quote) {
        if (c === '\\') this.pos += 1;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth += 1;
      else if (c === ']' || (c === ')' && depth > 0)) depth -= 1;
      else if (depth === 0 && (c === ',' || c === ')')) break;
      this.pos += 1;
    }
    const text = this.text.slice(start, this.pos).trim();
    try {
      return { kind: 'path', path: parsePath(text) };
    } catch (error) {
      if (error instanceof PathSyntaxError) this.fail(error.message);
      throw error;
    }
  }
}

const callCache = new Map<string, IntrinsicCall>();

/** Parses an intrinsic expression; throws `IntrinsicSyntaxError` naming the expression. */
export const parseIntrinsic = (text: string): IntrinsicCall => {
  const cached = callCache.get(text);
  if (cached) return cached;
  const call = new IntrinsicParser(text).parseAll();
  if (callCache.size > 5000) callCache.clear();
  callCache.set(text, call);
  return call;
};

const typeMatches = (type: ArgType, value: Json): boolean => {
  switch (type) {
    case 'any':
      return true;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
};

const expectedType = (signature: Signature, index: number): ArgType => signature.types[Math.min(index, signature.types.length - 1)] ?? 'any';

const rangeLength = (start: number, end: number, step: number): number => (step > 0 ? (end >= start ? Math.floor((end - start) / step) + 1 : 0) : start >= end ? Math.floor((start - end) / -step) + 1 : 0);

/** Java's `Map.toString`/`List.toString` rendering AWS uses for non-string States.Format arguments. */
const formatValue = (value: Json): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(', ')}}`;
  return String(value);
};

/** A small seedable generator (mulberry32) for States.MathRandom's optional seed. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A version-4 UUID drawn from `random`, so tests can seed it. */
export const uuidV4 = (random: () => number): string => {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256) & 0xff);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

class IntrinsicFailure extends Error {
  public constructor(reason: string) {
    super(reason);
    this.name = 'IntrinsicFailure';
  }
}

const fail = (reason: string): never => {
  throw new IntrinsicFailure(reason);
};

const int32 = (value: number, what: string): number => {
  const rounded = Math.round(value);
  if (rounded < -2147483648 || rounded > 2147483647) fail(`${what} ${value} is outside the integer range -2147483648..2147483647`);
  return rounded;
};

const evaluateArg = (arg: IntrinsicArg, input: Json, scope: IntrinsicScope): Json => {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'path': {
      const value = tryReadPath(arg.path, input, scope);
      if (value === undefined) return fail(`The JsonPath argument for the field '${arg.path.text}' could not be found in the input '${JSON.stringify(input)}'`);
      return value;
    }
    case 'call':
      return applyFunction(arg, input, scope);
  }
};

const applyFunction = (call: IntrinsicCall, input: Json, scope: IntrinsicScope): Json => {
  const values = call.args.map((arg) => evaluateArg(arg, input, scope));
  const signature = SIGNATURES[call.name] as Signature;
  values.forEach((value, i) => {
    const type = expectedType(signature, i);
    if (!typeMatches(type, value)) fail(`argument ${i + 1} of ${call.name} must be ${type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`}, got ${describeType(value)}`);
  });
  const str = (i: number): string => values[i] as string;
  const num = (i: number): number => values[i] as number;
  const arr = (i: number): Json[] => values[i] as Json[];
  const limit = (s: string, what: string): string => (s.length > MAX_STRING ? fail(`${what} is ${s.length} characters long; the limit is ${MAX_STRING}`) : s);

  switch (call.name) {
    case 'States.Format': {
      const first = call.args[0];
      const parts = first?.kind === 'string' ? first.parts : str(0).split('{}');
      const rest = values.slice(1);
      if (rest.length !== parts.length - 1) return fail(`the format string has ${parts.length - 1} placeholder(s) but ${rest.length} value argument(s) were given`);
      return parts.reduce((out, part, i) => out + part + (i < rest.length ? (typeof rest[i] === 'string' ? (rest[i]) : formatValue(rest[i] as Json)) : ''), '');
    }
    case 'States.StringToJson': {
      const text = str(0);
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as Json;
      } catch (error) {
        return fail(`the string is not valid JSON: ${(error as Error).message}`);
      }
    }
    case 'States.JsonToString':
      return JSON.stringify(values[0]);
    case 'States.Array':
      return values;
    case 'States.ArrayPartition': {
      const size = Math.round(num(1));
      if (size <= 0) return fail(`the chunk size must be a positive integer, got ${num(1)}`);
      const source = arr(0);
      const chunks: Json[] = [];
      for (let i = 0; i < source.length; i += size) chunks.push(source.slice(i, i + size));
      return chunks;
    }
    case 'States.ArrayContains':
      return arr(0).some((item) => jsonDeepEqual(item, values[1]));
    case 'States.ArrayRange': {
      const [start, end, step] = [int32(num(0), 'start'), int32(num(1), 'end'), int32(num(2), 'step')];
      if (step === 0) return fail('the step must not be 0');
      if (rangeLength(start, end, step) > 1000) return fail(`the range would contain ${rangeLength(start, end, step)} items; the limit is 1000`);
      const out: number[] = [];
      for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
      return out;
    }
    case 'States.ArrayGetItem': {
      const index = Math.round(num(1));
      if (index < 0) return fail(`the index must not be negative, got ${num(1)}`);
      // AWS's behaviour past the end is undocumented; null follows the only engine that pins it.
      return arr(0)[index] ?? null;
    }
    case 'States.ArrayLength':
      return arr(0).length;
    case 'States.ArrayUnique': {
      const out: Json[] = [];
      for (const item of arr(0)) if (!out.some((seen) => jsonDeepEqual(seen, item))) out.push(item);
      return out;
    }
    case 'States.Base64Encode':
      return Buffer.from(limit(str(0), 'the input string'), 'utf8').toString('base64');
    case 'States.Base64Decode': {
      const encoded = limit(str(0), 'the encoded string');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded.replace(/\s/g, ''))) return fail('the argument is not Base64');
      return Buffer.from(encoded, 'base64').toString('utf8');
    }
    case 'States.Hash': {
      const algorithm = HASH_ALGORITHMS[str(1)];
      if (algorithm === undefined) return fail(`the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}, got '${str(1)}'`);
      return createHash(algorithm).update(limit(str(0), 'the input data'), 'utf8').digest('hex');
    }
    case 'States.JsonMerge': {
      if (values[2] !== false) return fail('only shallow merging is supported: the third argument must be false');
      return { ...(values[0] as JsonObject), ...(values[1] as JsonObject) };
    }
    case 'States.MathRandom': {
      const [start, end] = [int32(num(0), 'start'), int32(num(1), 'end')];
      if (start >= end) return fail(`the start (${start}) must be less than the end (${end})`);
      const random = values.length > 2 ? seededRandom(int32(num(2), 'seed')) : scope.random;
      return start + Math.floor(random() * (end - start));
    }
    case 'States.MathAdd': {
      const sum = int32(num(0), 'the first value') + int32(num(1), 'the second value');
      return int32(sum, 'the sum');
    }
    case 'States.StringSplit': {
      const delimiters = new Set(str(1));
      const tokens: string[] = [];
      let token = '';
      for (const ch of str(0)) {
        if (delimiters.has(ch)) {
          if (token !== '') tokens.push(token);
          token = '';
        } else token += ch;
      }
      if (token !== '') tokens.push(token);
      return tokens;
    }
    case 'States.UUID':
      return uuidV4(scope.random);
    default:
      return fail(`unknown intrinsic function '${call.name}'`);
  }
};

/**
 * Evaluates an intrinsic expression against `input` (for `$`), the context (`$$`) and variables.
 * Throws `States.Runtime` with the cause AWS writes.
 */
export const evaluateIntrinsic = (expression: string | IntrinsicCall, input: Json, scope: IntrinsicScope): Json => {
  let call: IntrinsicCall;
  try {
    call = typeof expression === 'string' ? parseIntrinsic(expression) : expression;
  } catch (error) {
    throw new StatesError('States.Runtime', (error as Error).message);
  }
  try {
    return applyFunction(call, input, scope);
  } catch (error) {
    if (error instanceof IntrinsicFailure) throw new StatesError('States.Runtime', `The function '${call.text}' had the following error: ${error.message}`);
    throw error;
  }
};
