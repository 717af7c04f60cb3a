/**
 * Reports from the manufacturer's shipping system (its carrier integration) on an order's shipment:
 * booked with a carrier (tracking number), then delivered. Each carries its own `reportId`, so a
 * retry is recognised and changes nothing.
 */
import * as z from 'zod/mini';
import { ReportIdSchema } from '../shop-floor/shop-floor-report.schema';

const instant = () => z.optional(z.iso.datetime({ offset: true }));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const ShipmentEventSchema = z
  .discriminatedUnion('event', [
    z.strictObject({
      event: z.literal('shipment-booked'),
      reportId: ReportIdSchema,
      carrier: text(100).register(z.globalRegistry, { description: 'The carrier the shipment is booked with (name or SCAC code).' }),
      trackingNumber: z
        .string()
        .check(z.trim(), z.regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,99}$/, "The carrier's tracking number: letters, digits, space, '.', '_', '/', '-', at most 100 characters"))
        .register(z.globalRegistry, { description: "The carrier's tracking number, shown to the customer on the order's timeline." }),
      at: instant().register(z.globalRegistry, { description: 'When it was booked (ISO-8601); defaults to when it is received.' }),
    }),
    z.strictObject({
      event: z.literal('delivery-confirmed'),
      reportId: ReportIdSchema,
      deliveredAt: instant().register(z.globalRegistry, { description: 'When it was delivered (ISO-8601); defaults to when it is received.' }),
      receivedBy: z.optional(text(200)).register(z.globalRegistry, { description: 'Who signed for it, as the carrier reports.' }),
    }),
  ])
  .register(z.globalRegistry, {
    id: 'ShipmentEvent',
    description:
      "`shipment-booked` answers the shipping stage's booking wait (carrier and tracking number go onto the order); `delivery-confirmed` answers the delivery wait, after which the order is completed (final cost and margin) and delivered.",
    examples: [
      { event: 'shipment-booked', reportId: 'ship-2026-0412-01', carrier: 'DHL Freight', trackingNumber: 'JD014600006281230704', at: '2026-04-12T09:30:00Z' },
      { event: 'delivery-confirmed', reportId: 'ship-2026-0415-07', deliveredAt: '2026-04-15T14:05:00Z', receivedBy: 'J. Schmidt (goods receipt)' },
    ],
  });

export type ShipmentEventReport = z.infer<typeof ShipmentEventSchema>;
