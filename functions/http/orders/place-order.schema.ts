/**
 * The body of POST /orders: the HTTP-level shape (types, lengths, formats). The catalog rules
 * (known product, options in range, allowed combinations) are the domain's validator's job; both
 * report problems in the same `{ path, rule, message }` form.
 */
import * as z from 'zod/mini';
import { seedOrderRequests } from '../../domain/catalog/seed/seed-order-requests';
import { ORDER_PRIORITIES } from './order-view';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const CustomerSchema = z
  .strictObject({
    customerId: z.string().check(z.regex(CODE_PATTERN, 'Letters, digits, "_", "." and "-", starting with a letter or digit, at most 100 characters')),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    email: z.email().check(z.maxLength(320)),
  })
  .register(z.globalRegistry, { id: 'Customer' });

export const OptionValueSchema = z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]).register(z.globalRegistry, { id: 'OptionValue' });

export const ConfigurationSchema = z
  .record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'An option id')), OptionValueSchema)
  .register(z.globalRegistry, { id: 'Configuration', description: "The customer's choice for each option of the product, by option id." });

export const OrderLineRequestSchema = z
  .strictObject({
    productId: z.string().check(z.regex(CODE_PATTERN, 'A product id from the catalog')),
    configuration: ConfigurationSchema,
    quantity: z.int().check(z.minimum(1), z.maximum(10_000)),
  })
  .register(z.globalRegistry, { id: 'OrderLineRequest' });

export const PlaceOrderRequestSchema = z
  .strictObject({
    customer: CustomerSchema,
    lines: z.array(OrderLineRequestSchema).check(z.minLength(1), z.maxLength(50)),
    requestedDeliveryDate: z.iso.date().register(z.globalRegistry, { description: 'The date the customer wants delivery (YYYY-MM-DD).' }),
    priority: z._default(z.enum(ORDER_PRIORITIES), 'normal'),
    notes: z.optional(z.string().check(z.maxLength(2000))),
  })
  .register(z.globalRegistry, { id: 'PlaceOrderRequest', examples: [seedOrderRequests.oakDiningTable] });

export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequestSchema>;

/** The Idempotency-Key header: any printable ASCII, 1 to 255 characters (a UUID is a good choice). */
export const IdempotencyKeySchema = z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/, 'Printable ASCII without spaces, 1 to 255 characters'));
