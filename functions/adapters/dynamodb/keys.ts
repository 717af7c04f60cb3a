/**
 * The key of every item in the single table: entity prefixes in the partition key, so one table
 * holds every entity without collisions, and sort keys that make the lists come out in order.
 * docs/data-model.md shows the same layout as a table; change both together.
 *
 * Free-form parts (idempotency keys, webhook ids chosen by outside systems) are URI-encoded so a
 * `#` in them cannot forge another item's key.
 */
import type { GSI1, GSI2, PK, SK } from './table-schema';

export type ItemKey = Readonly<Record<typeof PK | typeof SK, string>>;

/** Keys of the items that appear in an index (sparse: absent keys keep an item out of it). */
export type IndexKeys = Partial<
  Readonly<Record<(typeof GSI1)['partitionKey'] | (typeof GSI1)['sortKey'] | (typeof GSI2)['partitionKey'] | (typeof GSI2)['sortKey'], string>>
>;

/** The `entityType` attribute every item carries, so a scan or a stray key is recognisable. */
export const ENTITY_TYPES = {
  order: 'Order',
  timelineEntry: 'TimelineEntry',
  reservation: 'StockReservation',
  approval: 'Approval',
  purchaseOrder: 'PurchaseOrder',
  callback: 'Callback',
  callbackRef: 'CallbackRef',
  stock: 'StockLevel',
  stockReceipt: 'StockReceipt',
  idempotency: 'IdempotencyRecord',
  webhook: 'WebhookReceipt',
  catalog: 'CatalogItem',
} as const;

export type EntityType = (typeof ENTITY_TYPES)[keyof typeof ENTITY_TYPES];

const encode = (part: string): string => encodeURIComponent(part);

// Orders: one item collection per order holds the order, its timeline and its reservations.
export const ORDER_SK = 'ORDER';
export const TIMELINE_SK_PREFIX = 'TIMELINE#';
export const RESERVATION_SK_PREFIX = 'RESERVATION#';

export const orderPk = (orderId: string): string => `ORDER#${orderId}`;
export const orderKey = (orderId: string): ItemKey => ({ pk: orderPk(orderId), sk: ORDER_SK });
export const orderStatusPartition = (status: string): string => `ORDER_STATUS#${status}`;
export const customerOrdersPartition = (customerId: string): string => `CUSTOMER#${customerId}`;

export function orderIndexKeys(order: { orderId: string; status: string; createdAt: string; customer: { customerId: string } }): IndexKeys {
  return {
    gsi1pk: orderStatusPartition(order.status),
    gsi1sk: `${order.createdAt}#${order.orderId}`,
    gsi2pk: customerOrdersPartition(order.customer.customerId),
    gsi2sk: `${order.createdAt}#${order.orderId}`,
  };
}

export const timelineKey = (orderId: string, entryId: string): ItemKey => ({ pk: orderPk(orderId), sk: `${TIMELINE_SK_PREFIX}${entryId}` });
export const reservationKey = (orderId: string, componentId: string): ItemKey => ({
  pk: orderPk(orderId),
  sk: `${RESERVATION_SK_PREFIX}${componentId}`,
});

// Approvals and purchase orders: their own partitions (found by id from links and webhooks),
// listed per order through GSI1 and (POs) per supplier through GSI2.
export const APPROVAL_SK = 'APPROVAL';
export const PURCHASE_ORDER_SK = 'PO';
export const orderChildrenPartition = (orderId: string): string => `ORDER#${orderId}`;
export const APPROVAL_CHILD_PREFIX = 'APPROVAL#';
export const PURCHASE_ORDER_CHILD_PREFIX = 'PO#';

export const approvalKey = (approvalId: string): ItemKey => ({ pk: `APPROVAL#${approvalId}`, sk: APPROVAL_SK });
export function approvalIndexKeys(approval: { approvalId: string; orderId: string; requestedAt: string }): IndexKeys {
  return {
    gsi1pk: orderChildrenPartition(approval.orderId),
    gsi1sk: `${APPROVAL_CHILD_PREFIX}${approval.requestedAt}#${approval.approvalId}`,
  };
}

