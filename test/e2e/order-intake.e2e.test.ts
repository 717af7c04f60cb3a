import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrderRequests } from '../../functions/domain/catalog/seed';
import { startTestStack, type StartedStack } from './support/local-stack.fixture';

describe('order intake on the local stack (the synthesized app, through its HTTP doors)', () => {
  let started: StartedStack;
  beforeAll(async () => {
    started = await startTestStack();
  });
  afterAll(() => started.stack.stop());

  it('stores a placed order, answers 201 with promise and quote, and starts its lifecycle execution named by the order id', async () => {
    // Act
    const { status, body } = await started.client.placeOrder(seedOrderRequests.officeShelving, 'intake-1');

    // Assess
    expect(status).toBe(201);
    const orderId = String(body.orderId);
    expect(body).toMatchObject({ promise: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }, quote: { currency: 'EUR', priceCents: expect.any(Number) } });
    const stored = await started.client.getOrder(orderId);
    expect(stored.orderId).toBe(orderId);
    const executions = await started.stack.engine.call('ListExecutions', { stateMachineArn: started.stack.stateMachineArn('mto-flow-dev-order-lifecycle') });
    expect((executions.executions as { name: string }[]).map((execution) => execution.name)).toEqual([orderId]);
    const placed = await started.client.waitForEvent(orderId, 'Order.Placed', 10_000);
    expect(placed.detail.orderId).toBe(orderId);
  });

  it('answers the same Idempotency-Key and body with the original response, and starts no second execution', async () => {
    const first = await started.client.placeOrder(seedOrderRequests.oakDiningTable, 'intake-2');
    const second = await started.client.placeOrder(seedOrderRequests.oakDiningTable, 'intake-2');
    expect(second.body.orderId).toBe(first.body.orderId);
    const executions = await started.stack.engine.call('ListExecutions', { stateMachineArn: started.stack.stateMachineArn('mto-flow-dev-order-lifecycle') });
    expect((executions.executions as { name: string }[]).filter((execution) => execution.name === first.body.orderId)).toHaveLength(1);
  });
});
