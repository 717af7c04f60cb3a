/**
 * Supplier webhook payloads, in the Standard Webhooks shape `{ type, timestamp, data }`. Each names
 * the purchase order it is about; the supplier is the one in the path (and the signature).
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const PoIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, 'A purchase order id as sent to you'))
  .register(z.globalRegistry, { description: 'Our purchase order id, as on the PO.' });
const CallbackIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'The callbackId from the purchase order message'))
  .register(z.globalRegistry, { description: "Optional: the `callbackId` of the purchase-order message this answers. Without it, the event answers the purchase order's current wait (the PO id and your signature identify it)." });
const TimestampSchema = z.iso.datetime({ offset: true }).register(z.globalRegistry, { description: 'When it happened at the supplier (ISO-8601).' });

export const PoAcknowledgedEventSchema = z.strictObject({
  type: z.literal('purchase_order.acknowledged'),
  timestamp: TimestampSchema,
  data: z.strictObject({ poId: PoIdSchema, callbackId: z.optional(CallbackIdSchema), confirmedDeliveryDate: z.iso.date() }),
});

export const PoRejectedEventSchema = z.strictObject({
  type: z.literal('purchase_order.rejected'),
  timestamp: TimestampSchema,
  data: z.strictObject({ poId: PoIdSchema, callbackId: z.optional(CallbackIdSchema), reason: text(1000) }),
});

export const PoShippedEventSchema = z.strictObject({
  type: z.literal('purchase_order.shipped'),
  timestamp: TimestampSchema,
  data: z.strictObject({ poId: PoIdSchema, trackingNumber: text(100), carrier: z.optional(text(100)) }),
});

export const PoDeliveredEventSchema = z.strictObject({
  type: z.literal('purchase_order.delivered'),
  timestamp: TimestampSchema,
  data: z.strictObject({
    poId: PoIdSchema,
    callbackId: z.optional(CallbackIdSchema),
    lines: z
      .array(
        z.strictObject({
          componentId: z.string().check(z.minLength(1), z.maxLength(100)),
          quantity: z.number().check(z.positive(), z.maximum(1_000_000)),
          lotNumbers: z.array(text(100)).check(z.minLength(1), z.maxLength(100)),
        }),
      )
      .check(z.minLength(1), z.maxLength(200)),
  }),
});

export const SupplierEventSchema = z
  .discriminatedUnion('type', [PoAcknowledgedEventSchema, PoRejectedEventSchema, PoShippedEventSchema, PoDeliveredEventSchema])
  .register(z.globalRegistry, {
    id: 'SupplierEvent',
    examples: [
      { type: 'purchase_order.acknowledged', timestamp: '2026-03-02T09:15:00Z', data: { poId: 'po_01J9ZK3V6Y2W8X4Q5R7S9T0U1V', callbackId: 'Yc3q9xY0u8mQm7Vf1hJ2kL4pN6rS8tUw', confirmedDeliveryDate: '2026-03-16' } },
      { type: 'purchase_order.rejected', timestamp: '2026-03-02T09:15:00Z', data: { poId: 'po_01J9ZK3V6Y2W8X4Q5R7S9T0U1V', callbackId: 'Yc3q9xY0u8mQm7Vf1hJ2kL4pN6rS8tUw', reason: 'Walnut boards out of stock until May.' } },
      { type: 'purchase_order.shipped', timestamp: '2026-03-12T14:00:00Z', data: { poId: 'po_01J9ZK3V6Y2W8X4Q5R7S9T0U1V', trackingNumber: '1Z999AA10123456784', carrier: 'UPS' } },
      {
        type: 'purchase_order.delivered',
        timestamp: '2026-03-15T08:30:00Z',
        data: { poId: 'po_01J9ZK3V6Y2W8X4Q5R7S9T0U1V', callbackId: 'b7Qm2Lx9Pz4Rk8Tn3Vw6Yc1Hd5Jf0Gs', lines: [{ componentId: 'walnut-board', quantity: 12, lotNumbers: ['LOT-2026-0311-A'] }] },
      },
    ],
  });

export type SupplierEvent = z.infer<typeof SupplierEventSchema>;
