/**
 * The body of POST /orders: the HTTP-level shape (types, lengths, formats). The catalog rules
 * (known product, options in range, allowed combinations) are the domain's validator's job; both
 * report problems in the same `{ path, rule, message }` form.
 */
import * as z from 'zod';
import { seedOrderRequests } from '../../domain/catalog/seed/seed-order-requests';
import { ORDER_PRIORITIES } from './order-view';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const CustomerSchema = z
  .object({
    customerId: z.string().regex(CODE_PATTERN, 'Letters, digits, "_", "." and "-", starting with a letter or digit, at most 100 characters'),
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320),
  })
  .strict()
  .meta({ id: 'Customer' });

export const OptionValueSchema = z.union([z.string().max(200), z.number().finite(), z.boolean()]).meta({ id: 'OptionValue' });

export const ConfigurationSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'An option id'), OptionValueSchema)
  .meta({ id: 'Configuration', description: "The customer's choice for each option of the product, by option id." });

export const OrderLineRequestSchema = z
  .object({
    productId: z.string().regex(CODE_PATTERN, 'A product id from the catalog'),
    configuration: ConfigurationSchema,
    quantity: z.number().int().min(1).max(10_000),
  })
  .strict()
  .meta({ id: 'OrderLineRequest' });

export const PlaceOrderRequestSchema = z
  .object({
    customer: CustomerSchema,
    lines: z.array(OrderLineRequestSchema).min(1).max(50),
    requestedDeliveryDate: z.iso.date().meta({ description: 'The date the customer wants delivery (YYYY-MM-DD).' }),
    priority: z.enum(ORDER_PRIORITIES).default('normal'),
    notes: z.string().max(2000).optional(),
  })
  .strict()
  .meta({ id: 'PlaceOrderRequest', examples: [seedOrderRequests.oakDiningTable] });

export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequestSchema>;

/** The Idempotency-Key header: any printable ASCII, 1 to 255 characters (a UUID is a good choice). */
export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'Printable ASCII without spaces, 1 to 255 characters');
