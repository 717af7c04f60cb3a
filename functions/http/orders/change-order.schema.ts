/** Bodies of POST /orders/{orderId}/change-requests and POST /orders/{orderId}/cancel. */
import * as z from 'zod/mini';
import { OrderLineRequestSchema } from './place-order.schema';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const ChangeRequestSchema = z
  .strictObject({
    lines: z.array(OrderLineRequestSchema).check(z.minLength(1), z.maxLength(50)).register(z.globalRegistry, { description: 'The new configuration: replaces every line of the order.' }),
    reason: text(1000).register(z.globalRegistry, { description: 'Why the order changes; shown on the timeline.' }),
    requestedBy: z.optional(text(200)).register(z.globalRegistry, { description: 'Who asks for the change (a name or email); defaults to the customer.' }),
  })
  .register(z.globalRegistry, {
    id: 'ChangeRequest',
    examples: [
      {
        lines: [
          {
            productId: 'dining-table',
            configuration: { wood: 'oak', length_mm: 2200, width_mm: 950, finish: 'oil', legs: 'straight', extension_leaves: 0 },
            quantity: 1,
          },
        ],
        reason: 'The dining room is larger than planned: 2200 mm instead of 2000 mm.',
      },
    ],
  });

export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

export const CancelOrderRequestSchema = z
  .strictObject({
    reason: text(1000).register(z.globalRegistry, { description: 'Why the order is cancelled; shown on the timeline.' }),
    requestedBy: z.optional(text(200)),
  })
  .register(z.globalRegistry, { id: 'CancelOrderRequest', examples: [{ reason: 'The customer found a table elsewhere.' }] });

export type CancelOrderRequest = z.infer<typeof CancelOrderRequestSchema>;
