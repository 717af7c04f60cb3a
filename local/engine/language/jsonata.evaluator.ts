/**
 * JSONata for states whose QueryLanguage is JSONata, on the `jsonata` package (async).
 *
 * What it covers:
 * - A string is an expression only when the whole string is `{% ... %}`; anything else is a
 *   literal. Expressions may sit anywhere inside Arguments, Output, Assign, Items, ItemSelector
 *   and in the scalar fields (Condition, TimeoutSeconds, HeartbeatSeconds, Seconds, Timestamp,
 *   MaxConcurrency, ToleratedFailure*, Error, Cause).
 * - `$states.input`, `$states.result`, `$states.errorOutput` and `$states.context` as AWS binds them
 *   for the field being evaluated; workflow variables as `$name`.
 * - AWS's extra functions: `$partition(array, size)`, `$range(start, end, step)`,
 *   `$hash(value, algorithm)`, `$random([seed])`, `$uuid()`, `$parse(jsonString)`.
 *   `$random` and `$uuid` draw from the scope's seedable generator.
 * - An expression that yields nothing (undefined), a function, or a non-finite number fails with
 *   `States.QueryEvaluationError`, naming the expression and the field; so does any JSONata error.
 *
 * Where it stops:
 * - The root context `$` of an expression is left undefined: read the input through
 *   `$states.input`, as AWS documents.
 * - No per-expression time or depth limits beyond the `jsonata` package's own, and no payload-size
 *   limits (AWS's 256 KiB quotas are not enforced).
 * - `$hash` accepts strings only; `$random(seed)` uses our own seeded generator, so seeded values
 *   differ from AWS's (they are only stable within this engine).
 * - Date/time functions (`$now`, `$millis`) use the machine clock, as the `jsonata` package does.
 */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import type { ContextObject, Json, JsonObject } from './contract';
import { StatesError } from './contract';
import { uuidV4 } from './intrinsic-functions';

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** True when the whole string is a `{% ... %}` JSONata expression. */
export const isJsonataExpression = (value: unknown): value is string => typeof value === 'string' && EXPRESSION.test(value);

/** What `$states` holds while one field is evaluated. */
export interface JsonataStates {
  readonly input: Json;
  readonly context: ContextObject;
  readonly result?: Json;
  readonly errorOutput?: Json;
}

/** Variables and randomness visible to an expression. */
export interface JsonataScope {
  readonly variables: Readonly<Record<string, Json>>;
  readonly random: () => number;
}

const compiled = new Map<string, jsonata.Expression>();

/** Compiles the body of `{% ... %}`; throws the `jsonata` syntax error (the validator reports it). */
export const compileJsonata = (expression: string): jsonata.Expression => {
  const cached = compiled.get(expression);
  if (cached) return cached;
  const body = EXPRESSION.exec(expression)?.[1] ?? expression;
  const expr = jsonata(body);
  if (compiled.size > 2000) compiled.clear();
  compiled.set(expression, expr);
  return expr;
};

const HASH_ALGORITHMS: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** mulberry32: a seedable generator for `$random(seed)`. */
const seeded = (seed: number): number => {
  let t = (Math.trunc(seed) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

class JsonataFunctionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'JsonataFunctionError';
  }
}

