/**
 * Issue 3: a callback step whose answer is lost after it ran (the handler sent the PO, then the
 * Lambda service failed) is retried by Step Functions with a NEW task token. The supplier answers
 * the PO it got, by PO number; the wait must still be the same one (same callback id, rebound to
 * the live token), so the order goes on: no 410/409 loop, no procurement escalation, no second PO.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrderRequests } from '../../functions/domain/catalog/seed/seed-order-requests';
import { driveOrder } from '../../local/demo/order-driver';
import { startTestStack, type StartedStack } from './support/local-stack.fixture';
import { PatientLocalClient } from './support/patient-client';

/** The callback steps whose answers the faults lose (handler ran, answer lost). */
const CALLBACK_STEPS = /send-purchase-order|await-po-delivery/;

describe('callback steps retried after their answer was lost (issue 3)', () => {
  let started: StartedStack;
  let client: PatientLocalClient;

  beforeAll(async () => {
    started = await startTestStack();
    client = new PatientLocalClient({ endpoints: started.stack.endpoints, iam: started.stack.secrets.iam });
  });
  afterAll(() => started.stack.stop());

  it('delivers every order without escalation: the supplier answering the first PO resumes the retried step, and no PO is sent twice', async () => {
    // Prepare
    started.stack.functions.setFaults({ seed: 3, rules: [{ functionName: CALLBACK_STEPS, transientRate: 0.5, transientPhase: 'after' }] });

    // Act
    const results = await Promise.all(
      [1, 2, 3].map(async () => {
        const { body } = await client.placeOrder(seedOrderRequests.machineParts, randomUUID());
        return driveOrder(client, String(body.orderId), {}, { timeoutMs: 150_000 });
      }),
    ).finally(() => started.stack.functions.setFaults({ rules: [] }));

    // Assess
    expect(results.map((result) => `${result.orderId}: ${result.finalStatus}`)).toEqual(results.map((result) => `${result.orderId}: delivered`));
    const injected = started.stack.functions.injectedFaults();
    // The faults did bite on the callback steps, after their handler had run.
    expect(injected.filter((fault) => fault.phase === 'after' && /sendpurchaseorder/i.test(fault.functionName)).length).toBeGreaterThanOrEqual(1);
    const orderIds = results.map((result) => result.orderId);
    for (const orderId of orderIds) {
      expect(await client.events({ orderId, detailType: 'Procurement.Escalated' })).toEqual([]);
    }
    const placed = (await Promise.all(orderIds.map((orderId) => client.events({ orderId, detailType: 'PurchaseOrder.Placed' })))).flat();
    const poIds = [...new Set(placed.map((event) => String(event.detail.poId)))];
    expect(poIds.length).toBeGreaterThanOrEqual(orderIds.length);
    const emails = await client.emails();
    for (const poId of poIds) {
      const toSupplier = emails.filter((email) => email.subject === `Purchase order ${poId}`);
      // One PO (with the reply deadline) and at most one delivery reference per PO, whatever the
      // retries: none when the supplier reported the delivery before the wait for it opened (an
      // early answer resumes that step at once; docs/webhooks.md).
      expect(toSupplier.filter((email) => email.text?.includes('Please acknowledge') === true)).toHaveLength(1);
      expect(toSupplier.filter((email) => email.text?.includes('report shipment and delivery') === true).length).toBeLessThanOrEqual(1);
    }
  });
});
