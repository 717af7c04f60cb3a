/**
 * Business validation of an order request against the catalog. The HTTP layer has already checked
 * the shape (types, required fields); this checks what only the catalog knows: products exist,
 * options exist and are in range, combinations are allowed, quantities are buildable, the BOM can be
 * computed. Every problem is reported at once, each with its field path and the rule broken.
 *
 * Rule ids: required, unknown-product, unknown-option, type, enum, range, integer, step,
 * forbidden-combination, required-combination, quantity, max-quantity, date, past-date, bom.
 */
import { calendarDaysBetween, isCalendarDate } from '../calendar/business-calendar';
import { conditionOptions, matchesCondition } from '../catalog/condition';
import type { Catalog, NumberOption, Product, ProductOption } from '../catalog/catalog.types';
import type { Problem, Validated } from '../common/problem';
import { BomExplosionError, explodeUnit } from '../planning/bom-explosion';
import { operationsFor } from '../planning/routing';
import type { Configuration, OptionValue, OrderPriority, OrderRequest, OrderRequestLine } from './order.types';

const PRIORITIES: readonly OrderPriority[] = ['low', 'normal', 'high', 'rush'];
/** Tolerance for step-grid checks on decimal steps (0.1 is not exact in binary). */
const STEP_EPSILON = 1e-9;