const buildAwsFunctions = (random: () => number): Record<string, unknown> => ({
  partition: (array: unknown, size: unknown): unknown[] => {
    if (!Array.isArray(array)) throw new JsonataFunctionError('$partition: the first argument must be an array');
    if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) throw new JsonataFunctionError('$partition: the size must be a positive integer');
    const chunks: unknown[] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  range: (start: unknown, end: unknown, step: unknown): number[] => {
    if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number') throw new JsonataFunctionError('$range: start, end and step must be numbers');
    if (step === 0) throw new JsonataFunctionError('$range: the step must not be 0');
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) throw new JsonataFunctionError('$range: the range would contain more than 1000 items');
    }
    return out;
  },
  hash: (value: unknown, algorithm: unknown): string => {
    const name = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
    if (name === undefined) throw new JsonataFunctionError(`$hash: the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    if (typeof value !== 'string') throw new JsonataFunctionError('$hash: the value must be a string');
    return createHash(name).update(value, 'utf8').digest('hex');
  },
  random: (seed?: unknown): number => (typeof seed === 'number' ? seeded(seed) : random()),
  uuid: (): string => uuidV4(random),
  parse: (text: unknown): unknown => {
    if (typeof text !== 'string') throw new JsonataFunctionError('$parse: the argument must be a string');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new JsonataFunctionError(`$parse: ${(error as Error).message}`);
    }
  },
});

/** The AWS functions per source of randomness, built once rather than at every evaluation. */
const awsFunctionsByRandom = new WeakMap<() => number, Record<string, unknown>>();
const awsFunctions = (random: () => number): Record<string, unknown> => {
  let functions = awsFunctionsByRandom.get(random);
  if (functions === undefined) {
    functions = buildAwsFunctions(random);
    awsFunctionsByRandom.set(random, functions);
  }
  return functions;
};

/** Why a JSONata value is not JSON (kept apart from real objects by its class). */
class NotJson {
  public constructor(public readonly reason: string) {}
}

/** Turns a JSONata value into plain JSON (dropping undefined members as JSON.stringify would). */
const toJson = (value: unknown): Json | NotJson => {
  if (value === undefined) return new NotJson('returned nothing (undefined)');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : new NotJson(`returned a non-finite number (${value})`);
  if (typeof value === 'function') return new NotJson('returned a function');
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) {
      if (item === undefined) continue;
      const converted = toJson(item);
      if (converted instanceof NotJson) return converted;
      out.push(converted);
    }
    return out;
  }
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined || typeof item === 'function') continue;
      const converted = toJson(item);
      if (converted instanceof NotJson) return converted;
      out[key] = converted;
    }
    return out;
  }
  return new NotJson(`returned a ${typeof value}`);
};

/** Evaluates one `{% ... %}` string. */
export const evaluateJsonataExpression = async (expression: string, states: JsonataStates, scope: JsonataScope, fieldName: string): Promise<Json> => {
  const failure = (reason: string): StatesError =>
    new StatesError('States.QueryEvaluationError', `The JSONata expression '${expression}' specified for the field '${fieldName}' ${reason}`);
  let expr: jsonata.Expression;
  try {
    expr = compileJsonata(expression);
  } catch (error) {
    throw failure(`is not valid JSONata: ${(error as Error).message}`);
  }
  const $states: Record<string, unknown> = { input: states.input, context: states.context };
  if (states.result !== undefined) $states.result = states.result;
  if (states.errorOutput !== undefined) $states.errorOutput = states.errorOutput;
  const bindings: Record<string, unknown> = { ...awsFunctions(scope.random), ...scope.variables, states: $states };
  let raw: unknown;
  try {
    raw = await expr.evaluate(undefined, bindings);
  } catch (error) {
    throw failure(`threw an error: ${(error as Error).message}`);
  }
  const json = toJson(raw);
  if (json instanceof NotJson) throw failure(json.reason);
  return json;
};

/**
 * Evaluates every `{% ... %}` string inside a JSON template (objects and arrays are walked; other
 * values are copied). `fieldName` names the field in error messages.
 */
export const evaluateJsonataTemplate = async (template: Json, states: JsonataStates, scope: JsonataScope, fieldName: string): Promise<Json> => {
  if (isJsonataExpression(template)) return evaluateJsonataExpression(template, states, scope, fieldName);
  if (Array.isArray(template)) {
    const out: Json[] = [];
    for (const [i, item] of template.entries()) out.push(await evaluateJsonataTemplate(item, states, scope, `${fieldName}[${i}]`));
    return out;
  }
  if (typeof template === 'object' && template !== null) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateJsonataTemplate(value, states, scope, `${fieldName}.${key}`);
    return out;
  }
  return template;
};
