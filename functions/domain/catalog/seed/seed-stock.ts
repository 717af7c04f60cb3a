/**
 * Initial stock of the seed workshop: common hardware and oak are on the shelf, walnut and the
 * specialist steels mostly are not, so seed orders exercise both reservation and purchasing.
 */
import type { StockLevel } from '../stock.types';

const onHand: ReadonlyArray<readonly [componentId: string, quantity: number, unit: string]> = [
  ['oak-panel-40', 12, 'm2'],
  ['walnut-panel-40', 1.5, 'm2'],
  ['ash-panel-40', 4, 'm2'],
  ['leg-blank-80', 24, 'pcs'],
  ['apron-rail', 30, 'm'],
  ['trestle-frame', 1, 'pcs'],
  ['top-fastener', 400, 'pcs'],
  ['extension-slide', 0, 'pcs'],
  ['finish-oil', 10, 'l'],
  ['lacquer-matt', 6, 'l'],
  ['hardwax-oil', 4, 'l'],
  ['birch-plywood-18', 20, 'm2'],
  ['mdf-19', 15, 'm2'],
  ['oak-veneer-board-19', 3, 'm2'],
  ['hdf-back-3', 12, 'm2'],
  ['edge-band', 250, 'm'],
  ['shelf-pin', 600, 'pcs'],
  ['wall-anchor-kit', 20, 'pcs'],
  ['bar-c45', 180, 'kg'],
  ['bar-42crmo4', 20, 'kg'],
  ['bar-stainless-304', 0, 'kg'],
  ['feather-key', 150, 'pcs'],
  ['heat-treatment', 0, 'kg'],
  ['zinc-plating', 0, 'kg'],
  ['sheet-s235-5', 120, 'kg'],
  ['sheet-alu-5754-5', 15, 'kg'],
  ['powder-coating', 0, 'm2'],
];

/** One stock level per seed component, nothing reserved, version 1. */
export const seedStock: readonly StockLevel[] = onHand.map(([componentId, quantity, unit]) => ({
  componentId,
  onHand: quantity,
  reserved: 0,
  unit,
  version: 1,
}));
