/**
 * Available-to-promise for materials: how much of each requirement stock can cover now, and what
 * is short and must be bought.
 */
import type { StockLevel } from '../catalog/stock.types';
import type { ComponentRequirement } from '../order/order.types';
import { roundQuantity } from './bom-explosion';

/** A requirement split into what stock covers and what must be purchased. */
export interface ComponentAvailability {
  readonly componentId: string;
  readonly unit: string;
  readonly required: number;
  /** onHand - reserved, never below zero. */
  readonly available: number;
  readonly fromStock: number;
  readonly shortfall: number;
}

/** Free stock of a component: on hand minus reserved, never negative; 0 when there is no record. */
export function availableQuantity(stock: readonly StockLevel[], componentId: string): number {
  const level = stock.find((candidate) => candidate.componentId === componentId);
  return level ? Math.max(0, roundQuantity(level.onHand - level.reserved)) : 0;
}

/**
 * Splits each requirement into the part covered by free stock and the shortfall. The result has
 * one entry per requirement, in the same order; `fromStock + shortfall === required`.
 */
export function checkAvailability(requirements: readonly ComponentRequirement[], stock: readonly StockLevel[]): ComponentAvailability[] {
  return requirements.map((requirement) => {
    const available = availableQuantity(stock, requirement.componentId);
    const fromStock = Math.min(available, requirement.quantity);
    return {
      componentId: requirement.componentId,
      unit: requirement.unit,
      required: requirement.quantity,
      available,
      fromStock,
      shortfall: roundQuantity(requirement.quantity - fromStock),
    };
  });
}

/** Formats a quantity of a component for people: "12 x hinge", "3.2 m2 of oak panel". */
export function describeQuantity(quantity: number, unit: string, name: string): string {
  return unit === 'pcs' ? `${quantity} x ${name}` : `${quantity} ${unit} of ${name}`;
}
