// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createRecordInspectionResultHandler } from '../../../../functions/http/shop-floor/record-inspection-result.handler';
import { createReportOperationProgressHandler } from '../../../../functions/http/shop-floor/report-operation-progress.handler';
import type { OrderStatus } from '../../../../functions/domain/order/order-status';
import { givenOrder, givenSeedCatalog, givenWait, invoke, jsonOf, jsonPost, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

async function orderIn(status: OrderStatus) {
  const doors = memoryDoors();
  await givenSeedCatalog(doors);
  await givenOrder(doors, { status });
  return doors;
}

const progress = (body: unknown, orderId = 'ord-0001') => jsonPost(`/shop-floor/orders/${orderId}/progress`, body, { pathParameters: { orderId } });
const inspection = (body: unknown, orderId = 'ord-0001') => jsonPost(`/shop-floor/orders/${orderId}/inspections`, body, { pathParameters: { orderId } });

/** Measurements of the oak table (2000 x 950 mm) within every tolerance. */
const GOOD_RESULTS = { length: 2001, width: 949, flatness: 0.4, wobble: 0, 'finish-visual': true };

describe('POST /shop-floor/orders/{orderId}/progress', () => {
  it('records an operation on the timeline and keeps the build step alive (heartbeat)', async () => {
    // Prepare
    const doors = await orderIn('building');
    const { callbackId, taskToken } = await givenWait(doors, 'production');

    // Act
    const result = await invoke(
      createReportOperationProgressHandler(doors.deps),
      progress({ event: 'operation-completed', reportId: 'rep-1', callbackId, operationId: 'cut-top', reportedBy: 'station-cnc-2', labourHours: 1.5 }),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ outcome: 'recorded' });
    expect(doors.adapters.workflow.heartbeats).toEqual([taskToken]);
    expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    const timeline = await doors.adapters.orders.listTimeline('ord-0001');
    expect(timeline.items.at(-1)).toMatchObject({ type: 'OperationCompleted', actor: { kind: 'shop-floor', id: 'station-cnc-2' } });
  });

  it('ends the build step with materials and labour when production is completed', async () => {
    // Prepare
    const doors = await orderIn('building');
    const { callbackId, taskToken } = await givenWait(doors, 'production');
    const body = { event: 'production-completed', reportId: 'rep-9', callbackId, reportedBy: 'foreman', labourHours: 10.5, consumedMaterials: [{ componentId: 'oak-panel-40', quantity: 2.1, lotNumbers: ['LOT-1'] }] };

    // Act
    const result = await invoke(createReportOperationProgressHandler(doors.deps), progress(body));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(doors.adapters.workflow.taskResults).toEqual([
      {
        taskToken,
        kind: 'success',
        output: { consumedMaterials: [{ componentId: 'oak-panel-40', quantity: 2.1, lotNumbers: ['LOT-1'] }], labourHours: 10.5, completedAt: '2026-03-02T10:00:00.000Z', reportedBy: 'foreman' },
      },
    ]);
  });

  it('answers a repeated report (same reportId) with 200 duplicate and changes nothing', async () => {
    // Prepare
    const doors = await orderIn('building');
    const { callbackId } = await givenWait(doors, 'production');
    const handler = createReportOperationProgressHandler(doors.deps);
    const body = { event: 'production-completed', reportId: 'rep-9', callbackId, reportedBy: 'foreman', labourHours: 3, consumedMaterials: [] };
    await invoke(handler, progress(body));

    // Act
    const again = await invoke(handler, progress(body));

    // Assess
    expect(again.statusCode).toBe(200);
    expect(jsonOf(again)).toMatchObject({ outcome: 'duplicate' });
    expect(doors.adapters.workflow.taskResults).toHaveLength(1);
  });

  it('refuses progress on an order that is not being built (409 naming its state)', async () => {
    // Prepare
    const doors = await orderIn('procuring');
    const { callbackId } = await givenWait(doors, 'production');

    // Act
    const result = await invoke(createReportOperationProgressHandler(doors.deps), progress({ event: 'operation-started', reportId: 'r', callbackId, operationId: 'cut-top', reportedBy: 'x' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:not-waiting', state: 'procuring' });
  });

  it('refuses an operation the order does not have (422) and a callback of another kind (422)', async () => {
    // Prepare
    const doors = await orderIn('building');
    const production = await givenWait(doors, 'production');
    const qc = await givenWait(doors, 'inspection');
    const handler = createReportOperationProgressHandler(doors.deps);

    // Act
    const unknownOperation = await invoke(handler, progress({ event: 'operation-started', reportId: 'r1', callbackId: production.callbackId, operationId: 'weld-frame', reportedBy: 'x' }));
    const wrongCallback = await invoke(handler, progress({ event: 'operation-started', reportId: 'r2', callbackId: qc.callbackId, operationId: 'cut-top', reportedBy: 'x' }));

    // Assess
    expect(unknownOperation.statusCode).toBe(422);
    expect(problemOf(unknownOperation).errors?.[0]).toMatchObject({ path: 'operationId', rule: 'unknown-reference' });
    expect(wrongCallback.statusCode).toBe(422);
    expect(problemOf(wrongCallback).errors?.[0]).toMatchObject({ path: 'callbackId', rule: 'unknown-reference' });
  });

  it('answers 410 when the build step stopped waiting (callback expired)', async () => {
    // Prepare
    const doors = await orderIn('building');
    const { callbackId } = await givenWait(doors, 'production', { ttlSeconds: 60 });
    doors.clock.advanceSeconds(120);

    // Act
    const result = await invoke(createReportOperationProgressHandler(doors.deps), progress({ event: 'operation-started', reportId: 'r', callbackId, operationId: 'cut-top', reportedBy: 'x' }));

    // Assess
    expect(result.statusCode).toBe(410);
    expect(problemOf(result).type).toBe('urn:mto-flow:problem:wait-over');
  });

  it('refuses bad input: malformed JSON (400), unknown event (422), unknown order (404)', async () => {
    // Prepare
    const doors = await orderIn('building');
    const { callbackId } = await givenWait(doors, 'production');
    const handler = createReportOperationProgressHandler(doors.deps);

    // Act
    const malformed = await invoke(handler, progress('{"event":'));
    const unknownEvent = await invoke(handler, progress({ event: 'coffee-break', reportId: 'r', callbackId, reportedBy: 'x' }));
    const unknownOrder = await invoke(handler, progress({ event: 'operation-started', reportId: 'r', callbackId, operationId: 'cut-top', reportedBy: 'x' }, 'ord-nope'));

    // Assess
    expect(malformed.statusCode).toBe(400);
    expect(unknownEvent.statusCode).toBe(422);
    expect(problemOf(unknownEvent).errors?.[0]?.path).toBe('event');
    expect(unknownOrder.statusCode).toBe(404);
  });
});

describe('reports without a callbackId', () => {
  it("answer the order's current wait of that kind", async () => {
    // Prepare
    const doors = await orderIn('building');
    const { taskToken } = await givenWait(doors, 'production');

    // Act
    const result = await invoke(createReportOperationProgressHandler(doors.deps), progress({ event: 'operation-started', reportId: 'r-nocb', operationId: 'cut-top', reportedBy: 'x' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(doors.adapters.workflow.heartbeats).toEqual([taskToken]);
  });

  it('are refused with 409 when nothing waits', async () => {
    // Prepare
    const doors = await orderIn('in_qc');

    // Act
    const result = await invoke(createRecordInspectionResultHandler(doors.deps), inspection({ reportId: 'i', inspector: 'qc', lines: [{ lineId: 'L1', results: GOOD_RESULTS }] }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-waiting');
  });
});

describe('POST /shop-floor/orders/{orderId}/inspections', () => {
  it('checks the measurements against the checklist and resumes QC with a pass', async () => {
    // Prepare
    const doors = await orderIn('in_qc');
    const { callbackId, taskToken } = await givenWait(doors, 'inspection');

    // Act
    const result = await invoke(createRecordInspectionResultHandler(doors.deps), inspection({ reportId: 'insp-1', callbackId, inspector: 'qc.mueller', lines: [{ lineId: 'L1', results: GOOD_RESULTS }] }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ outcome: 'recorded', passed: true });
    expect(doors.adapters.workflow.taskResults[0]).toMatchObject({ taskToken, output: { passed: true, inspector: 'qc.mueller', failedChecks: [] } });
  });

  it('resumes QC with a fail naming the check out of tolerance', async () => {
    // Prepare
    const doors = await orderIn('in_qc');
    const { callbackId } = await givenWait(doors, 'inspection');

    // Act
    const result = await invoke(
      createRecordInspectionResultHandler(doors.deps),
      inspection({ reportId: 'insp-2', callbackId, inspector: 'qc.mueller', lines: [{ lineId: 'L1', results: { ...GOOD_RESULTS, length: 2010 } }] }),
    );

    // Assess
    expect(jsonOf(result)).toMatchObject({ passed: false });
    const output = doors.adapters.workflow.taskResults[0]?.output as { passed: boolean; failedChecks: string[] };
    expect(output.passed).toBe(false);
    expect(output.failedChecks).toEqual([expect.stringMatching(/^L1\/length: /)]);
  });

  it('refuses results for a line the order does not have (422 naming the line)', async () => {
    // Prepare
    const doors = await orderIn('in_qc');
    const { callbackId } = await givenWait(doors, 'inspection');

    // Act
    const result = await invoke(createRecordInspectionResultHandler(doors.deps), inspection({ reportId: 'i', callbackId, inspector: 'qc', lines: [{ lineId: 'L7', results: GOOD_RESULTS }] }));

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors?.[0]).toMatchObject({ path: 'lines[0].lineId', rule: 'unknown-reference' });
  });

  it('refuses an inspection of an order that is not in QC (409) and a second answer to the same wait (409)', async () => {
    // Prepare
    const building = await orderIn('building');
    const buildingWait = await givenWait(building, 'inspection');
    const inQc = await orderIn('in_qc');
    const { callbackId } = await givenWait(inQc, 'inspection');
    const handler = createRecordInspectionResultHandler(inQc.deps);
    await invoke(handler, inspection({ reportId: 'first', callbackId, inspector: 'qc', lines: [{ lineId: 'L1', results: GOOD_RESULTS }] }));

    // Act
    const notInQc = await invoke(createRecordInspectionResultHandler(building.deps), inspection({ reportId: 'x', callbackId: buildingWait.callbackId, inspector: 'qc', lines: [{ lineId: 'L1', results: GOOD_RESULTS }] }));
    const secondAnswer = await invoke(handler, inspection({ reportId: 'second', callbackId, inspector: 'qc', lines: [{ lineId: 'L1', results: GOOD_RESULTS }] }));

    // Assess
    expect(notInQc.statusCode).toBe(409);
    expect(problemOf(notInQc)).toMatchObject({ state: 'building' });
    expect(secondAnswer.statusCode).toBe(409);
    expect(problemOf(secondAnswer).type).toBe('urn:mto-flow:problem:already-answered');
  });

  it('names missing and mistyped fields (422)', async () => {
    // Prepare
    const doors = await orderIn('in_qc');

    // Act
    const result = await invoke(createRecordInspectionResultHandler(doors.deps), inspection({ reportId: 'i', inspector: 7, lines: [{ lineId: 'L1', results: { length: 'long' } }] }));

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors?.map((error) => `${error.path}:${error.rule}`)).toEqual(expect.arrayContaining(['inspector:type', 'lines[0].results.length:one-of']));
  });
});