export const purchaseOrderKey = (poId: string): ItemKey => ({ pk: `PO#${poId}`, sk: PURCHASE_ORDER_SK });
export const supplierPurchaseOrdersPartition = (supplierId: string): string => `SUPPLIER#${supplierId}`;
export function purchaseOrderIndexKeys(po: { poId: string; orderId: string; supplierId: string; createdAt: string }): IndexKeys {
  return {
    gsi1pk: orderChildrenPartition(po.orderId),
    gsi1sk: `${PURCHASE_ORDER_CHILD_PREFIX}${po.createdAt}#${po.poId}`,
    gsi2pk: supplierPurchaseOrdersPartition(po.supplierId),
    gsi2sk: `${PURCHASE_ORDER_CHILD_PREFIX}${po.createdAt}#${po.poId}`,
  };
}

// Callbacks, idempotency records, webhook receipts: point lookups, each with a TTL.
export const callbackKey = (callbackId: string): ItemKey => ({ pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' });
// A callback's reference in its order's item collection (the id only, never the token), so "the
// order's open production wait" is a strongly consistent Query, newest first.
export const CALLBACK_REF_SK_PREFIX = 'CALLBACK#';
export const callbackRefPrefix = (purpose: string): string => `${CALLBACK_REF_SK_PREFIX}${purpose}#`;
export const callbackRefKey = (ref: { orderId: string; purpose: string; createdAt: string; callbackId: string }): ItemKey => ({
  pk: orderPk(ref.orderId),
  sk: `${callbackRefPrefix(ref.purpose)}${ref.createdAt}#${ref.callbackId}`,
});
/**
 * The reference of a step run's wait (opened with `open`): named by the run's instant and the
 * subject, not the random id, so every retry of the run finds the same reference (and record).
 * Sorted with the other references by time, newest first.
 */
export const waitRefKey = (wait: { orderId: string; purpose: string; stepRunAt: string; subjectId: string }): ItemKey => ({
  pk: orderPk(wait.orderId),
  sk: `${callbackRefPrefix(wait.purpose)}${wait.stepRunAt}#W#${encode(wait.subjectId)}`,
});
export const idempotencyKey = (scope: string, key: string): ItemKey => ({
  pk: `IDEMPOTENCY#${encode(scope)}#${encode(key)}`,
  sk: 'IDEMPOTENCY',
});
export const webhookKey = (source: string, webhookId: string): ItemKey => ({
  pk: `WEBHOOK#${encode(source)}#${encode(webhookId)}`,
  sk: 'WEBHOOK',
});

// Stock: one partition per component (reservations of different components never contend), all
// listed through GSI2 under one partition. Receipts live beside the level they changed.
export const STOCK_SK = 'STOCK';
export const STOCK_RECEIPT_SK_PREFIX = 'RECEIPT#';
export const ALL_STOCK_PARTITION = 'STOCK';
export const stockKey = (componentId: string): ItemKey => ({ pk: `STOCK#${componentId}`, sk: STOCK_SK });
export const stockIndexKeys = (componentId: string): IndexKeys => ({ gsi2pk: ALL_STOCK_PARTITION, gsi2sk: componentId });
export const stockReceiptKey = (componentId: string, receiptId: string): ItemKey => ({
  pk: `STOCK#${componentId}`,
  sk: `${STOCK_RECEIPT_SK_PREFIX}${encode(receiptId)}`,
});

// Catalog: one partition per kind (a few hundred items at most, read far more than written).
export const catalogPartition = (kind: string): string => `CATALOG#${kind}`;
export const catalogKey = (kind: string, id: string): ItemKey => ({ pk: catalogPartition(kind), sk: id });
