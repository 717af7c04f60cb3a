/**
 * The Lambda steps the workflows call, by name. Each name is one handler file
 * (`functions/steps/<name>.handler.ts`); infra builds one function per name and hands the workflows
 * a record of them. Names are a contract: the template's metadata, docs and the local runtime use them.
 */
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

export const STEP_NAMES = [
  // order lifecycle
  'review-order',
  'apply-review-decision',
  'open-design-revision',
  'apply-design-decision',
  'await-production',
  'record-production',
  'await-inspection',
  'apply-inspection-result',
  'await-shipment',
  'complete-order',
  'assess-order-risk',
  'fail-order',
  'compensate-order',
  // human approval
  'open-approval',
  'await-approval-decision',
  'expire-approval',
  'close-approval',
  // procurement
  'reserve-stock',
  'send-purchase-order',
  'record-po-acknowledgement',
  'await-po-delivery',
  'record-po-delivery',
  'resource-purchase-order',
  'escalate-to-buyer',
  'confirm-materials-ready',
] as const;

export type StepName = (typeof STEP_NAMES)[number];

/** The handler module of a step, relative to the repository root; it exports `handler`. */
export function stepEntry(name: StepName): string {
  return `functions/steps/${name}.handler.ts`;
}

/** The deployed functions, one per step. */
export type StepFunctionSet = Readonly<Record<StepName, IFunction>>;
