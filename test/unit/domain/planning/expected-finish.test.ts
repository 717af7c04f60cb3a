import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../../functions/domain/approval/approval.types';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import { assessSchedule } from '../../../../functions/domain/order/order-schedule';
import type { Order } from '../../../../functions/domain/order/order.types';
import { expectedFinish, slipDays, waitingTime } from '../../../../functions/domain/planning/expected-finish';
import type { PurchaseOrder } from '../../../../functions/domain/procurement/purchase-order.types';
import { aContext, aMondayMorning, anOrder } from '../../../support/builders/order.builder';

const hoursLater = (hours: number): string => new Date(Date.parse(aMondayMorning) + hours * 3_600_000).toISOString();

const aPo = (overrides: Partial<PurchaseOrder> = {}): PurchaseOrder => ({
  poId: 'po-1', orderId: 'o-1', supplierId: 'sup-nordic-timber', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 16_000 }],
  status: 'sent', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1, ...overrides,
});

const anApproval = (overrides: Partial<Approval> = {}): Approval => ({
  approvalId: 'a-1', orderId: 'o-1', kind: 'order-review', approvers: ['x@y.example'], status: 'pending', requestedAt: aMondayMorning, expiresAt: hoursLater(200),
  callbackId: 'cb', linkGeneration: 1, subject: 's', details: {}, version: 1, ...overrides,
});

describe('expected finish', () => {
  it('keeps the promise date for an order on plan', () => {
    // Prepare
    const order = anOrder({ status: 'awaiting_design_approval' });

    // Act
    const finish = expectedFinish(order, { now: hoursLater(1), stage: 'review', purchaseOrders: [] }, seedCatalog);

    // Assess
    expect(finish.date <= order.promise.date).toBe(true);
  });

  it('moves past the promise date when a supplier confirms late, naming the PO as the cause', () => {
    // Prepare
    const order = anOrder({ status: 'procuring' });

    // Act
    const finish = expectedFinish(order, { now: hoursLater(3), stage: 'purchasing', purchaseOrders: [aPo({ status: 'acknowledged', confirmedDeliveryDate: '2026-05-04' })] }, seedCatalog);

    // Assess
    expect(finish.date > order.promise.date).toBe(true);
    expect(finish.date > '2026-05-04').toBe(true);
    expect(finish.cause).toBe('Nordic Timber AB confirmed purchase order po-1 for 2026-05-04');
  });

  it('counts an unconfirmed PO at its lead time from when it was sent, and ignores closed ones', () => {
    // Prepare
    const order = anOrder({ status: 'procuring' });
    const open = expectedFinish(order, { now: hoursLater(3), stage: 'purchasing', purchaseOrders: [aPo()] }, seedCatalog);

    // Act
    const closed = expectedFinish(order, { now: hoursLater(3), stage: 'purchasing', purchaseOrders: [aPo({ status: 'rejected' })] }, seedCatalog);

    // Assess
    const sevenDaysOfLeadTime = '2026-03-09';
    expect(open.materialsReadyAt.slice(0, 10)).toBe(sevenDaysOfLeadTime);
    expect(closed.materialsReadyAt).toBe(expectedFinish(order, { now: hoursLater(3), stage: 'purchasing', purchaseOrders: [] }, seedCatalog).materialsReadyAt);
  });

  it('blames late approvals when design approval is still ahead after the allowance', () => {
    // Prepare
    const order = anOrder({ status: 'awaiting_design_approval' });

    // Act
    const finish = expectedFinish(order, { now: hoursLater(24 * 14), stage: 'review', purchaseOrders: [] }, seedCatalog);

    // Assess
    expect(finish.cause).toMatch(/^approvals take \d+ day\(s\) longer than the 2 working days planned$/);
    expect(finish.date > order.promise.date).toBe(true);
  });

  it('adds the routing again for a rework ahead and says so', () => {
    // Prepare
    const order = anOrder({ status: 'rework', reworkCount: 1 });
    const shipping = expectedFinish({ ...order, status: 'shipping' }, { now: hoursLater(1), stage: 'quality-control', purchaseOrders: [] }, seedCatalog);

    // Act
    const rework = expectedFinish(order, { now: hoursLater(1), stage: 'quality-control', purchaseOrders: [] }, seedCatalog);

    // Assess
    expect(rework.date > shipping.date).toBe(true);
    expect(rework.cause).toBe('rework 1 after a failed inspection repeats the routing');
  });

  it('measures the slip in calendar days, never negative', () => {
    expect(slipDays('2026-03-27', '2026-04-06')).toBe(10);
    expect(slipDays('2026-03-27', '2026-03-20')).toBe(0);
  });
});

describe('waiting time (cost of delay)', () => {
  it('counts overlapping waits once, open ones until now, and drafts not at all', () => {
    // Prepare
    const approvals = [anApproval({ status: 'approved', decision: { outcome: 'approved', decidedBy: 'x', decidedAt: hoursLater(5), channel: 'email' } }), anApproval({ approvalId: 'a-2', requestedAt: hoursLater(10) })];
    const pos = [aPo({ status: 'delivered', updatedAt: hoursLater(30) }), aPo({ poId: 'po-2', createdAt: hoursLater(20) }), aPo({ poId: 'po-3', status: 'draft' })];

    // Act
    const waiting = waitingTime(approvals, pos, hoursLater(40));

    // Assess
    expect(waiting).toEqual({ onPeopleHours: 5 + 30, onSuppliersHours: 40 });
  });
});

describe('assessSchedule', () => {
  it('records the check on the order and publishes OrderAtRisk only when the slip is new or grew', () => {
    // Prepare
    const order: Order = anOrder({ status: 'procuring' });
    const late = { now: hoursLater(3), stage: 'purchasing' as const, approvals: [], purchaseOrders: [aPo({ status: 'acknowledged', confirmedDeliveryDate: '2026-05-04' })] };
    const later = { ...late, purchaseOrders: [aPo({ status: 'acknowledged', confirmedDeliveryDate: '2026-05-18' })] };

    // Act
    const first = assessSchedule(order, late, seedCatalog, aContext({ now: hoursLater(3) }));
    const same = assessSchedule(first.order, late, seedCatalog, aContext({ now: hoursLater(4) }));
    const grown = assessSchedule(same.order, later, seedCatalog, aContext({ now: hoursLater(5) }));

    // Assess
    expect(first.events.map((event) => event.type)).toEqual(['OrderAtRisk']);
    expect(first.events[0]).toMatchObject({ status: 'procuring', reason: first.assessment.cause, detail: { promiseDate: order.promise.date, stage: 'purchasing' } });
    expect(same.events).toEqual([]);
    expect(grown.events[0]?.detail).toMatchObject({ previousExpectedFinish: first.assessment.expectedFinish });
    expect(grown.order.schedule).toEqual(grown.assessment);
    expect(grown.order.status).toBe('procuring');
  });
});
