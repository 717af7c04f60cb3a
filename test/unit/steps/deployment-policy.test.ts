import { describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import { withDeploymentThresholds } from '../../../functions/use-cases/deployment-policy';

describe('withDeploymentThresholds', () => {
  it("puts the deployment's review and QC thresholds in place of the catalog policy's, leaving the rest", () => {
    // Act
    const catalog = withDeploymentThresholds(seedCatalog, { minMarginFraction: 0.05, approvalLimitCents: 99, maxDesignRevisions: 7, maxReworkCycles: 0 });

    // Assess
    expect(catalog.policy).toEqual({ ...seedCatalog.policy, minimumMarginFraction: 0.05, autoApprovalLimitCents: 99, maxDesignRevisions: 7, maxReworks: 0 });
    expect(catalog.products).toBe(seedCatalog.products);
  });
});
