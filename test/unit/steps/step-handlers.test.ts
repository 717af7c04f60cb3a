/**
 * Handlers end to end through their real adapters, with the AWS SDK mocked (aws-sdk-client-mock):
 * the middy/Powertools stack, input parsing, the use case, DynamoDB and EventBridge calls.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../../functions/adapters/dynamodb/item-codec';
import { ENTITY_TYPES, orderKey } from '../../../functions/adapters/dynamodb/keys';
import { detailTypeOf } from '../../../functions/adapters/events/event-catalog';
import { anOrder } from '../../support/builders/order.builder';

const dynamo = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
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
    it('stores the failure with the step and the unwrapped child error, then publishes OrderFailed', async () => {
      // Prepare
      const order = anOrder({ status: 'procuring' });
      dynamo.on(GetCommand).resolves({ Item: toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) }) });
      dynamo.on(TransactWriteCommand).resolves({});
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
      const childFailure = JSON.stringify({ Error: 'PurchaseOrderUnfulfilledError', Cause: 'No supplier and no buyer' });
      // Act
      await failOrder({ orderId: order.orderId, step: 'ProcureMaterials', error: 'States.TaskFailed', cause: childFailure }, context);
      // Assess
      const write = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input;
      expect(JSON.stringify(write)).toContain('"status":"failed"');
      expect(JSON.stringify(write)).toContain('PurchaseOrderUnfulfilledError');
      const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
      expect(entry).toMatchObject({ EventBusName: 'mto-test-bus', DetailType: detailTypeOf('OrderFailed') });
      expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({ orderId: order.orderId, step: 'ProcureMaterials', error: 'PurchaseOrderUnfulfilledError' });
    });

    it('on a retry after the write succeeded, writes nothing again and re-publishes with the same event id', async () => {
      // Prepare: the order is already failed (the first attempt's write landed)
      const order = anOrder({ status: 'failed' });
      dynamo.on(GetCommand).resolves({ Item: toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) }) });
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
      // Act
      await failOrder({ orderId: order.orderId, step: 'ReviewOrder', error: 'Boom', cause: 'x' }, context);
      // Assess
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}')).toMatchObject({ eventId: `${order.orderId}/OrderFailed/failed` });
    });

    it('rejects input without the step name as a named error', async () => {
      await expect(failOrder({ orderId: 'o-1', error: 'x', cause: 'y' }, context)).rejects.toMatchObject({ name: 'InvalidStepInputError', field: 'step' });
      expect(dynamo.calls()).toHaveLength(0);
    });
  });

  describe('confirm-materials-ready', () => {
    it('fails with EventPublishError when the bus refuses the event', async () => {
      const order = anOrder({ status: 'procuring' });
      dynamo.on(GetCommand).resolves({ Item: toItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId) }) });
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
      await expect(confirmMaterialsReady({ orderId: order.orderId }, context)).rejects.toMatchObject({ name: 'EventPublishError' });
    });
  });
});
