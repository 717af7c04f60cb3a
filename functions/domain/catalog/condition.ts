/**
 * Evaluation of catalog {@link Condition}s over a configuration, and the numeric view of a
 * configuration that formulas read.
 */
import type { Configuration } from '../order/order.types';
import type { Condition, Product } from './catalog.types';

/** True when the configuration satisfies the condition. Missing options never match a comparison. */
export function matchesCondition(condition: Condition, configuration: Configuration): boolean {
  switch (condition.op) {
    case 'and':
      return condition.all.every((inner) => matchesCondition(inner, configuration));
    case 'or':
      return condition.any.some((inner) => matchesCondition(inner, configuration));
    case 'not':
      return !matchesCondition(condition.condition, configuration);
    default: {
      if (!Object.hasOwn(configuration, condition.option)) return false;
      const value = configuration[condition.option];
      switch (condition.op) {
        case 'eq':
          return value === condition.value;
        case 'ne':
          return value !== condition.value;
        case 'in':
          return condition.values.includes(value as never);
        case 'notIn':
          return !condition.values.includes(value as never);
        case 'lt':
          return typeof value === 'number' && value < condition.value;
        case 'lte':
          return typeof value === 'number' && value <= condition.value;
        case 'gt':
          return typeof value === 'number' && value > condition.value;
        case 'gte':
          return typeof value === 'number' && value >= condition.value;
      }
    }
  }
}

/** Option ids a condition refers to (for catalog consistency checks). */
export function conditionOptions(condition: Condition): readonly string[] {
  switch (condition.op) {
    case 'and':
      return condition.all.flatMap(conditionOptions);
    case 'or':
      return condition.any.flatMap(conditionOptions);
    case 'not':
      return conditionOptions(condition.condition);
    default:
      return [condition.option];
  }
}

/**
 * The variables a formula may read for this product and configuration: numeric options as numbers,
 * booleans as 1 / 0. Enumeration options are not numeric and are absent (use a `when` instead).
 */
export function formulaVariablesOf(product: Product, configuration: Configuration): Record<string, number> {
  const variables: Record<string, number> = {};
  for (const option of product.options) {
    const value = configuration[option.optionId];
    if (option.kind === 'number' && typeof value === 'number') variables[option.optionId] = value;
    if (option.kind === 'boolean' && typeof value === 'boolean') variables[option.optionId] = value ? 1 : 0;
  }
  return variables;
}
