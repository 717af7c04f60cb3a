/**
 * What each workflow step's function may touch: the basis of its IAM policy (least privilege, one
 * function at a time) and of the environment it gets. Typed over every step name, so a new step
 * cannot be deployed without deciding its permissions.
 */
import type { StepName } from '../../workflows/step-names';

export interface StepAccess {
  /** DynamoDB: read only, or read and write. */
  readonly table: 'read' | 'read-write';
  /** Publishes to the event bus. */
  readonly events: boolean;
  /** Sends email through SES (approvals, reminders, POs to suppliers, buyers). */
  readonly email: boolean;
  /** Posts or updates Slack messages (reads the bot token secret). */
  readonly slack: boolean;
  /** Signs approval links (reads the link-signing key). */
  readonly linkSigning: boolean;
  /** Completes its own wait when the decision raced ahead of it (states:SendTaskSuccess). */
  readonly taskResponse: boolean;
}

const base: StepAccess = { table: 'read-write', events: true, email: false, slack: false, linkSigning: false, taskResponse: false };

export const STEP_ACCESS: Readonly<Record<StepName, StepAccess>> = {
  'review-order': base,
  'apply-review-decision': base,
  'open-design-revision': base,
  'apply-design-decision': base,
  'await-production': base,
  'record-production': base,
  'await-inspection': base,
  'apply-inspection-result': base,
  'await-shipment': base,
  'complete-order': base,
  'assess-order-risk': base,
  'fail-order': base,
  'compensate-order': { ...base, email: true },
  'open-approval': base,
  'await-approval-decision': { ...base, email: true, slack: true, linkSigning: true, taskResponse: true },
  'expire-approval': base,
  'close-approval': { ...base, slack: true },
  'reserve-stock': base,
  'send-purchase-order': { ...base, email: true },
  'record-po-acknowledgement': base,
  'await-po-delivery': { ...base, events: false },
  'record-po-delivery': base,
  'resource-purchase-order': { ...base, email: true },
  'escalate-to-buyer': { ...base, email: true },
  'confirm-materials-ready': base,
};
