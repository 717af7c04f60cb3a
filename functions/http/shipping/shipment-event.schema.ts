/**
 * Reports from the manufacturer's shipping system (its carrier integration) on an order's shipment:
 * booked with a carrier (tracking number), then delivered. Each carries its own `reportId`, so a
 * retry is recognised and changes nothing.
 */
import * as z from 'zod';
import { ReportIdSchema } from '../shop-floor/shop-floor-report.schema';

const InstantSchema = z.iso.datetime({ offset: true });

export const ShipmentEventSchema = z
  .discriminatedUnion('event', [
    z
      .object({
        event: z.literal('shipment-booked'),
        reportId: ReportIdSchema,
        carrier: z.string().trim().min(1).max(100).meta({ description: 'The carrier the shipment is booked with (name or SCAC code).' }),
        trackingNumber: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,99}$/, "The carrier's tracking number: letters, digits, space, '.', '_', '/', '-', at most 100 characters")
          .meta({ description: "The carrier's tracking number, shown to the customer on the order's timeline." }),
        at: InstantSchema.optional().meta({ description: 'When it was booked (ISO-8601); defaults to when it is received.' }),
      })
      .strict(),
    z
      .object({
        event: z.literal('delivery-confirmed'),
        reportId: ReportIdSchema,
        deliveredAt: InstantSchema.optional().meta({ description: 'When it was delivered (ISO-8601); defaults to when it is received.' }),
        receivedBy: z.string().trim().min(1).max(200).optional().meta({ description: 'Who signed for it, as the carrier reports.' }),
      })
      .strict(),
  ])
  .meta({
    id: 'ShipmentEvent',
    description:
      "`shipment-booked` answers the shipping stage's booking wait (carrier and tracking number go onto the order); `delivery-confirmed` answers the delivery wait, after which the order is completed (final cost and margin) and delivered.",
    examples: [
      { event: 'shipment-booked', reportId: 'ship-2026-0412-01', carrier: 'DHL Freight', trackingNumber: 'JD014600006281230704', at: '2026-04-12T09:30:00Z' },
      { event: 'delivery-confirmed', reportId: 'ship-2026-0415-07', deliveredAt: '2026-04-15T14:05:00Z', receivedBy: 'J. Schmidt (goods receipt)' },
    ],
  });

export type ShipmentEventReport = z.infer<typeof ShipmentEventSchema>;
