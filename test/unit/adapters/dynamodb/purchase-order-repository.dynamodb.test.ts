import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbPurchaseOrderRepository } from '../../../../functions/adapters/dynamodb/purchase-order-repository.dynamodb';
import { ConcurrentModificationError, PurchaseOrderAlreadyExistsError, PurchaseOrderNotFoundError } from '../../../../functions/ports/data-errors';
import { aPurchaseOrder, failure } from '../../../contract/repositories/fixtures';
import { TABLE, conditionalCheckFailed, mockedDocumentClient, onlyInput } from './dynamodb-mock';

describe('DynamoDbPurchaseOrderRepository', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let repository: DynamoDbPurchaseOrderRepository;
  const po = aPurchaseOrder({ poId: 'po-1', orderId: 'ord-1', supplierId: 'sup-b', createdAt: '2025-03-03T08:00:00.000Z' });
  const poItem = {
    ...po,
    pk: 'PO#po-1',
    sk: 'PO',
    gsi1pk: 'ORDER#ord-1',
    gsi1sk: 'PO#2025-03-03T08:00:00.000Z#po-1',
    gsi2pk: 'SUPPLIER#sup-b',
    gsi2sk: 'PO#2025-03-03T08:00:00.000Z#po-1',
    entityType: 'PurchaseOrder',
  };

  beforeEach(() => {
    mocked = mockedDocumentClient();
    repository = new DynamoDbPurchaseOrderRepository({ client: mocked.client, tableName: TABLE });
  });

  describe('create', () => {
    it('puts the PO under its order (gsi1) and supplier (gsi2), if absent, asking for the old item on refusal', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      const result = await repository.create(po);

      // Assess
      expect(result).toEqual({ created: true, purchaseOrder: po });
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({
        TableName: TABLE,
        Item: poItem,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('returns the stored PO when the same PO exists (a retried step)', async () => {
      // Prepare
      mocked.mock.on(PutCommand).rejects(conditionalCheckFailed({ ...poItem, status: 'sent', version: 2 }));

      // Act
      const result = await repository.create(po);

      // Assess
      expect(result).toEqual({ created: false, purchaseOrder: { ...po, status: 'sent', version: 2 } });
    });

    it('refuses a different PO under a taken id with PurchaseOrderAlreadyExistsError', async () => {
      // Prepare
      mocked.mock.on(PutCommand).rejects(conditionalCheckFailed({ ...poItem, sourcingAttempt: 1 }));

      // Act
      const error = await failure(repository.create(po));

      // Assess
      expect(error).toBeInstanceOf(PurchaseOrderAlreadyExistsError);
    });
  });

  describe('update', () => {
    it('puts version expectedVersion + 1 on condition of the expected version', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      const updated = await repository.update({ ...po, status: 'acknowledged' }, 2);

      // Assess
      expect(updated.version).toBe(3);
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({
        TableName: TABLE,
        Item: { ...poItem, status: 'acknowledged', version: 3 },
        ConditionExpression: '#version = :expectedVersion',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expectedVersion': 2 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('names a stale write ConcurrentModificationError and a missing PO PurchaseOrderNotFoundError', async () => {
      // Prepare
      mocked.mock.on(PutCommand).rejectsOnce(conditionalCheckFailed({ ...poItem, version: 4 })).rejects(conditionalCheckFailed());

      // Act
      const stale = await failure(repository.update(po, 2));
      const missing = await failure(repository.update(po, 2));

      // Assess
      expect(stale).toBeInstanceOf(ConcurrentModificationError);
      expect(stale).toMatchObject({ entity: 'purchase-order', entityId: 'po-1', orderId: 'ord-1', expectedVersion: 2, actualVersion: 4 });
      expect(missing).toBeInstanceOf(PurchaseOrderNotFoundError);
    });
  });

  describe('lists', () => {
    it('lists by supplier on gsi2, newest first', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [poItem] });

      // Act
      const page = await repository.listBySupplier('sup-b', { limit: 5 });

      // Assess
      expect(page.items).toEqual([po]);
      expect(onlyInput(mocked.mock, QueryCommand)).toEqual({
        TableName: TABLE,
        IndexName: 'gsi2',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi2pk' },
        ExpressionAttributeValues: { ':pk': 'SUPPLIER#sup-b' },
        ScanIndexForward: false,
        Limit: 6,
      });
    });

    it('lists by order on gsi1 under the PO prefix, oldest first', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [] });

      // Act
      await repository.listByOrder('ord-1');

      // Assess
      expect(mocked.mock).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'gsi1',
        ExpressionAttributeValues: { ':pk': 'ORDER#ord-1', ':prefix': 'PO#' },
        ScanIndexForward: true,
      });
    });
  });
});
