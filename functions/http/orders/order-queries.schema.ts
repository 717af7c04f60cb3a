/** Query strings of GET /orders and GET /orders/{orderId}/timeline. */
import * as z from 'zod/mini';
import { ORDER_STATUSES } from '../../domain/order/order-status';
import { PageQueryShape } from '../shared/common.schema';

export const ListOrdersQuerySchema = z
  .strictObject({
    ...PageQueryShape,
    status: z.optional(z.enum(ORDER_STATUSES)).register(z.globalRegistry, { description: 'Only orders in this status.' }),
    customer: z
      .optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'A customer id')))
      .register(z.globalRegistry, { description: "Only this customer's orders (customer id)." }),
  })
  .check(
    z.refine((query) => query.status !== undefined || query.customer !== undefined, {
      message: 'Give status or customer (or both) to choose which orders to list.',
      path: ['status'],
      params: { rule: 'required-one-of' },
    }),
  );

export type ListOrdersQuery = z.infer<typeof ListOrdersQuerySchema>;

export const TimelineQuerySchema = z.strictObject(PageQueryShape);