/** Options for {@link validateOrderRequest}. */
export interface ValidateOrderOptions {
  /** Today's local date (YYYY-MM-DD); when given, a requested date before it is refused. */
  readonly today?: string;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function checkNumber(option: NumberOption, value: number, path: string, problems: Problem[]): void {
  if (!Number.isFinite(value)) {
    problems.push({ path, rule: 'type', message: `${option.label} must be a finite number` });
    return;
  }
  if (value < option.min || value > option.max) {
    problems.push({ path, rule: 'range', message: `${option.label} must be between ${option.min} and ${option.max} ${option.unit}, got ${value}` });
  }
  if (option.integer && !Number.isInteger(value)) {
    problems.push({ path, rule: 'integer', message: `${option.label} must be a whole number, got ${value}` });
  }
  if (option.step !== undefined) {
    const steps = (value - option.min) / option.step;
    if (Math.abs(steps - Math.round(steps)) > STEP_EPSILON) {
      problems.push({ path, rule: 'step', message: `${option.label} must be ${option.min} + a multiple of ${option.step} ${option.unit}, got ${value}` });
    }
  }
}

/** Checks one option value; returns true when it is valid. */
function checkOption(option: ProductOption, value: OptionValue, path: string, problems: Problem[]): boolean {
  const before = problems.length;
  switch (option.kind) {
    case 'enum':
      if (typeof value !== 'string') problems.push({ path, rule: 'type', message: `${option.label} must be one of the choices (a string)` });
      else if (!option.choices.some((choice) => choice.value === value)) {
        problems.push({
          path,
          rule: 'enum',
          message: `${option.label} must be one of ${option.choices.map((choice) => `'${choice.value}'`).join(', ')}, got ${describeValue(value)}`,
        });
      }
      break;
    case 'number':
      if (typeof value !== 'number') problems.push({ path, rule: 'type', message: `${option.label} must be a number in ${option.unit}` });
      else checkNumber(option, value, path, problems);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push({ path, rule: 'type', message: `${option.label} must be true or false` });
      break;
  }
  return problems.length === before;
}

/**
 * Checks a configuration against a product: option by option, then the constraints between options
 * (only those whose options are all individually valid, so one wrong value is reported once), then
 * whether the BOM and routing can be computed. Returns the configuration with defaults applied.
 *
 * @param basePath path prefix for problems, e.g. `lines[0].configuration`.
 */
export function validateConfiguration(
  product: Product,
  configuration: Configuration,
  catalog: Catalog,
  basePath = 'configuration',
): { readonly configuration: Configuration; readonly problems: readonly Problem[] } {
  const problems: Problem[] = [];
  const normalised: Record<string, OptionValue> = {};
  const invalid = new Set<string>();
  const known = new Set(product.options.map((option) => option.optionId));
  for (const key of Object.keys(configuration)) {
    if (!known.has(key)) {
      problems.push({ path: `${basePath}.${key}`, rule: 'unknown-option', message: `${product.name} has no option '${key}'` });
    }
  }
  for (const option of product.options) {
    const path = `${basePath}.${option.optionId}`;
    const value = Object.hasOwn(configuration, option.optionId) ? configuration[option.optionId] : option.default;
    if (value === undefined) {
      if (option.required) {
        problems.push({ path, rule: 'required', message: `${option.label} is required` });
        invalid.add(option.optionId);
      }
      continue;
    }
    if (checkOption(option, value, path, problems)) normalised[option.optionId] = value;
    else invalid.add(option.optionId);
  }
  for (const constraint of product.constraints) {
    const involved = [...conditionOptions(constraint.when), ...(constraint.kind === 'requires' ? conditionOptions(constraint.then) : [])];
    if (involved.some((optionId) => invalid.has(optionId))) continue;
    if (!matchesCondition(constraint.when, normalised)) continue;
    if (constraint.kind === 'forbidden') {
      problems.push({ path: basePath, rule: 'forbidden-combination', message: `${constraint.message} (${constraint.constraintId})` });
    } else if (!matchesCondition(constraint.then, normalised)) {
      const target = conditionOptions(constraint.then)[0];
      problems.push({
        path: target === undefined ? basePath : `${basePath}.${target}`,
        rule: 'required-combination',
        message: `${constraint.message} (${constraint.constraintId})`,
      });
    }
  }
  if (problems.length === 0) {
    try {
      explodeUnit(product, normalised, catalog);
      operationsFor(product, normalised, 1);
    } catch (error) {
      if (!(error instanceof BomExplosionError)) throw error;
      problems.push({ path: basePath, rule: 'bom', message: `this configuration cannot be built: ${error.message}` });
    }
  }
  return { configuration: normalised, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateLine(line: OrderRequestLine, index: number, catalog: Catalog, problems: Problem[]): OrderRequestLine {
  const base = `lines[${index}]`;
  // The HTTP layer checks shapes; these guards keep a caller that skipped it from crashing here.
  if (!isRecord(line)) {
    problems.push({ path: base, rule: 'type', message: 'a line must be an object' });
    return line;
  }
  const product = catalog.products.find((candidate) => candidate.productId === line.productId);
  if (typeof line.quantity !== 'number' || !Number.isInteger(line.quantity) || line.quantity < 1) {
    problems.push({ path: `${base}.quantity`, rule: 'quantity', message: `quantity must be a whole number >= 1, got ${String(line.quantity)}` });
  } else if (product && line.quantity > product.maxQuantityPerLine) {
    problems.push({
      path: `${base}.quantity`,
      rule: 'max-quantity',
      message: `at most ${product.maxQuantityPerLine} x ${product.name} per line, got ${line.quantity}`,
    });
  }
  if (!product) {
    problems.push({
      path: `${base}.productId`,
      rule: 'unknown-product',
      message: `no product '${line.productId}' in catalog ${catalog.catalogVersion}; known: ${catalog.products.map((candidate) => candidate.productId).join(', ')}`,
    });
    return line;
  }
  if (!isRecord(line.configuration)) {
    problems.push({ path: `${base}.configuration`, rule: 'type', message: 'configuration must be an object of option values' });
    return line;
  }
  const result = validateConfiguration(product, line.configuration, catalog, `${base}.configuration`);
  problems.push(...result.problems);
  return { ...line, configuration: result.configuration };
}

/**
 * Validates an order request against the catalog, reporting every problem at once.
 *
 * @returns `{ ok: true, value }` with configurations normalised (defaults applied), or
 *   `{ ok: false, problems }` where each problem names its path (`lines[0].configuration.width_mm`)
 *   and rule (`range`).
 */
export function validateOrderRequest(request: OrderRequest, catalog: Catalog, options: ValidateOrderOptions = {}): Validated<OrderRequest> {
  const problems: Problem[] = [];
  const customerId: unknown = isRecord(request.customer) ? request.customer.customerId : undefined;
  if (typeof customerId !== 'string' || customerId.trim() === '') problems.push({ path: 'customer.customerId', rule: 'required', message: 'customer id is required' });
  if (!PRIORITIES.includes(request.priority)) {
    problems.push({ path: 'priority', rule: 'enum', message: `priority must be one of ${PRIORITIES.join(', ')}, got ${describeValue(request.priority)}` });
  }
  if (typeof request.requestedDeliveryDate !== 'string' || !isCalendarDate(request.requestedDeliveryDate)) {
    problems.push({ path: 'requestedDeliveryDate', rule: 'date', message: `expected a calendar date YYYY-MM-DD, got '${request.requestedDeliveryDate}'` });
  } else if (options.today !== undefined && calendarDaysBetween(options.today, request.requestedDeliveryDate) < 0) {
    problems.push({ path: 'requestedDeliveryDate', rule: 'past-date', message: `requested delivery date ${request.requestedDeliveryDate} is before today (${options.today})` });
  }
  if (!Array.isArray(request.lines)) {
    problems.push({ path: 'lines', rule: 'type', message: 'lines must be a list' });
    return { ok: false, problems };
  }
  if (request.lines.length === 0) problems.push({ path: 'lines', rule: 'required', message: 'an order needs at least one line' });
  const lines = (request.lines as readonly OrderRequestLine[]).map((line, index) => validateLine(line, index, catalog, problems));
  return problems.length === 0 ? { ok: true, value: { ...request, lines } } : { ok: false, problems };
}
