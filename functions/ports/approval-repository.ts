/**
 * Storage of approval requests. The decision is recorded atomically "first decision wins": a
 * second decision, from any channel, finds the approval no longer pending and is told who won.
 */
import type { Approval, ApprovalDecision } from '../domain/approval/approval.types';
import type { Page, PageRequest } from './pagination';

export interface RecordDecisionOptions {
  /**
   * The link generation the decision came through (email/Slack links carry it). When given, a
   * decision through a link of an older generation is refused with ApprovalLinkRevokedError.
   */
  readonly linkGeneration?: number;
}

export interface ReissueChanges {
  /** The callback record of the new wait (the previous one is left to expire). */
  readonly callbackId: string;
  readonly expiresAt: string;
  /** Replaces the approvers (escalation appends the second approver). */
  readonly approvers?: readonly string[];
}

export interface ApprovalRepository {
  /** @throws ApprovalAlreadyExistsError, InvalidRepositoryInputError. */
  create(approval: Approval): Promise<Approval>;

  /** Strongly consistent; undefined when there is none. */
  get(approvalId: string): Promise<Approval | undefined>;

  /** The approvals of one order, oldest first (by requestedAt). */
  listByOrder(orderId: string, page?: PageRequest): Promise<Page<Approval>>;

  /**
   * Records the decision if the approval is still pending: status becomes the decision's outcome,
   * version +1. Expiry (`expiresAt`) is the caller's check, made before calling.
   * @throws ApprovalAlreadyDecidedError (carrying the winning decision) when it is not pending.
   * @throws ApprovalLinkRevokedError when options.linkGeneration is older than the current one.
   * @throws ApprovalNotFoundError.
   */
  recordDecision(approvalId: string, decision: ApprovalDecision, options?: RecordDecisionOptions): Promise<Approval>;

  /** Withdraws a pending approval (status 'revoked'). @throws ApprovalAlreadyDecidedError, ApprovalNotFoundError. */
  revoke(approvalId: string): Promise<Approval>;

  /** Closes a pending approval that nobody answered in time (status 'expired'). @throws as `revoke`. */
  expire(approvalId: string): Promise<Approval>;

  /**
   * Re-sends a pending approval: a new link generation (older links stop working), a new callback
   * and expiry. @throws as `revoke`.
   */
  reissue(approvalId: string, changes: ReissueChanges): Promise<Approval>;

  /**
   * Any other change (Slack message coordinates, details), if the stored approval is still at
   * `expectedVersion`; stored with version `expectedVersion + 1`.
   * @throws ConcurrentModificationError, ApprovalNotFoundError.
   */
  update(approval: Approval, expectedVersion: number): Promise<Approval>;
}
