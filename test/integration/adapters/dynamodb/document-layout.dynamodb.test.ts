/**
 * Orders and timeline entries stored before they became documents (their fields as top-level
 * attributes, docs/data-model.md) stay readable and writable on the real engine (DynamoDB Local): a
 * user's existing data and a deployed table keep working after the upgrade.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../../../functions/adapters/dynamodb/item-codec';
import { ENTITY_TYPES, orderIndexKeys, orderKey, timelineKey } from '../../../../functions/adapters/dynamodb/keys';
import { DynamoDbOrderRepository } from '../../../../functions/adapters/dynamodb/order-repository.dynamodb';
import { aTimelineEntry, anOrder } from '../../../contract/repositories/fixtures';
import { createTestTable, type TestTable } from './dynamodb-test-table';

describe('orders and timeline entries stored before documents', () => {
  let table: TestTable;
  let orders: DynamoDbOrderRepository;

  beforeAll(async () => {
    table = await createTestTable('document-layout');
    orders = new DynamoDbOrderRepository({ client: table.documentClient, tableName: table.tableName });
  });

  afterAll(async () => {
    await table.drop();
  });

  /** Writes `order` and its first entry as the code before documents did. */
  async function givenStoredBeforeDocuments(order: ReturnType<typeof anOrder>, entry: ReturnType<typeof aTimelineEntry>): Promise<void> {
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId), indexKeys: orderIndexKeys(order) }) }));
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: toItem(entry, { entityType: ENTITY_TYPES.timelineEntry, key: timelineKey(order.orderId, entry.entryId) }) }));
  }

  it('reads them, lists the order by status, and advances it: the order becomes a document, the timeline keeps both layouts in order', async () => {
    // Prepare
    const order = anOrder();
    const placed = aTimelineEntry(order.orderId, 1, { summary: 'placed before documents' });
    await givenStoredBeforeDocuments(order, placed);

    // Act
    const read = await orders.get(order.orderId);
    const listed = await orders.listByStatus(order.status, { limit: 100 });
    const advanced = await orders.saveTransition({ ...order, status: 'in_review' }, order.version, [aTimelineEntry(order.orderId, 2, { summary: 'review started' })]);
    const stored = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: orderKey(order.orderId), ConsistentRead: true }));
    const timeline = await orders.listTimeline(order.orderId);

    // Assess
    expect(read).toEqual(order);
    expect(listed.items).toContainEqual(order);
    expect(await orders.get(order.orderId)).toEqual(advanced);
    expect(stored.Item).toMatchObject({ version: order.version + 1, document: expect.any(String) as unknown });
    expect(stored.Item).not.toHaveProperty('status');
    expect(timeline.items.map((entry) => entry.summary)).toEqual(['placed before documents', 'review started']);
  });
});
