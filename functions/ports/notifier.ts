/**
 * The ways mto-flow tells people and partner systems something: email (SES), Slack messages with
 * buttons, and purchase orders to suppliers. Each is a port, so tests and the local runtime can use
 * an outbox; the AWS/Slack/HTTP adapters live in functions/adapters/{email,slack,notifications}.
 */

/** An email with both an HTML and a plain-text body. */
export interface EmailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Tags the provider keeps with the message (SES message tags): order id, approval id... */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface EmailSender {
  /** Sends one email; resolves with the provider's message id. */
  send(message: EmailMessage): Promise<{ readonly messageId: string }>;
}

/** An approval request as a chat message with approve/reject buttons. */
export interface ApprovalChatMessage {
  readonly approvalId: string;
  readonly orderId: string;
  readonly title: string;
  /** Lines of context shown under the title (customer, value, design revision, reasons...). */
  readonly facts: readonly string[];
  /** A link to the approval page (for details and for rejecting with a comment). */
  readonly pageUrl?: string;
  /** Set on reminders and escalations: shown as a banner line. */
  readonly notice?: string;
}

/** How an approval ended, shown on the message in place of its buttons. */
export interface ApprovalChatOutcome {
  readonly approvalId: string;
  readonly title: string;
  /** One sentence: "Approved by eng@acme.example at 2025-03-04 10:12 UTC (email)". */
  readonly summary: string;
}

export interface ChatMessageRef {
  readonly channel: string;
  readonly ts: string;
}

export interface ApprovalChat {
  /** Posts the request with buttons whose value is the approval id; returns where it is. */
  postApproval(message: ApprovalChatMessage): Promise<ChatMessageRef>;
  /** Replaces the buttons with the outcome, so nobody decides twice. */
  showOutcome(ref: ChatMessageRef, outcome: ApprovalChatOutcome): Promise<void>;
}

/** A purchase order as sent to a supplier's system. */
export interface PurchaseOrderMessage {
  readonly type: 'purchase-order.created' | 'purchase-order.cancelled';
  readonly poId: string;
  readonly orderId: string;
  readonly supplierId: string;
  /** The opaque id the supplier quotes back in its webhooks (never the task token). */
  readonly callbackId?: string;
  readonly lines: readonly { readonly componentId: string; readonly quantity: number; readonly unit: string; readonly unitCostCents: number }[];
  /** Reply by this instant or the PO is re-sourced. */
  readonly respondBy?: string;
  readonly reason?: string;
}

export interface SupplierGateway {
  /**
   * Delivers the message to the supplier (signed webhook). The message id is stable for a given
   * PO and type, so a supplier can drop duplicates.
   */
  send(message: PurchaseOrderMessage): Promise<void>;
}

/** A notification could not be delivered; names the channel. */
export class NotificationError extends Error {
  public readonly channel: 'email' | 'slack' | 'supplier';

  public constructor(channel: 'email' | 'slack' | 'supplier', message: string, options?: { cause?: unknown }) {
    super(`${channel}: ${message}`, options);
    this.name = 'NotificationError';
    this.channel = channel;
  }
}
