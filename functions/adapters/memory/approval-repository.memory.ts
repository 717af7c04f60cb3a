/** In-memory twin of the approval repository (same rules and errors as the DynamoDB one). */
import type { Approval, ApprovalDecision } from '../../domain/approval/approval.types';
import type { ApprovalRepository, RecordDecisionOptions, ReissueChanges } from '../../ports/approval-repository';
import {
  ApprovalAlreadyDecidedError,
  ApprovalAlreadyExistsError,
  ApprovalLinkRevokedError,
  ApprovalNotFoundError,
  ConcurrentModificationError,
} from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import { checkDecision, checkNewApproval, checkReissue } from '../../ports/repository-entity-rules';
import { requireId, requireVersion } from '../../ports/repository-input-rules';
import { copy, pageOf } from './memory-page';

export class InMemoryApprovalRepository implements ApprovalRepository {
  private readonly approvals = new Map<string, Approval>();

  public async create(approval: Approval): Promise<Approval> {
    const approvalId = checkNewApproval(approval);
    if (this.approvals.has(approvalId)) throw new ApprovalAlreadyExistsError(approvalId);
    this.approvals.set(approvalId, copy(approval));
    return Promise.resolve(copy(approval));
  }

  public async get(approvalId: string): Promise<Approval | undefined> {
    requireId('approvalId', approvalId);
    const approval = this.approvals.get(approvalId);
    return Promise.resolve(approval === undefined ? undefined : copy(approval));
  }

  public async listByOrder(orderId: string, page?: PageRequest): Promise<Page<Approval>> {
    requireId('orderId', orderId);
    const entries = [...this.approvals.values()]
      .filter((approval) => approval.orderId === orderId)
      .map((approval) => ({ sortKey: `${approval.requestedAt}#${approval.approvalId}`, value: approval }));
    return Promise.resolve(pageOf(entries, `approvals-by-order:${orderId}`, false, page));
  }

  public async recordDecision(approvalId: string, decision: ApprovalDecision, options: RecordDecisionOptions = {}): Promise<Approval> {
    const generation = checkDecision(approvalId, decision, options);
    return Promise.resolve(
      this.updatePending(approvalId, generation, (approval) => ({ ...approval, status: decision.outcome, decision: copy(decision) })),
    );
  }

  public async revoke(approvalId: string): Promise<Approval> {
    requireId('approvalId', approvalId);
    return Promise.resolve(this.updatePending(approvalId, undefined, (approval) => ({ ...approval, status: 'revoked' })));
  }

  public async expire(approvalId: string): Promise<Approval> {
    requireId('approvalId', approvalId);
    return Promise.resolve(this.updatePending(approvalId, undefined, (approval) => ({ ...approval, status: 'expired' })));
  }

  public async reissue(approvalId: string, changes: ReissueChanges): Promise<Approval> {
    checkReissue(approvalId, changes);
    return Promise.resolve(
      this.updatePending(approvalId, undefined, (approval) => ({
        ...approval,
        callbackId: changes.callbackId,
        expiresAt: changes.expiresAt,
        linkGeneration: approval.linkGeneration + 1,
        ...(changes.approvers === undefined ? {} : { approvers: [...changes.approvers] }),
      })),
    );
  }

  public async update(approval: Approval, expectedVersion: number): Promise<Approval> {
    const approvalId = requireId('approval.approvalId', approval.approvalId);
    requireVersion('expectedVersion', expectedVersion);
    const current = this.approvals.get(approvalId);
    if (current === undefined) throw new ApprovalNotFoundError(approvalId);
    if (current.version !== expectedVersion) {
      throw new ConcurrentModificationError({ entity: 'approval', entityId: approvalId, orderId: approval.orderId, expectedVersion, actualVersion: current.version });
    }
    const stored: Approval = { ...copy(approval), version: expectedVersion + 1 };
    this.approvals.set(approvalId, stored);
    return Promise.resolve(copy(stored));
  }

  private updatePending(approvalId: string, linkGeneration: number | undefined, change: (approval: Approval) => Approval): Approval {
    const current = this.approvals.get(approvalId);
    if (current === undefined) throw new ApprovalNotFoundError(approvalId);
    if (current.status !== 'pending') throw new ApprovalAlreadyDecidedError(approvalId, current.status, current.decision);
    if (linkGeneration !== undefined && linkGeneration !== current.linkGeneration) {
      throw new ApprovalLinkRevokedError(approvalId, linkGeneration, current.linkGeneration);
    }
    const stored: Approval = { ...change(current), version: current.version + 1 };
    this.approvals.set(approvalId, stored);
    return copy(stored);
  }
}
