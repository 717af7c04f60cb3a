/**
 * Approval requests in the single table: their own partition (links find them by id), listed per
 * order through GSI1. Decisions, revocation, expiry and re-issue are single conditional updates on
 * `status = pending`, so the first of them wins and the others learn what won.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Approval, ApprovalDecision, ApprovalStatus } from '../../domain/approval/approval.types';
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
import { conditionFailureItem, isConditionalCheckFailed, isTransactionConflict } from './dynamodb-errors';
import { fromItem, toItem, withoutUndefined, type Item } from './item-codec';
import { APPROVAL_CHILD_PREFIX, ENTITY_TYPES, approvalIndexKeys, approvalKey, orderChildrenPartition } from './keys';
import { queryPage } from './query-page';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { GSI1 } from './table-schema';

export const approvalItem = (approval: Approval): Item =>
  toItem(approval, { entityType: ENTITY_TYPES.approval, key: approvalKey(approval.approvalId), indexKeys: approvalIndexKeys(approval) });

const PENDING: ApprovalStatus = 'pending';

export class DynamoDbApprovalRepository implements ApprovalRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async create(approval: Approval): Promise<Approval> {
    const approvalId = checkNewApproval(approval);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: approvalItem(approval),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ApprovalAlreadyExistsError(approvalId, { cause: error });
      throw error;
    }
    return approval;
  }

  public async get(approvalId: string): Promise<Approval | undefined> {
    requireId('approvalId', approvalId);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: approvalKey(approvalId), ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem<Approval>(output.Item, ENTITY_TYPES.approval);
  }

  public async listByOrder(orderId: string, page?: PageRequest): Promise<Page<Approval>> {
    const result = await queryPage(
      {
        client: this.client,
        tableName: this.tableName,
        index: GSI1,
        partitionValue: orderChildrenPartition(requireId('orderId', orderId)),
        sortPrefix: APPROVAL_CHILD_PREFIX,
        descending: false,
      },
      page,
    );
    return { ...result, items: result.items.map((item) => fromItem<Approval>(item, ENTITY_TYPES.approval)) };
  }

  public async recordDecision(approvalId: string, decision: ApprovalDecision, options: RecordDecisionOptions = {}): Promise<Approval> {
    const generation = checkDecision(approvalId, decision, options);
    return this.updatePending(approvalId, {
      set: { '#status': decision.outcome, '#decision': withoutUndefined(decision) },
      ...(generation === undefined ? {} : { linkGeneration: generation }),
    });
  }

  public async revoke(approvalId: string): Promise<Approval> {
    requireId('approvalId', approvalId);
    return this.updatePending(approvalId, { set: { '#status': 'revoked' } });
  }

  public async expire(approvalId: string): Promise<Approval> {
    requireId('approvalId', approvalId);
    return this.updatePending(approvalId, { set: { '#status': 'expired' } });
  }

  public async reissue(approvalId: string, changes: ReissueChanges): Promise<Approval> {
    checkReissue(approvalId, changes);
    return this.updatePending(approvalId, {
      set: {
        '#callbackId': changes.callbackId,
        '#expiresAt': changes.expiresAt,
        ...(changes.approvers === undefined ? {} : { '#approvers': [...changes.approvers] }),
      },
      incrementLinkGeneration: true,
    });
  }

  public async update(approval: Approval, expectedVersion: number): Promise<Approval> {
    const approvalId = requireId('approval.approvalId', approval.approvalId);
    requireVersion('expectedVersion', expectedVersion);
    const stored: Approval = { ...approval, version: expectedVersion + 1 };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: approvalItem(stored),
          ConditionExpression: '#version = :expectedVersion',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        const old = conditionFailureItem(error);
        if (old === undefined) throw new ApprovalNotFoundError(approvalId, { cause: error });
        throw new ConcurrentModificationError(
          { entity: 'approval', entityId: approvalId, orderId: approval.orderId, expectedVersion, actualVersion: old['version'] as number },
          { cause: error },
        );
      }
      if (isTransactionConflict(error)) {
        throw new ConcurrentModificationError({ entity: 'approval', entityId: approvalId, orderId: approval.orderId, expectedVersion }, { cause: error });
      }
      throw error;
    }
    return stored;
  }

  /**
   * One conditional update of a pending approval: SET the given attributes (placeholder names map
   * to attribute names by dropping '#'), bump the version, and optionally the link generation.
   */
  private async updatePending(
    approvalId: string,
    change: { readonly set: Readonly<Record<`#${string}`, unknown>>; readonly linkGeneration?: number; readonly incrementLinkGeneration?: boolean },
  ): Promise<Approval> {
    const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
    const values: Record<string, unknown> = { ':pending': PENDING, ':one': 1 };
    const assignments: string[] = [];
    Object.entries(change.set).forEach(([placeholder, value], index) => {
      names[placeholder] = placeholder.slice(1);
      values[`:v${index}`] = value;
      assignments.push(`${placeholder} = :v${index}`);
    });
    assignments.push('#version = #version + :one');
    if (change.incrementLinkGeneration === true) {
      names['#linkGeneration'] = 'linkGeneration';
      assignments.push('#linkGeneration = #linkGeneration + :one');
    }
    let condition = '#status = :pending';
    if (change.linkGeneration !== undefined) {
      names['#linkGeneration'] = 'linkGeneration';
      values[':linkGeneration'] = change.linkGeneration;
      condition += ' AND #linkGeneration = :linkGeneration';
    }
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: approvalKey(approvalId),
          UpdateExpression: `SET ${assignments.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromItem<Approval>(output.Attributes ?? {}, ENTITY_TYPES.approval);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = conditionFailureItem(error);
      if (old === undefined) throw new ApprovalNotFoundError(approvalId, { cause: error });
      const existing = fromItem<Approval>(old, ENTITY_TYPES.approval);
      if (existing.status !== PENDING) throw new ApprovalAlreadyDecidedError(approvalId, existing.status, existing.decision, { cause: error });
      throw new ApprovalLinkRevokedError(approvalId, change.linkGeneration ?? existing.linkGeneration, existing.linkGeneration, { cause: error });
    }
  }
}
