/** Bodies of POST /orders/{orderId}/change-requests and POST /orders/{orderId}/cancel. */
import * as z from 'zod';
import { OrderLineRequestSchema } from './place-order.schema';

export const ChangeRequestSchema = z
  .object({
    lines: z.array(OrderLineRequestSchema).min(1).max(50).meta({ description: 'The new configuration: replaces every line of the order.' }),
    reason: z.string().trim().min(1).max(1000).meta({ description: 'Why the order changes; shown on the timeline.' }),
    requestedBy: z.string().trim().min(1).max(200).optional().meta({ description: 'Who asks for the change (a name or email); defaults to the customer.' }),
  })
  .strict()
  .meta({
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
  .object({
    reason: z.string().trim().min(1).max(1000).meta({ description: 'Why the order is cancelled; shown on the timeline.' }),
    requestedBy: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: 'CancelOrderRequest', examples: [{ reason: 'The customer found a table elsewhere.' }] });

export type CancelOrderRequest = z.infer<typeof CancelOrderRequestSchema>;
