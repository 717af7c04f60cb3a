/**
 * JSONPath payload templates: Parameters, ResultSelector, ItemSelector and Assign. A field whose
 * name ends in `.$` takes its value from a path (`$.a`, `$$.Execution.Id`, `$myVariable.a`) or
 * an intrinsic function, and loses the suffix; everything else is copied, nested objects and
 * arrays included.
 */
import type { Json, JsonObject } from './contract';
import { StatesError } from './contract';
import type { IntrinsicScope } from './intrinsic-functions';
import { evaluateIntrinsic, looksLikeIntrinsic } from './intrinsic-functions';
import { tryReadPath } from './json-path';

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of one `key.$` field: a path or an intrinsic function. */
export const evaluateDynamicValue = (expression: string, input: Json, scope: IntrinsicScope, fieldName: string): Json => {
  if (looksLikeIntrinsic(expression)) return evaluateIntrinsic(expression, input, scope);
  const value = tryReadPath(expression, input, scope);
  if (value === undefined) {
    throw new StatesError('States.Runtime', `The JSONPath '${expression}' specified for the field '${fieldName}' could not be found in the input '${JSON.stringify(input)}'`);
  }
  return value;
};

/** Resolves a payload template against `input` (which `$` denotes). */
export const evaluatePayloadTemplate = (template: Json, input: Json, scope: IntrinsicScope): Json => {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, input, scope));
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluateDynamicValue(value, input, scope, key);
    else out[key] = evaluatePayloadTemplate(value, input, scope);
  }
  return out;
};
