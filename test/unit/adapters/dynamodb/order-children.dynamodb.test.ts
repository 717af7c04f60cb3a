import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { approvalItem } from '../../../../functions/adapters/dynamodb/approval-repository.dynamodb';
import { DynamoDbOrderChildrenReader } from '../../../../functions/adapters/dynamodb/order-children.dynamodb';
import { purchaseOrderItem } from '../../../../functions/adapters/dynamodb/purchase-order-repository.dynamodb';
import { CorruptItemError } from '../../../../functions/ports/data-errors';
import { aPurchaseOrder, anApproval, failure } from '../../../contract/repositories/fixtures';
import { TABLE, mockedDocumentClient } from './dynamodb-mock';

describe('DynamoDbOrderChildrenReader', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let reader: DynamoDbOrderChildrenReader;

  beforeEach(() => {
    mocked = mockedDocumentClient();
    reader = new DynamoDbOrderChildrenReader({ client: mocked.client, tableName: TABLE });
  });

  it("reads the order's whole GSI1 partition in one query, following its pages, and sorts the items by kind", async () => {
    // Prepare
    const approval = anApproval({ orderId: 'ord-1' });
    const first = aPurchaseOrder({ orderId: 'ord-1' });
    const second = aPurchaseOrder({ orderId: 'ord-1' });
    mocked.mock
      .on(QueryCommand)
      .resolvesOnce({ Items: [approvalItem(approval), purchaseOrderItem(first)], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [purchaseOrderItem(second)] });

    // Act
    const children = await reader.listChildren('ord-1');

    // Assess
    expect(children).toEqual({ approvals: [approval], purchaseOrders: [first, second] });
    const queries = mocked.mock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ TableName: TABLE, IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'ORDER#ord-1' } });
    expect(queries[1]).toMatchObject({ ExclusiveStartKey: { pk: 'x', sk: 'y' } });
  });

  it('refuses an item of another kind in the partition as corrupt, naming where it is', async () => {
    // Prepare
    mocked.mock.on(QueryCommand).resolves({ Items: [{ pk: 'CALLBACK#c-1', sk: 'CALLBACK', gsi1pk: 'ORDER#ord-1', entityType: 'Callback' }] });

    // Act
    const error = await failure(reader.listChildren('ord-1'));

    // Assess
    expect(error).toBeInstanceOf(CorruptItemError);
    expect((error as Error).message).toContain('CALLBACK#c-1/CALLBACK');
  });
});
