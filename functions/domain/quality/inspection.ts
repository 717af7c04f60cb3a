/**
 * Quality control: an inspector's results checked against each line's product checklist
 * (measurements within tolerance of a nominal that may come from the configuration, visual checks
 * passed), and what happens after a failure (rework while the bound allows, then scrap and
 * re-procure, then fail).
 */
import type { Catalog } from '../catalog/catalog.types';
import { formulaVariablesOf, matchesCondition } from '../catalog/condition';
import { evaluateFormula } from '../catalog/formula';
import { productOf } from '../planning/bom-explosion';
import type { Order } from '../order/order.types';

/** Tolerance for float noise in measurement comparisons (well below any gauge resolution). */
const MEASUREMENT_EPSILON = 1e-9;

/** What the inspector recorded for one order line: a number per measurement, true/false per visual check. */
export interface LineInspection {
  readonly lineId: string;
  readonly results: Readonly<Record<string, number | boolean>>;
}

/** The inspector's report for an order. */
export interface InspectionReport {
  readonly inspector: string;
  readonly lines: readonly LineInspection[];
}

/** One check that did not pass. */
export interface FailedCheck {
  readonly lineId: string;
  readonly checkId: string;
  readonly description: string;
  /** 'out-of-tolerance', 'visual-rejected', 'missing' (no result recorded), 'wrong-type'. */
  readonly reason: 'out-of-tolerance' | 'visual-rejected' | 'missing' | 'wrong-type';
  readonly message: string;
  readonly nominal?: number;
  readonly lowerLimit?: number;
  readonly upperLimit?: number;
  readonly actual?: number | boolean;
}

/** The outcome of an inspection. */
export interface InspectionResult {
  readonly passed: boolean;
  readonly checksPassed: number;
  readonly failedChecks: readonly FailedCheck[];
}

/**
 * Checks an inspection report against the checklist of every order line. A check that applies to
 * the configuration but has no result fails as 'missing'; results for unknown checks are ignored.
 */
export function inspectOrder(order: Pick<Order, 'lines'>, report: InspectionReport, catalog: Catalog): InspectionResult {
  const failedChecks: FailedCheck[] = [];
  let checksPassed = 0;
  for (const line of order.lines) {
    const product = productOf(catalog, line.productId);
    const results = report.lines.find((entry) => entry.lineId === line.lineId)?.results ?? {};
    const variables = formulaVariablesOf(product, line.configuration);
    for (const check of product.qcChecklist) {
      if (check.when && !matchesCondition(check.when, line.configuration)) continue;
      const base = { lineId: line.lineId, checkId: check.checkId, description: check.description };
      const actual = Object.hasOwn(results, check.checkId) ? results[check.checkId] : undefined;
      if (actual === undefined) {
        failedChecks.push({ ...base, reason: 'missing', message: `${check.description}: no result recorded` });
        continue;
      }
      if (check.kind === 'visual') {
        if (actual === true) checksPassed += 1;
        else if (actual === false) failedChecks.push({ ...base, reason: 'visual-rejected', message: `${check.description}: rejected`, actual });
        else failedChecks.push({ ...base, reason: 'wrong-type', message: `${check.description}: expected true or false`, actual });
        continue;
      }
      if (typeof actual !== 'number' || !Number.isFinite(actual)) {
        failedChecks.push({ ...base, reason: 'wrong-type', message: `${check.description}: expected a measurement in ${check.unit}`, actual });
        continue;
      }
      const nominal = evaluateFormula(check.nominal, variables);
      const lowerLimit = nominal - check.toleranceMinus;
      const upperLimit = nominal + check.tolerancePlus;
      if (actual < lowerLimit - MEASUREMENT_EPSILON || actual > upperLimit + MEASUREMENT_EPSILON) {
        failedChecks.push({
          ...base,
          reason: 'out-of-tolerance',
          message: `${check.description}: ${actual} ${check.unit} outside ${roundForDisplay(lowerLimit)}..${roundForDisplay(upperLimit)} ${check.unit}`,
          nominal,
          lowerLimit,
          upperLimit,
          actual,
        });
      } else checksPassed += 1;
    }
  }
  return { passed: failedChecks.length === 0, checksPassed, failedChecks };
}

function roundForDisplay(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** What to do with an inspected order. */
export type QcDisposition = 'ship' | 'rework' | 'scrap' | 'fail';

/**
 * The disposition after an inspection: ship on a pass; on a failure rework while
 * `reworkCount < policy.maxReworks`, else scrap and re-procure while
 * `scrapCount < policy.maxScraps`, else fail the order.
 */
export function qcDisposition(order: Pick<Order, 'reworkCount' | 'scrapCount'>, result: InspectionResult, catalog: Catalog): QcDisposition {
  if (result.passed) return 'ship';
  if (order.reworkCount < catalog.policy.maxReworks) return 'rework';
  if ((order.scrapCount ?? 0) < catalog.policy.maxScraps) return 'scrap';
  return 'fail';
}
