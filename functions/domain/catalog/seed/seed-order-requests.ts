/**
 * Example order requests against the seed catalog, each showing one path through the lifecycle.
 * Requested dates are far enough out for the happy paths whatever day the demo runs in 2026-2027.
 */
import type { OrderRequest } from '../../order/order.types';

/** Names of the example requests. */
export type SeedOrderRequestName = 'oakDiningTable' | 'walnutExtendingTable' | 'officeShelving' | 'machineParts' | 'hotelFitOut' | 'invalidWalnutLacquer';

/** Example requests by name. */
export const seedOrderRequests: { readonly [name in SeedOrderRequestName]: OrderRequest } = {
  /** Oak table from stock: valid, design approval needed, usually auto-approved at review. */
  oakDiningTable: {
    customer: { customerId: 'cus-anna-berg', name: 'Anna Berg', email: 'anna.berg@example.com' },
    lines: [
      {
        productId: 'dining-table',
        configuration: { wood: 'oak', length_mm: 2000, width_mm: 950, finish: 'oil', legs: 'straight', extension_leaves: 0 },
        quantity: 1,
      },
    ],
    requestedDeliveryDate: '2027-12-15',
    priority: 'normal',
    notes: 'Rounded corners if possible.',
  },
  /** Walnut table with leaves: walnut and slides must be bought, so the promise waits for suppliers. */
  walnutExtendingTable: {
    customer: { customerId: 'cus-hotel-lindenhof', name: 'Hotel Lindenhof', email: 'einkauf@lindenhof.example' },
    lines: [
      {
        productId: 'dining-table',
        configuration: { wood: 'walnut', length_mm: 2400, width_mm: 1000, finish: 'hardwax', legs: 'trestle', extension_leaves: 2 },
        quantity: 2,
      },
    ],
    requestedDeliveryDate: '2027-12-15',
    priority: 'high',
  },
  /** Shelving for an office: no design approval, small value, auto-approved. */
  officeShelving: {
    customer: { customerId: 'cus-studio-nord', name: 'Studio Nord Architects', email: 'office@studio-nord.example' },
    lines: [
      {
        productId: 'shelving-unit',
        configuration: { material: 'birch-plywood', width_mm: 800, height_mm: 2000, depth_mm: 300, shelves: 5, back_panel: true, wall_fixing: true },
        quantity: 4,
      },
    ],
    requestedDeliveryDate: '2027-12-15',
    priority: 'normal',
  },
  /** A batch of hardened keyed shafts plus brackets for a machine builder. */
  machineParts: {
    customer: { customerId: 'cus-kraft-maschinenbau', name: 'Kraft Maschinenbau AG', email: 'dispo@kraft-mb.example' },
    lines: [
      {
        productId: 'drive-shaft',
        configuration: { material: '42crmo4', diameter_mm: 35, length_mm: 420, keyway: true, thread: 'M16', heat_treatment: true, surface: 'none' },
        quantity: 40,
      },
      {
        productId: 'mounting-bracket',
        configuration: { material: 's235', width_mm: 120, height_mm: 200, holes: 4, powder_coat: true, colour: 'RAL7035' },
        quantity: 80,
      },
    ],
    requestedDeliveryDate: '2027-12-15',
    priority: 'rush',
  },
  /** Large hotel fit-out above the auto-approval limit: review goes to a person. */
  hotelFitOut: {
    customer: { customerId: 'cus-hotel-lindenhof', name: 'Hotel Lindenhof', email: 'einkauf@lindenhof.example' },
    lines: [
      {
        productId: 'dining-table',
        configuration: { wood: 'oak', length_mm: 1800, width_mm: 900, finish: 'hardwax', legs: 'straight', extension_leaves: 0 },
        quantity: 20,
      },
      {
        productId: 'shelving-unit',
        configuration: { material: 'oak-veneer', width_mm: 1000, height_mm: 2200, depth_mm: 350, shelves: 6, back_panel: true, wall_fixing: true },
        quantity: 12,
      },
    ],
    requestedDeliveryDate: '2027-12-15',
    priority: 'normal',
    notes: 'Deliver to the service entrance, Lindenstrasse 4.',
  },
  /** Breaks catalog rules in several places at once (for validation demos). */
  invalidWalnutLacquer: {
    customer: { customerId: 'cus-anna-berg', name: 'Anna Berg', email: 'anna.berg@example.com' },
    lines: [
      {
        productId: 'dining-table',
        configuration: { wood: 'walnut', length_mm: 1500, width_mm: 1250, finish: 'lacquer', legs: 'trestle', extension_leaves: 0 },
        quantity: 1,
      },
      { productId: 'garden-bench', configuration: {}, quantity: 1 },
    ],
    requestedDeliveryDate: '2027-12-15',
    priority: 'low',
  },
};
