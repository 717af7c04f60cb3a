/**
 * Stock on hand and reservations. Every change is a conditional write, so available stock
 * (on hand minus reserved) can never go below zero however many orders reserve at once, and each
 * change is idempotent so a retried workflow step never reserves, releases or receives twice.
 */
import type { StockLevel, StockReservation } from '../domain/catalog/stock.types';
import type { Page, PageRequest } from './pagination';

export type ReserveOutcome = 'reserved' | 'already-reserved';
export type ReleaseOutcome = 'released' | 'not-reserved';
export type ConsumeOutcome = 'consumed' | 'not-reserved';
export type ReceiveOutcome = 'received' | 'already-received';
/** Of a change to several components at once: all made, or none (nothing written). */
export type AllOrNothingOutcome = 'done' | 'refused';

/**
 * How many components one all-or-nothing change may touch: a DynamoDB transaction holds at most
 * 100 actions, two per component (the stock and its reservation or receipt).
 */
export const MAX_COMPONENTS_AT_ONCE = 50;

/** A delivered quantity of one component, booked once per `receiptId`. */
export interface StockReceipt {
  readonly componentId: string;
  readonly quantity: number;
  readonly receiptId: string;
}

export interface StockRepository {
  /**
   * Sets a component's stock (seeding, stock counts): on hand, reserved and unit as given, version
   * as given. Overwrites; not for use while orders reserve.
   */
  put(level: StockLevel): Promise<void>;

  /** Strongly consistent; undefined when the component has no stock record. */
  get(componentId: string): Promise<StockLevel | undefined>;

  /** The stock of these components (unknown ones are left out), in no particular order. */
  getMany(componentIds: readonly string[]): Promise<readonly StockLevel[]>;

  /** All stock levels, by component id. */
  list(page?: PageRequest): Promise<Page<StockLevel>>;

  /**
   * Reserves `quantity` for the order, atomically with the reservation record. Idempotent per
   * (orderId, componentId): the same reservation again is 'already-reserved' and changes nothing.
   * @throws InsufficientStockError when available stock is smaller than the quantity.
   * @throws StockNotFoundError when the component has no stock record.
   * @throws ReservationAlreadyExistsError when a reservation with another quantity exists.
   */
  reserve(reservation: StockReservation): Promise<ReserveOutcome>;

  /**
   * The common case of `reserve` for several components, in one write: all are reserved ('done'),
   * or nothing is written and 'refused' when any one would not be 'reserved' (it exists already,
   * stock is short or missing), when concurrent changes of the same stock keep winning, or when the
   * list names a component twice or more than MAX_COMPONENTS_AT_ONCE. The caller then reserves one
   * by one, learning each outcome. An empty list is 'done'.
   */
  reserveAll(reservations: readonly StockReservation[]): Promise<AllOrNothingOutcome>;

  /**
   * Gives a reservation back to available stock (cancellation). Idempotent. `knownQuantity`: the
   * reservation's quantity as the caller just listed it (saves reading it; a different one is read).
   */
  release(orderId: string, componentId: string, knownQuantity?: number): Promise<ReleaseOutcome>;

  /** Turns a reservation into consumption (the build used it): on hand and reserved both drop. Idempotent. `knownQuantity` as for `release`. */
  consume(orderId: string, componentId: string, knownQuantity?: number): Promise<ConsumeOutcome>;

  /**
   * `consume` of several of the order's reservations, in one write: each must hold exactly the
   * quantity given (and the stock cover it); otherwise, or for the other reasons of `reserveAll`,
   * nothing is written and 'refused'.
   */
  consumeAll(orderId: string, reservations: readonly { readonly componentId: string; readonly quantity: number }[]): Promise<AllOrNothingOutcome>;

  /**
   * Adds delivered goods to on-hand stock, once per `receiptId` (e.g. the PO id and line).
   * @throws StockNotFoundError.
   */
  receive(componentId: string, quantity: number, receiptId: string): Promise<ReceiveOutcome>;

  /**
   * `receive` of several receipts, in one write: none of them booked yet and every component with a
   * stock record; otherwise, or for the other reasons of `reserveAll`, nothing is written and 'refused'.
   */
  receiveAll(receipts: readonly StockReceipt[]): Promise<AllOrNothingOutcome>;

  /** The reservations an order holds, by component id. */
  listReservations(orderId: string): Promise<readonly StockReservation[]>;
}
