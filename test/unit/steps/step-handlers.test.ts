/**
 * Handlers end to end through their real adapters, with the AWS SDK mocked (aws-sdk-client-mock):
 * the middy/Powertools stack, input parsing, the use case, DynamoDB and EventBridge calls.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromItem, toItem } from '../../../functions/adapters/dynamodb/item-codec';
import type { Order, TimelineEntry } from '../../../functions/domain/order/order.types';
import { ENTITY_TYPES, orderKey, timelineKey } from '../../../functions/adapters/dynamodb/keys';
import { createEvent } from '../../../functions/domain/events/order-events';
import { toTimelineEntry } from '../../../functions/domain/events/timeline';
import { detailTypeOf } from '../../../functions/adapters/events/event-catalog';
import { anOrder } from '../../support/builders/order.builder';

// The repositories' document client sends DynamoDB's own commands: the mock answers those, with
// items marshalled as DynamoDB sends them.
const dynamo = mockClient(DynamoDBClient);
const asStored = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true });
const eventBridge = mockClient(EventBridgeClient);
/** When Step Functions entered the state (the same on every retry of it). */
const enteredAt = '2026-03-09T10:12:00.000Z';
const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let failOrder: Handler;
let confirmMaterialsReady: Handler;

beforeAll(async () => {
  process.env.TABLE_NAME = 'mto-test';
  process.env.EVENT_BUS_NAME = 'mto-test-bus';
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  failOrder = (await import('../../../functions/steps/fail-order.handler')).handler;
  confirmMaterialsReady = (await import('../../../functions/steps/confirm-materials-ready.handler')).handler;
});

afterEach(() => {
  dynamo.reset();
  eventBridge.reset();
});

describe('step handlers', () => {
  describe('fail-order', () => {
    it('stores the failure with the step and the unwrapped child error (one transaction with its timeline entry), then publishes OrderFailed', async () => {
      // Prepare
      const order = anOrder({ status: 'procuring' });
      dynamo.on(GetItemCommand).resolves({ Item: asStored(toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) })) });
      dynamo.on(QueryCommand).resolves({ Items: [] });
      dynamo.on(TransactWriteItemsCommand).resolves({});
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
      const childFailure = JSON.stringify({ Error: 'PurchaseOrderUnfulfilledError', Cause: 'No supplier and no buyer' });

      // Act
      await failOrder({ orderId: order.orderId, at: enteredAt, step: 'ProcureMaterials', error: 'States.TaskFailed', cause: childFailure }, context);

      // Assess
      const write = dynamo.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input;
      expect(write?.TransactItems).toHaveLength(2);
      const [orderPut, entryPut] = (write?.TransactItems ?? []).map((item) => unmarshall(item.Put?.Item ?? {}));
      const stored = fromItem<Order>(orderPut ?? {}, ENTITY_TYPES.order);
      expect(stored).toMatchObject({ status: 'failed', failure: { step: 'ProcureMaterials', error: 'PurchaseOrderUnfulfilledError' } });
      expect(fromItem<TimelineEntry>(entryPut ?? {}, ENTITY_TYPES.timelineEntry)).toMatchObject({ type: 'OrderFailed' });
      const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
      expect(entry).toMatchObject({ EventBusName: 'mto-test-bus', Source: 'mto.orders', DetailType: detailTypeOf('OrderFailed') });
      expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({
        eventId: `${order.orderId}/${enteredAt}#fail-order#0000`,
        orderId: order.orderId,
        status: 'failed',
        previousStatus: 'procuring',
        failure: { step: 'ProcureMaterials', error: 'PurchaseOrderUnfulfilledError' },
      });
    });

    it('on a retry after the write landed, writes nothing again and re-publishes the same event (same id)', async () => {
      // Prepare: the first attempt's transaction landed (status and timeline entry), its publish did not
      const order = anOrder({ status: 'failed' });
      const failed = createEvent('OrderFailed', { orderId: order.orderId, occurredAt: enteredAt, actor: { kind: 'system', id: 'workflow' }, status: 'failed' }, { previousStatus: 'procuring', failure: { step: 'ReviewOrder', error: 'Boom', cause: 'x' } });
      const landed = toTimelineEntry(failed, 0, 'fail-order');
      dynamo.on(GetItemCommand).resolves({ Item: asStored(toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) })) });
      dynamo.on(QueryCommand).resolves({ Items: [asStored(toItem(landed, { entityType: ENTITY_TYPES.timelineEntry, key: timelineKey(order.orderId, landed.entryId) }))] });
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });

      // Act
      await failOrder({ orderId: order.orderId, at: enteredAt, step: 'ReviewOrder', error: 'Boom', cause: 'x' }, context);

      // Assess
      expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
      const detail = JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}') as Record<string, unknown>;
      expect(detail).toMatchObject({ eventId: `${order.orderId}/${landed.entryId}`, type: 'OrderFailed', failure: { error: 'Boom' } });
    });

    it('leaves an order that is finished already (failed by its QC step) as it is, publishing nothing', async () => {
      // Prepare
      const order = anOrder({ status: 'failed' });
      dynamo.on(GetItemCommand).resolves({ Item: asStored(toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) })) });
      dynamo.on(QueryCommand).resolves({ Items: [] });

      // Act
      await failOrder({ orderId: order.orderId, at: enteredAt, step: 'ApplyInspectionResult', error: 'QualityLimitReachedError', cause: 'x' }, context);

      // Assess
      expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    });

    it('rejects input without the step name, or without the run instant, as a named error', async () => {
      await expect(failOrder({ orderId: 'o-1', at: enteredAt, error: 'x', cause: 'y' }, context)).rejects.toMatchObject({ name: 'InvalidStepInputError', field: 'step' });
      await expect(failOrder({ orderId: 'o-1', at: 'yesterday', step: 's', error: 'x', cause: 'y' }, context)).rejects.toMatchObject({ name: 'InvalidStepInputError', field: 'at' });
      expect(dynamo.calls()).toHaveLength(0);
    });
  });

  describe('confirm-materials-ready', () => {
    it('fails with EventPublishError when the bus refuses the event', async () => {
      // Prepare
      const order = anOrder({ status: 'procuring' });
      dynamo.on(GetItemCommand).resolves({ Item: asStored(toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) })) });
      dynamo.on(QueryCommand).resolves({ Items: [] });
      dynamo.on(PutItemCommand).resolves({});
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });

      // Act / Assess
      await expect(confirmMaterialsReady({ orderId: order.orderId, at: enteredAt }, context)).rejects.toMatchObject({ name: 'EventPublishError' });
    });
  });
});
