/**
 * Builders of valid entities for the repository tests: every field set to something plausible,
 * ids unique per call so tests sharing a table never collide. Override what a test is about.
 */
import { randomUUID } from 'node:crypto';
import type { Approval } from '../../../functions/domain/approval/approval.types';
import type { Order, TimelineEntry } from '../../../functions/domain/order/order.types';
import type { PurchaseOrder } from '../../../functions/domain/procurement/purchase-order.types';
import type { NewCallback } from '../../../functions/ports/callback-repository';

export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID()}`;

/** An ISO instant `minutes` after a fixed base, so ordering by time is deterministic. */
export const instant = (minutes: number): string => new Date(Date.UTC(2025, 2, 3, 8, 0, 0) + minutes * 60_000).toISOString();

export function anOrder(overrides: Partial<Order> = {}): Order {
  const orderId = overrides.orderId ?? uniqueId('ord');
  return {
    orderId,
    customer: { customerId: uniqueId('cust'), name: 'Ada Woodworth', email: 'ada@example.com' },
    lines: [{ lineId: 'l1', productId: 'dining-table', configuration: { wood: 'oak', width_mm: 1800, grommet: false }, quantity: 1 }],
    requestedDeliveryDate: '2025-04-30',
    priority: 'normal',
    status: 'received',
    version: 1,
    createdAt: instant(0),
    updatedAt: instant(0),
    requirements: [{ componentId: 'oak-panel-40', quantity: 1.8, unit: 'm2' }],
    promise: { date: '2025-04-18', criticalPath: [{ kind: 'procurement', description: 'waiting for 2 m2 oak panel', days: 9 }] },
    quote: {
      currency: 'EUR',
      estimatedCost: { materialsCents: 40_000, labourCents: 30_000, overheadCents: 10_000, totalCents: 80_000 },
      priceCents: 120_000,
      marginFraction: 0.3333,
    },
    designRevision: 1,
    reworkCount: 0,
    ...overrides,
  };
}

export function aTimelineEntry(orderId: string, sequence: number, overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  const at = overrides.at ?? instant(sequence);
  return {
    orderId,
    at,
    entryId: `${at}#${String(sequence).padStart(4, '0')}`,
    type: 'OrderStatusChanged',
    actor: { kind: 'system', id: 'workflow' },
    summary: `Step ${sequence}`,
    ...overrides,
  };
}

export function anApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    approvalId: uniqueId('apr'),
    orderId: uniqueId('ord'),
    kind: 'design-approval',
    designRevision: 1,
    approvers: ['eng@example.com'],
    status: 'pending',
    requestedAt: instant(0),
    expiresAt: instant(60 * 24 * 3),
    callbackId: 'cb-placeholder',
    linkGeneration: 1,
    subject: 'Design revision 1 of a dining table',
    details: { drawing: 'rev-1.pdf' },
    version: 1,
    ...overrides,
  };
}

export function aPurchaseOrder(overrides: Partial<PurchaseOrder> = {}): PurchaseOrder {
  return {
    poId: uniqueId('po'),
    orderId: uniqueId('ord'),
    supplierId: uniqueId('sup'),
    lines: [{ componentId: 'oak-panel-40', quantity: 2, unit: 'm2', unitCostCents: 5_500 }],
    status: 'draft',
    createdAt: instant(0),
    updatedAt: instant(0),
    sourcingAttempt: 0,
    version: 1,
    ...overrides,
  };
}

/** A callback expiring a day after `instant(0)`. */
export function aNewCallback(overrides: Partial<NewCallback> = {}): NewCallback {
  return {
    purpose: 'approval',
    orderId: uniqueId('ord'),
    subjectId: uniqueId('apr'),
    taskToken: `token-${randomUUID()}`,
    createdAt: instant(0),
    expiresAtEpochSeconds: Math.floor(Date.parse(instant(60 * 24)) / 1000),
    ...overrides,
  };
}

/** Every item of a paginated list, following cursors, with the number of pages it took. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ readonly items: readonly T[]; readonly nextCursor?: string }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor !== undefined);
  return { items, pages };
}

/**
 * The error a call fails with (undefined if it succeeds), caught at once: a test can make several
 * failing calls without leaving a rejected promise unhandled while it awaits the next one.
 */
export async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}
