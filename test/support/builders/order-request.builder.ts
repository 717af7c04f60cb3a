/**
 * Builders for order requests against the seed catalog: a valid default, overridable field by field.
 */
import type { OrderRequest, OrderRequestLine } from '../../../functions/domain/order/order.types';

/** A valid oak dining table line (2000 x 950, oil, straight legs, no leaves). */
export function aTableLine(configuration: Partial<Record<string, string | number | boolean>> = {}, quantity = 1): OrderRequestLine {
  return {
    productId: 'dining-table',
    configuration: { wood: 'oak', length_mm: 2000, width_mm: 950, finish: 'oil', legs: 'straight', extension_leaves: 0, ...configuration },
    quantity,
  };
}

/** A valid birch-plywood shelving unit line. */
export function aShelfLine(configuration: Partial<Record<string, string | number | boolean>> = {}, quantity = 1): OrderRequestLine {
  return {
    productId: 'shelving-unit',
    configuration: { material: 'birch-plywood', width_mm: 800, height_mm: 2000, depth_mm: 300, shelves: 5, back_panel: true, wall_fixing: true, ...configuration },
    quantity,
  };
}

/** A valid C45 drive shaft line. */
export function aShaftLine(configuration: Partial<Record<string, string | number | boolean>> = {}, quantity = 10): OrderRequestLine {
  return {
    productId: 'drive-shaft',
    configuration: { material: 'c45', diameter_mm: 30, length_mm: 300, keyway: true, thread: 'M12', heat_treatment: false, surface: 'none', ...configuration },
    quantity,
  };
}

/** A valid order request for one oak table, requested well in the future. */
export function anOrderRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    customer: { customerId: 'cus-test', name: 'Test Customer', email: 'test.customer@example.com' },
    lines: [aTableLine()],
    requestedDeliveryDate: '2027-06-30',
    priority: 'normal',
    ...overrides,
  };
}
