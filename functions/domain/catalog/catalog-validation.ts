/**
 * Consistency of a catalog before it is stored or used: every reference resolves, every formula
 * parses and reads only numeric options of its product, every number is in a sensible range.
 */
import type { Problem, Validated } from '../common/problem';
import { conditionOptions } from './condition';
import type { Catalog, Condition, Formula, Product } from './catalog.types';
import { FormulaError, formulaVariables } from './formula';

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

function checkFormula(product: Product, formula: Formula, path: string, problems: Problem[]): void {
  const numeric = new Set(product.options.filter((option) => option.kind !== 'enum').map((option) => option.optionId));
  try {
    for (const name of formulaVariables(formula)) {
      if (!numeric.has(name)) {
        problems.push({ path, rule: 'formula-variable', message: `'${name}' is not a numeric or boolean option of ${product.productId}` });
      }
    }
  } catch (error) {
    if (!(error instanceof FormulaError)) throw error;
    problems.push({ path, rule: 'formula-syntax', message: error.message });
  }
}

function checkCondition(product: Product, condition: Condition | undefined, path: string, problems: Problem[]): void {
  if (!condition) return;
  const known = new Set(product.options.map((option) => option.optionId));
  for (const option of conditionOptions(condition)) {
    if (!known.has(option)) problems.push({ path, rule: 'unknown-option', message: `condition refers to unknown option '${option}'` });
  }
}

function checkProduct(catalog: Catalog, product: Product, index: number, problems: Problem[]): void {
  const base = `products[${index}]`;
  const componentIds = new Set(catalog.components.map((component) => component.componentId));
  const workCenterIds = new Set(catalog.workCenters.map((workCenter) => workCenter.workCenterId));
  for (const id of duplicates(product.options.map((option) => option.optionId))) {
    problems.push({ path: `${base}.options`, rule: 'duplicate-id', message: `option '${id}' is defined twice` });
  }
  product.options.forEach((option, optionIndex) => {
    const path = `${base}.options[${optionIndex}]`;
    if (option.kind === 'number') {
      if (!(option.min <= option.max)) problems.push({ path, rule: 'range', message: `min ${option.min} is above max ${option.max}` });
      if (option.step !== undefined && !(option.step > 0)) problems.push({ path: `${path}.step`, rule: 'range', message: 'step must be > 0' });
      if (option.default !== undefined && (option.default < option.min || option.default > option.max)) {
        problems.push({ path: `${path}.default`, rule: 'range', message: `default ${option.default} is outside ${option.min}..${option.max}` });
      }
    }
    if (option.kind === 'enum') {
      if (option.choices.length === 0) problems.push({ path: `${path}.choices`, rule: 'required', message: 'an enumeration needs at least one choice' });
      if (option.default !== undefined && !option.choices.some((choice) => choice.value === option.default)) {
        problems.push({ path: `${path}.default`, rule: 'enum', message: `default '${option.default}' is not one of the choices` });
      }
    }
  });
  product.constraints.forEach((constraint, constraintIndex) => {
    const path = `${base}.constraints[${constraintIndex}]`;
    checkCondition(product, constraint.when, `${path}.when`, problems);
    if (constraint.kind === 'requires') checkCondition(product, constraint.then, `${path}.then`, problems);
  });
  product.bom.forEach((rule, ruleIndex) => {
    const path = `${base}.bom[${ruleIndex}]`;
    if (!componentIds.has(rule.componentId)) problems.push({ path: `${path}.componentId`, rule: 'unknown-component', message: `no component '${rule.componentId}'` });
    checkCondition(product, rule.when, `${path}.when`, problems);
    checkFormula(product, rule.quantity, `${path}.quantity`, problems);
    if (rule.scrapFraction !== undefined && !(rule.scrapFraction >= 0 && rule.scrapFraction < 1)) {
      problems.push({ path: `${path}.scrapFraction`, rule: 'range', message: 'scrapFraction must be in [0, 1)' });
    }
  });
  if (product.routing.length === 0) problems.push({ path: `${base}.routing`, rule: 'required', message: 'a product needs at least one operation' });
  product.routing.forEach((operation, operationIndex) => {
    const path = `${base}.routing[${operationIndex}]`;
    if (!workCenterIds.has(operation.workCenterId)) {
      problems.push({ path: `${path}.workCenterId`, rule: 'unknown-work-center', message: `no work center '${operation.workCenterId}'` });
    }
    if (!(operation.setupHours >= 0)) problems.push({ path: `${path}.setupHours`, rule: 'range', message: 'setupHours must be >= 0' });
    checkCondition(product, operation.when, `${path}.when`, problems);
    checkFormula(product, operation.runHoursPerUnit, `${path}.runHoursPerUnit`, problems);
  });
  product.qcChecklist.forEach((check, checkIndex) => {
    const path = `${base}.qcChecklist[${checkIndex}]`;
    checkCondition(product, check.when, `${path}.when`, problems);
    if (check.kind === 'measurement') {
      checkFormula(product, check.nominal, `${path}.nominal`, problems);
      if (!(check.toleranceMinus >= 0 && check.tolerancePlus >= 0)) {
        problems.push({ path, rule: 'range', message: 'tolerances are given as non-negative distances from nominal' });
      }
    }
  });
  if (!(Number.isInteger(product.maxQuantityPerLine) && product.maxQuantityPerLine >= 1)) {
    problems.push({ path: `${base}.maxQuantityPerLine`, rule: 'range', message: 'maxQuantityPerLine must be a whole number >= 1' });
  }
}

