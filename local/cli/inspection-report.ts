/**
 * Builds what a QC station would report for an order: for every check of each line's product
 * checklist that applies to the line's configuration, a measurement (nominal, or out of tolerance
 * when the inspection is meant to fail) or a visual verdict. Used by the CLI and the demo, which act
 * as the inspector.
 */
import { formulaVariablesOf, matchesCondition } from '../../functions/domain/catalog/condition';
import type { Catalog } from '../../functions/domain/catalog/catalog.types';
import { evaluateFormula } from '../../functions/domain/catalog/formula';
import type { Configuration } from '../../functions/domain/order/order.types';

export interface OrderLineView {
  readonly lineId: string;
  readonly productId: string;
  readonly configuration: Configuration;
}

export function inspectionResults(lines: readonly OrderLineView[], catalog: Catalog, outcome: 'pass' | 'fail'): { lineId: string; results: Record<string, number | boolean> }[] {
  return lines.map((line, index) => {
    const product = catalog.products.find((candidate) => candidate.productId === line.productId);
    if (product === undefined) throw new Error(`line ${line.lineId}: product ${line.productId} is not in the catalog`);
    const variables = formulaVariablesOf(product, line.configuration);
    const results: Record<string, number | boolean> = {};
    let failed = false;
    for (const check of product.qcChecklist) {
      if (check.when !== undefined && !matchesCondition(check.when, line.configuration)) continue;
      // A failing inspection fails one measurement of the first line: enough for a rework.
      const failThis: boolean = outcome === 'fail' && index === 0 && !failed && check.kind === 'measurement';
      if (check.kind === 'measurement') {
        const nominal = evaluateFormula(check.nominal, variables);
        results[check.checkId] = failThis ? nominal + check.tolerancePlus + 1 : nominal;
        failed ||= failThis;
      } else {
        results[check.checkId] = true;
      }
    }
    return { lineId: line.lineId, results };
  });
}
