/**
 * What the API shows of an order (and its timeline), and the schemas documenting it. The view is
 * the stored order minus internals (version, execution ARN), plus links to what can be done next.
 */
import * as z from 'zod/mini';
import { ORDER_STATUSES } from '../../domain/order/order-status';
import type { Order, OrderPriority, TimelineEntry } from '../../domain/order/order.types';

export const ORDER_PRIORITIES = ['low', 'normal', 'high', 'rush'] as const satisfies readonly OrderPriority[];

const MoneyBreakdownSchema = z.object({
  materialsCents: z.int(),
  labourCents: z.int(),
  overheadCents: z.int(),
  totalCents: z.int(),
});

export const OrderLinksSchema = z
  .object({
    self: z.string(),
    timeline: z.string(),
    changeRequests: z.string(),
    cancel: z.string(),
  })
  .register(z.globalRegistry, { id: 'OrderLinks', description: 'Paths, relative to the API root.' });

export const OrderViewSchema = z
  .object({
    orderId: z.string(),
    status: z.enum(ORDER_STATUSES),
    customer: z.object({ customerId: z.string(), name: z.string(), email: z.string() }),
    lines: z.array(
      z.object({
        lineId: z.string(),
        productId: z.string(),
        configuration: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
        quantity: z.int(),
      }),
    ),
    requestedDeliveryDate: z.string(),
    priority: z.enum(ORDER_PRIORITIES),
    notes: z.optional(z.string()),
    promise: z.object({
      date: z.string().register(z.globalRegistry, { description: 'The promised delivery date (YYYY-MM-DD).' }),
      criticalPath: z.array(z.object({ kind: z.string(), description: z.string(), days: z.number() })),
    }),
    quote: z.object({
      currency: z.string(),
      estimatedCost: MoneyBreakdownSchema,
      priceCents: z.int(),
      marginFraction: z.number(),
    }),
    designRevision: z.int(),
    reworkCount: z.int(),
    actualCost: z.optional(z.object({ currency: z.string(), cost: MoneyBreakdownSchema, marginFraction: z.number() })),
    failure: z.optional(z.object({ step: z.string(), error: z.string(), cause: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: OrderLinksSchema,
  })
  .register(z.globalRegistry, { id: 'Order' });

export type OrderView = z.infer<typeof OrderViewSchema>;

export const OrderPageSchema = z
  .object({ items: z.array(OrderViewSchema), nextCursor: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'OrderPage', description: 'Newest first. `nextCursor` is present when more follow.' });

export const TimelineEntryViewSchema = z
  .object({
    at: z.string().register(z.globalRegistry, { description: 'When (ISO-8601 instant).' }),
    entryId: z.string(),
    type: z.string().register(z.globalRegistry, { description: "What: the event type, e.g. 'OrderPlaced', 'DesignApproved'." }),
    actor: z.object({ kind: z.string(), id: z.string(), displayName: z.optional(z.string()) }).register(z.globalRegistry, { description: 'Who.' }),
    summary: z.string(),
    reason: z.optional(z.string()).register(z.globalRegistry, { description: 'Why, when someone gave a reason.' }),
    data: z.optional(z.record(z.string(), z.unknown())),
  })
  .register(z.globalRegistry, { id: 'TimelineEntry' });

export const TimelinePageSchema = z
  .object({ orderId: z.string(), items: z.array(TimelineEntryViewSchema), nextCursor: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'TimelinePage', description: 'Oldest first. `nextCursor` is present when more follow.' });

export function orderLinks(orderId: string): z.infer<typeof OrderLinksSchema> {
  const self = `/orders/${encodeURIComponent(orderId)}`;
  return { self, timeline: `${self}/timeline`, changeRequests: `${self}/change-requests`, cancel: `${self}/cancel` };
}

export function toOrderView(order: Order): OrderView {
  return {
    orderId: order.orderId,
    status: order.status,
    customer: { customerId: order.customer.customerId, name: order.customer.name, email: order.customer.email },
    lines: order.lines.map((line) => ({ lineId: line.lineId, productId: line.productId, configuration: { ...line.configuration }, quantity: line.quantity })),
    requestedDeliveryDate: order.requestedDeliveryDate,
    priority: order.priority,
    ...(order.notes === undefined ? {} : { notes: order.notes }),
    promise: { date: order.promise.date, criticalPath: order.promise.criticalPath.map((step) => ({ ...step })) },
    quote: { ...order.quote, estimatedCost: { ...order.quote.estimatedCost } },
    designRevision: order.designRevision,
    reworkCount: order.reworkCount,
    ...(order.actualCost === undefined ? {} : { actualCost: { ...order.actualCost, cost: { ...order.actualCost.cost } } }),
    ...(order.failure === undefined ? {} : { failure: { ...order.failure } }),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    links: orderLinks(order.orderId),
  };
}

export function toTimelineEntryView(entry: TimelineEntry): z.infer<typeof TimelineEntryViewSchema> {
  return {
    at: entry.at,
    entryId: entry.entryId,
    type: entry.type,
    actor: { ...entry.actor },
    summary: entry.summary,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.data === undefined ? {} : { data: { ...entry.data } }),
  };
}
