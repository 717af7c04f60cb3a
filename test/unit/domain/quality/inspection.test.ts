import { describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import { inspectOrder, qcDisposition, type InspectionResult } from '../../../../functions/domain/quality/inspection';
import { aPassingInspection, anInspectionWith } from '../../../support/builders/inspection.builder';
import { anOrder } from '../../../support/builders/order.builder';
import { aShaftLine, aTableLine, anOrderRequest } from '../../../support/builders/order-request.builder';

const failed: InspectionResult = { passed: false, checksPassed: 0, failedChecks: [] };
const passed: InspectionResult = { passed: true, checksPassed: 3, failedChecks: [] };

describe('QC inspection', () => {
  describe('inspectOrder', () => {
    it('passes when every applicable check of every line is in tolerance', () => {
      // Prepare: a table with leaves adds the leaves check; a shaft with a thread adds the gauge
      const order = anOrder({}, anOrderRequest({ lines: [aTableLine({ extension_leaves: 1 }), aShaftLine({ heat_treatment: true })] }));

      // Act
      const result = inspectOrder(order, aPassingInspection(order), seedCatalog);

      // Assess: table 6 checks, shaft 5
      expect(result).toEqual({ passed: true, checksPassed: 11, failedChecks: [] });
    });

    it('accepts values at the tolerance limits and refuses just beyond, using the configured nominal', () => {
      // Prepare: shaft diameter 30 h7 = 29.975..30
      const order = anOrder({}, anOrderRequest({ lines: [aShaftLine({ diameter_mm: 30 })] }));

      // Act
      const atLimit = inspectOrder(order, anInspectionWith(order, { diameter: 29.975 }), seedCatalog);
      const beyond = inspectOrder(order, anInspectionWith(order, { diameter: 30.001 }), seedCatalog);

      // Assess
      expect(atLimit.passed).toBe(true);
      expect(beyond.failedChecks).toEqual([
        {
          lineId: 'L1',
          checkId: 'diameter',
          description: 'Finished diameter (h7)',
          reason: 'out-of-tolerance',
          message: 'Finished diameter (h7): 30.001 mm outside 29.975..30 mm',
          nominal: 30,
          lowerLimit: 29.975,
          upperLimit: 30,
          actual: 30.001,
        },
      ]);
    });

    it('fails missing results, rejected visual checks and wrong types, listing each', () => {
      // Prepare
      const order = anOrder();
      const report = anInspectionWith(order, { 'finish-visual': false, wobble: 'x' as unknown as number });
      const withoutLength = { ...report, lines: report.lines.map((line) => ({ ...line, results: Object.fromEntries(Object.entries(line.results).filter(([checkId]) => checkId !== 'length')) })) };

      // Act
      const result = inspectOrder(order, withoutLength, seedCatalog);

      // Assess
      expect(result.passed).toBe(false);
      expect(result.failedChecks.map((check) => `${check.checkId}:${check.reason}`)).toEqual(['length:missing', 'wobble:wrong-type', 'finish-visual:visual-rejected']);
      expect(result.checksPassed).toBe(2);
    });
  });

  describe('qcDisposition', () => {
    it.each([
      [passed, 0, 0, 'ship'],
      [failed, 0, 0, 'rework'],
      [failed, 1, 0, 'rework'],
      [failed, 2, 0, 'scrap'],
      [failed, 2, 1, 'fail'],
    ] as const)('inspection passed=%s after %i reworks and %i scraps -> %s', (result, reworkCount, scrapCount, expected) => {
      // Assess (seed policy: 2 reworks, 1 scrap)
      expect(qcDisposition({ reworkCount, scrapCount }, result, seedCatalog)).toBe(expected);
    });
  });
});
