import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbApprovalRepository } from '../../../../functions/adapters/dynamodb/approval-repository.dynamodb';
import {
  ApprovalAlreadyDecidedError,
  ApprovalAlreadyExistsError,
  ApprovalLinkRevokedError,
  ApprovalNotFoundError,
} from '../../../../functions/ports/data-errors';
import { anApproval, failure } from '../../../contract/repositories/fixtures';
import { TABLE, conditionalCheckFailed, mockedDocumentClient, onlyInput } from './dynamodb-mock';

describe('DynamoDbApprovalRepository', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let repository: DynamoDbApprovalRepository;
  const approval = anApproval({ approvalId: 'apr-1', orderId: 'ord-1', requestedAt: '2025-03-03T08:00:00.000Z' });
  const approvalItem = {
    ...approval,
    pk: 'APPROVAL#apr-1',
    sk: 'APPROVAL',
    gsi1pk: 'ORDER#ord-1',
    gsi1sk: 'APPROVAL#2025-03-03T08:00:00.000Z#apr-1',
    entityType: 'Approval',
  };
  const decision = { outcome: 'approved', decidedBy: 'eng@example.com', decidedAt: '2025-03-03T09:00:00.000Z', channel: 'email' } as const;

  beforeEach(() => {
    mocked = mockedDocumentClient();
    repository = new DynamoDbApprovalRepository({ client: mocked.client, tableName: TABLE });
  });

  describe('create', () => {
    it('puts the approval listed under its order in gsi1, if no item has its key', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      await repository.create(approval);

      // Assess
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({
        TableName: TABLE,
        Item: approvalItem,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
      });
    });

    it('names a refused put ApprovalAlreadyExistsError', async () => {
      // Prepare
      mocked.mock.on(PutCommand).rejects(conditionalCheckFailed());

      // Act
      const error = await failure(repository.create(approval));

      // Assess
      expect(error).toBeInstanceOf(ApprovalAlreadyExistsError);
    });
  });

  describe('recordDecision', () => {
    it('sets the outcome and decision on condition the approval is pending (and the link current)', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).resolves({ Attributes: { ...approvalItem, status: 'approved', decision, version: 2 } });

      // Act
      const decided = await repository.recordDecision('apr-1', decision, { linkGeneration: 1 });

      // Assess
      expect(decided).toEqual({ ...approval, status: 'approved', decision, version: 2 });
      expect(onlyInput(mocked.mock, UpdateCommand)).toEqual({
        TableName: TABLE,
        Key: { pk: 'APPROVAL#apr-1', sk: 'APPROVAL' },
        UpdateExpression: 'SET #status = :v0, #decision = :v1, #version = #version + :one',
        ConditionExpression: '#status = :pending AND #linkGeneration = :linkGeneration',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#decision': 'decision', '#linkGeneration': 'linkGeneration' },
        ExpressionAttributeValues: { ':pending': 'pending', ':one': 1, ':v0': 'approved', ':v1': decision, ':linkGeneration': 1 },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('tells a late decider the winning decision with ApprovalAlreadyDecidedError', async () => {
      // Prepare
      const winner = { ...decision, decidedBy: 'boss@example.com', channel: 'slack' };
      mocked.mock.on(UpdateCommand).rejects(conditionalCheckFailed({ ...approvalItem, status: 'approved', decision: winner, version: 2 }));

      // Act
      const error = await failure(repository.recordDecision('apr-1', decision));

      // Assess
      expect(error).toBeInstanceOf(ApprovalAlreadyDecidedError);
      expect(error).toMatchObject({ approvalId: 'apr-1', status: 'approved', decision: winner });
    });

    it('names a pending approval with a newer link generation ApprovalLinkRevokedError', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).rejects(conditionalCheckFailed({ ...approvalItem, linkGeneration: 3 }));

      // Act
      const error = await failure(repository.recordDecision('apr-1', decision, { linkGeneration: 2 }));

      // Assess
      expect(error).toBeInstanceOf(ApprovalLinkRevokedError);
      expect(error).toMatchObject({ usedGeneration: 2, currentGeneration: 3 });
    });

    it('names a missing approval ApprovalNotFoundError', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).rejects(conditionalCheckFailed());

      // Act
      const error = await failure(repository.recordDecision('apr-1', decision));

      // Assess
      expect(error).toBeInstanceOf(ApprovalNotFoundError);
    });

    it('refuses an outcome other than approved or rejected before sending anything', async () => {
      // Act
      const error = await failure(repository.recordDecision('apr-1', { ...decision, outcome: 'maybe' as 'approved' }));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'decision.outcome' });
      expect(mocked.mock.calls()).toHaveLength(0);
    });
  });

  describe('reissue and revoke', () => {
    it('reissues by bumping the link generation with a new callback and expiry, only while pending', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).resolves({ Attributes: approvalItem });

      // Act
      await repository.reissue('apr-1', { callbackId: 'cb-2', expiresAt: '2025-03-06T08:00:00.000Z' });

      // Assess
      expect(onlyInput(mocked.mock, UpdateCommand)).toMatchObject({
        UpdateExpression: 'SET #callbackId = :v0, #expiresAt = :v1, #version = #version + :one, #linkGeneration = #linkGeneration + :one',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeValues: { ':v0': 'cb-2', ':v1': '2025-03-06T08:00:00.000Z', ':pending': 'pending', ':one': 1 },
      });
    });

    it('revokes by setting the status, only while pending', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).resolves({ Attributes: { ...approvalItem, status: 'revoked' } });

      // Act
      const revoked = await repository.revoke('apr-1');

      // Assess
      expect(revoked.status).toBe('revoked');
      expect(onlyInput(mocked.mock, UpdateCommand)).toMatchObject({
        UpdateExpression: 'SET #status = :v0, #version = #version + :one',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeValues: { ':v0': 'revoked' },
      });
    });
  });

  describe('listByOrder', () => {
    it('queries gsi1 under the order, approvals only, oldest first', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [approvalItem] });

      // Act
      const page = await repository.listByOrder('ord-1');

      // Assess
      expect(page.items).toEqual([approval]);
      expect(onlyInput(mocked.mock, QueryCommand)).toEqual({
        TableName: TABLE,
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
        ExpressionAttributeValues: { ':pk': 'ORDER#ord-1', ':prefix': 'APPROVAL#' },
        ScanIndexForward: true,
        Limit: 26,
      });
    });
  });
});
