/**
 * The deployment's settings for review and QC (cdk context `thresholds`) take the place of the
 * catalog's own policy values, so a manufacturer tunes the rules per stage without editing the
 * catalog; the domain then reads one policy.
 */
import type { Catalog } from '../domain/catalog/catalog.types';

export interface DeploymentThresholds {
  readonly minMarginFraction: number;
  readonly approvalLimitCents: number;
  readonly maxDesignRevisions: number;
  readonly maxReworkCycles: number;
}

export function withDeploymentThresholds(catalog: Catalog, thresholds: DeploymentThresholds): Catalog {
  return {
    ...catalog,
    policy: {
      ...catalog.policy,
      minimumMarginFraction: thresholds.minMarginFraction,
      autoApprovalLimitCents: thresholds.approvalLimitCents,
      maxDesignRevisions: thresholds.maxDesignRevisions,
      maxReworks: thresholds.maxReworkCycles,
    },
  };
}
