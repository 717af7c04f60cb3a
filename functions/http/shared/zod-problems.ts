/**
 * Turns zod issues into field problems in the domain's vocabulary (paths like
 * `lines[0].configuration.width_mm`, rules like 'required', 'type', 'range', 'enum'), so a client
 * sees one consistent format whether the HTTP schema or the catalog validator found the problem.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { FieldProblem } from './http-errors';

// zod/mini carries no messages of its own ("Invalid input" for everything): switch on the English
// ones full zod uses, which the problems below pass on to the caller.
z.config(en());

/** `['lines', 0, 'quantity']` -> `lines[0].quantity`, with an optional prefix (`query`). */
export function formatPath(segments: readonly PropertyKey[], prefix = ''): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else {
      const name = String(segment);
      path += path === '' ? name : `.${name}`;
    }
  }
  return path;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'type';
    case 'too_small':
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set' ? 'length' : 'range';
    case 'invalid_format':
      return 'format';
    case 'invalid_value':
      return 'enum';
    case 'not_multiple_of':
      return 'step';
    case 'unrecognized_keys':
      return 'unknown-field';
    case 'invalid_union':
      return 'one-of';
    case 'invalid_key':
      return 'key';
    case 'invalid_element':
      return 'element';
    case 'custom':
      return typeof issue.params?.rule === 'string' ? issue.params.rule : 'custom';
    default:
      return 'invalid';
  }
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return 'Required.';
  }
  return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
}

/** One field problem per zod issue; an unknown key is reported at its own path. */
export function problemsFromZod(error: z.core.$ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key], prefix),
        rule: 'unknown-field',
        message: `Unknown field ${JSON.stringify(key)}.`,
      }));
    }
    return [{ path: formatPath(issue.path, prefix), rule: ruleOf(issue), message: messageOf(issue) }];
  });
}
