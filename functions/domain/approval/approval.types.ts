/**
 * A request for a person's decision (order review, design approval, escalations), acted on by the
 * first valid decision from any channel (email link, Slack button, API).
 */
export type ApprovalKind = 'order-review' | 'design-approval';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'revoked';
export type DecisionChannel = 'email' | 'slack' | 'api';

export interface ApprovalDecision {
  readonly outcome: 'approved' | 'rejected';
  /** The approver who decided (email address or Slack user id mapped to one). */
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly channel: DecisionChannel;
  readonly comment?: string;
}

export interface Approval {
  readonly approvalId: string;
  readonly orderId: string;
  readonly kind: ApprovalKind;
  /** For design approvals: the exact design revision shown to the approver. */
  readonly designRevision?: number;
  /** Who may decide (emails); escalation appends the second approver. */
  readonly approvers: readonly string[];
  readonly status: ApprovalStatus;
  readonly requestedAt: string;
  /** When the request expires with outcome 'expired' (ISO instant); checked at decision time. */
  readonly expiresAt: string;
  /** Id of the callback record holding the Step Functions task token (never the token itself). */
  readonly callbackId: string;
  /** A link generation counter: re-sending bumps it and revokes links of earlier generations. */
  readonly linkGeneration: number;
  readonly decision?: ApprovalDecision;
  /** What the approver is asked to approve, rendered on the confirmation page and messages. */
  readonly subject: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly version: number;
  /** Slack message coordinates, so the message can be updated once decided. */
  readonly slackMessage?: { readonly channel: string; readonly ts: string };
}