/**
 * Checks a catalog's internal consistency and returns every problem found (paths such as
 * `products[0].bom[3].componentId`). A catalog that passes can be used by every other domain
 * function without reference errors.
 */
export function validateCatalog(catalog: Catalog): Validated<Catalog> {
  const problems: Problem[] = [];
  const supplierIds = new Set(catalog.suppliers.map((supplier) => supplier.supplierId));
  for (const [path, ids] of [
    ['products', catalog.products.map((product) => product.productId)],
    ['components', catalog.components.map((component) => component.componentId)],
    ['suppliers', catalog.suppliers.map((supplier) => supplier.supplierId)],
    ['workCenters', catalog.workCenters.map((workCenter) => workCenter.workCenterId)],
  ] as const) {
    for (const id of duplicates(ids)) problems.push({ path, rule: 'duplicate-id', message: `'${id}' is defined twice` });
  }
  catalog.components.forEach((component, index) => {
    const path = `components[${index}]`;
    if (component.sources.length === 0) problems.push({ path: `${path}.sources`, rule: 'required', message: `${component.componentId} has no supplier` });
    if (!(Number.isInteger(component.standardCostCents) && component.standardCostCents >= 0)) {
      problems.push({ path: `${path}.standardCostCents`, rule: 'integer', message: 'costs are whole cents >= 0' });
    }
    component.sources.forEach((source, sourceIndex) => {
      const sourcePath = `${path}.sources[${sourceIndex}]`;
      if (!supplierIds.has(source.supplierId)) problems.push({ path: `${sourcePath}.supplierId`, rule: 'unknown-supplier', message: `no supplier '${source.supplierId}'` });
      if (!(Number.isInteger(source.leadTimeDays) && source.leadTimeDays >= 0)) {
        problems.push({ path: `${sourcePath}.leadTimeDays`, rule: 'integer', message: 'lead time is whole days >= 0' });
      }
      if (!(Number.isInteger(source.unitCostCents) && source.unitCostCents >= 0)) {
        problems.push({ path: `${sourcePath}.unitCostCents`, rule: 'integer', message: 'costs are whole cents >= 0' });
      }
    });
    for (const id of duplicates(component.sources.map((source) => source.supplierId))) {
      problems.push({ path: `${path}.sources`, rule: 'duplicate-id', message: `supplier '${id}' is listed twice` });
    }
  });
  catalog.workCenters.forEach((workCenter, index) => {
    if (!(workCenter.capacityHoursPerDay > 0)) {
      problems.push({ path: `workCenters[${index}].capacityHoursPerDay`, rule: 'range', message: 'capacity must be > 0 hours per day' });
    }
  });
  catalog.products.forEach((product, index) => checkProduct(catalog, product, index, problems));
  const { policy } = catalog;
  if (!(policy.targetMarginFraction >= 0 && policy.targetMarginFraction < 1)) {
    problems.push({ path: 'policy.targetMarginFraction', rule: 'range', message: 'target margin must be in [0, 1)' });
  }
  for (const key of ['approvalAllowanceDays', 'shippingDays', 'minimumLeadDays', 'maxDesignRevisions', 'maxReworks', 'maxScraps'] as const) {
    if (!(Number.isInteger(policy[key]) && policy[key] >= 0)) problems.push({ path: `policy.${key}`, rule: 'integer', message: `${key} must be a whole number >= 0` });
  }
  if (!(Number.isInteger(policy.priceRoundingCents) && policy.priceRoundingCents >= 1)) {
    problems.push({ path: 'policy.priceRoundingCents', rule: 'integer', message: 'priceRoundingCents must be a whole number >= 1' });
  }
  return problems.length === 0 ? { ok: true, value: catalog } : { ok: false, problems };
}

/** Looks up a product by id. */
export function findProduct(catalog: Catalog, productId: string): Product | undefined {
  return catalog.products.find((product) => product.productId === productId);
}
