/** Query strings of GET /orders and GET /orders/{orderId}/timeline. */
import * as z from 'zod';
import { ORDER_STATUSES } from '../../domain/order/order-status';
import { PageQuerySchema } from '../shared/common.schema';

export const ListOrdersQuerySchema = PageQuerySchema.extend({
  status: z.enum(ORDER_STATUSES).optional().meta({ description: 'Only orders in this status.' }),
  customer: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'A customer id')
    .optional()
    .meta({ description: "Only this customer's orders (customer id)." }),
})
  .strict()
  .refine((query) => query.status !== undefined || query.customer !== undefined, {
    message: 'Give status or customer (or both) to choose which orders to list.',
    path: ['status'],
    params: { rule: 'required-one-of' },
  });

export type ListOrdersQuery = z.infer<typeof ListOrdersQuerySchema>;

export const TimelineQuerySchema = PageQuerySchema.strict();
