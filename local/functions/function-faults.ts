/**
 * Fault rules from text, for `npm start -- --faults` and scripts that start the runtime as a process.
 */
import { readFileSync } from 'node:fs';
import { FunctionFaultConfigError, type FunctionFault, type FunctionFaultOptions } from './function-host';

/**
 * Reads fault rules as `npm start -- --faults` takes them: JSON (or the path of a file holding it),
 * either a list of rules or `{ "seed": n, "rules": [...] }`; `functionName` is a regular
 * expression's source, e.g. `"reserve-stock"`. Throws FunctionFaultConfigError naming the field.
 */
export function parseFunctionFaults(text: string): FunctionFaultOptions {
  const json = text.trim().startsWith('[') || text.trim().startsWith('{') ? text : readFileSync(text, 'utf8');
  const parsed = JSON.parse(json) as unknown;
  const { seed, rules } = Array.isArray(parsed) ? { seed: undefined, rules: parsed as unknown[] } : (parsed as { seed?: unknown; rules?: unknown });
  if (!Array.isArray(rules)) throw new FunctionFaultConfigError('faults: expected a list of rules or {"seed": n, "rules": [...]}');
  if (seed !== undefined && !Number.isInteger(seed)) throw new FunctionFaultConfigError(`faults: seed must be an integer; received ${JSON.stringify(seed)}`);
  return {
    ...(typeof seed === 'number' ? { seed } : {}),
    rules: rules.map((rule: unknown, index): FunctionFault => {
      const candidate = (rule ?? {}) as Record<string, unknown>;
      if (typeof candidate.functionName !== 'string' || candidate.functionName === '') {
        throw new FunctionFaultConfigError(`faults: rules[${index}].functionName must be a non-empty regular expression source`);
      }
      const rate = candidate.transientRate;
      if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
        throw new FunctionFaultConfigError(`faults: rules[${index}].transientRate must be a number from 0 to 1; received ${JSON.stringify(rate)}`);
      }
      let functionName: RegExp;
      try {
        functionName = new RegExp(candidate.functionName);
      } catch (error) {
        throw new FunctionFaultConfigError(`faults: rules[${index}].functionName is not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (candidate.transientPhase !== undefined && candidate.transientPhase !== 'before' && candidate.transientPhase !== 'after') {
        throw new FunctionFaultConfigError(`faults: rules[${index}].transientPhase is "before" or "after"`);
      }
      return {
        functionName,
        ...(typeof rate === 'number' ? { transientRate: rate } : {}),
        ...(candidate.transientPhase === undefined ? {} : { transientPhase: candidate.transientPhase }),
        ...(candidate.permanent === true || (typeof candidate.permanent === 'object' && candidate.permanent !== null)
          ? { permanent: candidate.permanent }
          : {}),
      };
    }),
  };
}

