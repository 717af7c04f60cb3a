import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import { driveOrder, type DrivenOrder } from '../../local/demo/order-driver';
import { findFreePort } from '../../local/dynamodb-local/dynamodb-local';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, type LocalEndpoints } from '../../local/runtime/local-stack';
import { approvalIdOf, duplicateApprovalEmails, duplicateEnvelopeIds, duplicateOccurrences } from './support/duplicates';
import type { PatientLocalClient } from './support/patient-client';
import { isProcessAlive, startRuntimeProcess, waitUntil, type RuntimeProcess } from './support/runtime-process';

const SILENT_SUPPLIER = 'sup-steelstock';

function executionArn(orderId: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:execution:mto-flow-dev-order-lifecycle:${orderId}`;
}

async function history(endpoints: LocalEndpoints, orderId: string): Promise<HistoryEvent[]> {
  const sfn = new SFNClient({ endpoint: endpoints.stepFunctions, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(orderId), maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return events;
  } finally {
    sfn.destroy();
  }
}

/** Failed attempts of a Lambda task that the workflow's Retry will run again. */
function transientTaskFailures(events: readonly HistoryEvent[]): number {
  return events.filter((event) => event.type === 'TaskFailed' && event.taskFailedEventDetails?.error === 'Lambda.ServiceException').length;
}

async function place(client: PatientLocalClient, sample: SeedOrderRequestName, key: string): Promise<string> {
  const { status, body } = await client.placeOrder(seedOrderRequests[sample], key);
  expect(status).toBe(201);
  return String(body.orderId);
}

describe('a runtime SIGKILLed with orders in flight, restarted on the same data', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mto-crash-'));
  const orders = { inApproval: '', inProcurement: '', inRetry: '', justPlaced: '' };
  let approvalLink: string;
  let decisionWithOldLink: { status: number };
  let javaPid: number;
  let results: DrivenOrder[];
  let runtime: RuntimeProcess | undefined;
  let preCrashRetries = 0;
  let crashedAt = 0;

  beforeAll(async () => {
    const cdkOutDir = inject('cdkOutDir');
    // A fixed API port: the links in emails sent before the crash name it.
    const port = await findFreePort();
    // Before the crash every production record fails as a Lambda outage would: that order is mid-Retry when the power goes.
    const first = await startRuntimeProcess({ cdkOutDir, dataDir, port, faults: '[{"functionName":"record-production","transientRate":1}]' });
    runtime = first;
    const client = first.client;

    // 1. Orders mid-flight.
    await client.supplierBehaviour(SILENT_SUPPLIER, { mode: 'silent' });
    orders.inApproval = await place(client, 'oakDiningTable', 'crash-approval');
    orders.inProcurement = await place(client, 'machineParts', 'crash-procurement');
    orders.inRetry = await place(client, 'officeShelving', 'crash-retry');

    // a. An approval requested and not decided: keep its link.
    await client.waitForOrder(orders.inApproval, (order) => order.status === 'awaiting_design_approval', 'the design approval', 60_000);
    await waitUntil(async () => (await client.findApprovalLink({ orderId: orders.inApproval })) !== undefined, 'the approval email', 30_000);
    approvalLink = (await client.findApprovalLink({ orderId: orders.inApproval }))!;
    // b. Procurement waiting on a PO its supplier leaves unanswered.
    await waitUntil(
      async () => (await client.supplierPurchaseOrders()).some((po) => po.orderId === orders.inProcurement && po.supplierId === SILENT_SUPPLIER),
      'the PO to the silent supplier',
      60_000,
    );
    // c. Built, and recording the production failing and being retried.
    await client.waitForOrder(orders.inRetry, (order) => order.status === 'building', 'the build', 60_000);
    const order = await client.getOrder(orders.inRetry);
    await waitUntil(
      async () => {
        const answer = await client
          .reportProgress(orders.inRetry, {
            event: 'production-completed',
            reportId: `${orders.inRetry}-build-1`,
            reportedBy: 'crash-test.shop-floor',
            labourHours: 7,
            consumedMaterials: ((order.requirements ?? []) as { componentId: string; quantity: number }[]).map(({ componentId, quantity }) => ({ componentId, quantity })),
          })
          .then(() => true, () => false);
        return answer;
      },
      'the shop floor report to be taken',
      30_000,
    );
    await waitUntil(async () => transientTaskFailures(await history(first.endpoints, orders.inRetry)) >= 1, 'a failed production record', 30_000);
    preCrashRetries = transientTaskFailures(await history(first.endpoints, orders.inRetry));
    // d. One more, placed a moment before the power goes.
    orders.justPlaced = await place(client, 'walnutExtendingTable', 'crash-just-placed');

    // 2. The crash: every process of the runtime at once.
    javaPid = first.dynamoDbPid();
    crashedAt = Date.now();
    await first.crash();
    runtime = undefined;
    await waitUntil(() => !isProcessAlive(javaPid), 'DynamoDB Local to go with its runtime', 15_000);

    // 3. Restart on the same data, on the same port, without faults; drive every order to its end.
    const second = await startRuntimeProcess({ cdkOutDir, dataDir, port });
    runtime = second;
    decisionWithOldLink = await second.client.decideByLink(approvalLink, 'approve');
    // The silent supplier answers at last (by hand, as its clerk would).
    for (const po of (await second.client.supplierPurchaseOrders()).filter((candidate) => candidate.orderId === orders.inProcurement && candidate.sent.length === 0)) {
      for (const action of ['acknowledge', 'ship', 'deliver'] as const) await second.client.supplierAct(po.supplierId, po.poId, action);
    }
    results = await Promise.all(Object.values(orders).map((orderId) => driveOrder(second.client, orderId, {}, { timeoutMs: 120_000 })));
  });
  afterAll(async () => {
    await runtime?.interrupt();
  });

  it('had each order where it was meant to be when the power went', () => {
    expect(approvalLink).toMatch(/\/approvals\/[A-Za-z0-9_-]+\?/);
    expect(preCrashRetries).toBeGreaterThanOrEqual(1);
  });

  it('left no DynamoDB Local running after the crash', () => {
    expect(isProcessAlive(javaPid)).toBe(false);
  });

  it('completes every order', () => {
    expect(results.map((result) => `${result.orderId}: ${result.finalStatus}`)).toEqual(Object.values(orders).map((orderId) => `${orderId}: delivered`));
  });

  it('accepts the decision made with the link emailed before the crash, and loses no approval', async () => {
    expect(decisionWithOldLink.status).toBe(200);
    const approvalId = /\/approvals\/([A-Za-z0-9_-]+)\?/.exec(approvalLink)?.[1];
    const decided = await runtime!.client.events({ orderId: orders.inApproval, detailType: 'Approval.Decided' });
    expect(decided.map((event) => [event.detail.approvalId, event.detail.outcome])).toContainEqual([approvalId, 'approved']);
    // Every approval requested (before or after the crash) was decided.
    const requested = await runtime!.client.events({ detailType: 'Approval.Requested' });
    const decidedIds = new Set((await runtime!.client.events({ detailType: 'Approval.Decided' })).map((event) => event.detail.approvalId));
    expect(requested.map((event) => event.detail.approvalId).filter((id) => !decidedIds.has(id))).toEqual([]);
  });

  it('resumes the retry it was in: the production record succeeds after the restart', async () => {
    const events = await history(runtime!.endpoints, orders.inRetry);
    // The failures seen before the crash are all still in the history (none lost) and none came
    // after the restart (it runs without faults). The Retry's full jitter may start one more
    // attempt, which fails, between the count above and the crash: that one is in the history too.
    const failures = events.filter((event) => event.type === 'TaskFailed' && event.taskFailedEventDetails?.error === 'Lambda.ServiceException');
    expect(failures.length).toBeGreaterThanOrEqual(preCrashRetries);
    expect(failures.filter((event) => (event.timestamp?.getTime() ?? Number.POSITIVE_INFINITY) > crashedAt)).toEqual([]);
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('places no purchase order twice', async () => {
    const placed = await runtime!.client.events({ detailType: 'PurchaseOrder.Placed' });
    expect(placed.length).toBeGreaterThan(0);
    // One PO per order and supplier (a second would be a re-sourcing or a re-run placing again)...
    const poIds = new Map<string, Set<string>>();
    for (const event of placed) {
      const key = `${String(event.detail.orderId)} -> ${String(event.detail.supplierId)}`;
      poIds.set(key, (poIds.get(key) ?? new Set()).add(String(event.detail.poId)));
    }
    expect([...poIds].filter(([, ids]) => ids.size > 1)).toEqual([]);
    // ...and each placed once.
    expect(duplicateOccurrences(placed, Object.values(orders))).toEqual([]);
  });

  it('sends no approval email twice', async () => {
    const emails = await runtime!.client.emails();
    expect(emails.filter((email) => approvalIdOf(email) !== undefined).length).toBeGreaterThan(0);
    expect(duplicateApprovalEmails(emails)).toEqual([]);
  });

  it('archives no event twice and repeats no occurrence', async () => {
    const events = await runtime!.client.events();
    expect(duplicateEnvelopeIds(events)).toEqual([]);
    expect(duplicateOccurrences(events, Object.values(orders))).toEqual([]);
  });
});
