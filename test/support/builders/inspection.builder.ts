/**
 * Inspection reports for an order: all checks at nominal (passing), or with chosen results changed.
 */
import { formulaVariablesOf, matchesCondition } from '../../../functions/domain/catalog/condition';
import type { Catalog } from '../../../functions/domain/catalog/catalog.types';
import { evaluateFormula } from '../../../functions/domain/catalog/formula';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import type { Order } from '../../../functions/domain/order/order.types';
import type { InspectionReport } from '../../../functions/domain/quality/inspection';

/** A report with every applicable check of every line at its nominal value / accepted. */
export function aPassingInspection(order: Pick<Order, 'lines'>, catalog: Catalog = seedCatalog): InspectionReport {
  return {
    inspector: 'qc@workshop.example',
    lines: order.lines.map((line) => {
      const product = catalog.products.find((candidate) => candidate.productId === line.productId);
      const results: Record<string, number | boolean> = {};
      for (const check of product?.qcChecklist ?? []) {
        if (check.when && !matchesCondition(check.when, line.configuration)) continue;
        results[check.checkId] = check.kind === 'visual' ? true : evaluateFormula(check.nominal, product ? formulaVariablesOf(product, line.configuration) : {});
      }
      return { lineId: line.lineId, results };
    }),
  };
}

/** A passing report with some results of the first line replaced (e.g. `{ length: 2010 }`). */
export function anInspectionWith(order: Pick<Order, 'lines'>, firstLineResults: Readonly<Record<string, number | boolean>>): InspectionReport {
  const report = aPassingInspection(order);
  return { ...report, lines: report.lines.map((line, index) => (index === 0 ? { ...line, results: { ...line.results, ...firstLineResults } } : line)) };
}
