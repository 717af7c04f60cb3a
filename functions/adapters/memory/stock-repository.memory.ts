/** In-memory twin of the stock repository (same rules, outcomes and errors as the DynamoDB one). */
import type { StockLevel, StockReservation } from '../../domain/catalog/stock.types';
import { InsufficientStockError, ReservationAlreadyExistsError, StockNotFoundError } from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import { checkReservation, checkStockChanges, checkStockLevel, fitsOneWrite } from '../../ports/repository-entity-rules';
import { requireId, requirePositiveQuantity } from '../../ports/repository-input-rules';
import type { AllOrNothingOutcome, ConsumeOutcome, ReceiveOutcome, ReleaseOutcome, ReserveOutcome, StockReceipt, StockRepository } from '../../ports/stock-repository';
import { copy, pageOf } from './memory-page';

export class InMemoryStockRepository implements StockRepository {
  private readonly levels = new Map<string, StockLevel>();
  /** Reservations by `${orderId}\u0000${componentId}`. */
  private readonly reservations = new Map<string, StockReservation>();
  /** Receipts already applied, by `${componentId}\u0000${receiptId}`. */
  private readonly receipts = new Set<string>();

  public async put(level: StockLevel): Promise<void> {
    checkStockLevel(level);
    this.levels.set(level.componentId, copy(level));
    return Promise.resolve();
  }

  public async get(componentId: string): Promise<StockLevel | undefined> {
    requireId('componentId', componentId);
    const level = this.levels.get(componentId);
    return Promise.resolve(level === undefined ? undefined : copy(level));
  }

  public async getMany(componentIds: readonly string[]): Promise<readonly StockLevel[]> {
    const unique = [...new Set(componentIds.map((componentId, index) => requireId(`componentIds[${index}]`, componentId)))];
    return Promise.resolve(unique.flatMap((componentId) => {
      const level = this.levels.get(componentId);
      return level === undefined ? [] : [copy(level)];
    }));
  }

  public async list(page?: PageRequest): Promise<Page<StockLevel>> {
    const entries = [...this.levels.values()].map((level) => ({ sortKey: level.componentId, value: level }));
    return Promise.resolve(pageOf(entries, 'stock', false, page));
  }

  public async reserve(reservation: StockReservation): Promise<ReserveOutcome> {
    const { orderId, componentId, quantity } = checkReservation(reservation);
    const existing = this.reservations.get(reservationId(orderId, componentId));
    if (existing !== undefined) {
      if (existing.quantity === quantity) return Promise.resolve('already-reserved');
      throw new ReservationAlreadyExistsError(orderId, componentId, existing.quantity);
    }
    const level = this.levels.get(componentId);
    if (level === undefined) throw new StockNotFoundError(componentId);
    const available = level.onHand - level.reserved;
    if (available < quantity) throw new InsufficientStockError(componentId, quantity, available);
    this.hold(reservation, level);
    return Promise.resolve('reserved');
  }

  private hold(reservation: StockReservation, level: StockLevel): void {
    this.levels.set(reservation.componentId, { ...level, reserved: level.reserved + reservation.quantity, version: level.version + 1 });
    this.reservations.set(reservationId(reservation.orderId, reservation.componentId), copy(reservation));
  }

  public async reserveAll(reservations: readonly StockReservation[]): Promise<AllOrNothingOutcome> {
    const componentIds = checkStockChanges({ reservations });
    const allReservable = reservations.every(({ orderId, componentId, quantity }) => {
      const level = this.levels.get(componentId);
      return !this.reservations.has(reservationId(orderId, componentId)) && level !== undefined && level.onHand - level.reserved >= quantity;
    });
    if (!allReservable || !fitsOneWrite(componentIds)) return Promise.resolve('refused');
    for (const reservation of reservations) this.hold(reservation, this.levels.get(reservation.componentId) as StockLevel);
    return Promise.resolve('done');
  }

  public async release(orderId: string, componentId: string, knownQuantity?: number): Promise<ReleaseOutcome> {
    // The stored quantity is always used here; a known one is only checked, as the DynamoDB adapter does.
    if (knownQuantity !== undefined) requirePositiveQuantity('knownQuantity', knownQuantity);
    const settled = this.settle(orderId, componentId, (level, quantity) => ({ ...level, reserved: level.reserved - quantity }));
    return Promise.resolve(settled ? 'released' : 'not-reserved');
  }

  public async consume(orderId: string, componentId: string, knownQuantity?: number): Promise<ConsumeOutcome> {
    if (knownQuantity !== undefined) requirePositiveQuantity('knownQuantity', knownQuantity);
    const settled = this.settle(orderId, componentId, consumed);
    return Promise.resolve(settled ? 'consumed' : 'not-reserved');
  }

  public async consumeAll(orderId: string, reservations: readonly { readonly componentId: string; readonly quantity: number }[]): Promise<AllOrNothingOutcome> {
    const componentIds = checkStockChanges({ orderId, consumptions: reservations });
    const allHeld = reservations.every(({ componentId, quantity }) => {
      const level = this.levels.get(componentId);
      return this.reservations.get(reservationId(orderId, componentId))?.quantity === quantity && level !== undefined && level.reserved >= quantity && level.onHand >= quantity;
    });
    if (!allHeld || !fitsOneWrite(componentIds)) return Promise.resolve('refused');
    for (const { componentId } of reservations) this.settle(orderId, componentId, consumed);
    return Promise.resolve('done');
  }

  public async receive(componentId: string, quantity: number, receiptId: string): Promise<ReceiveOutcome> {
    requireId('componentId', componentId);
    requirePositiveQuantity('quantity', quantity);
    requireId('receiptId', receiptId);
    if (this.receipts.has(`${componentId}\u0000${receiptId}`)) return Promise.resolve('already-received');
    const level = this.levels.get(componentId);
    if (level === undefined) throw new StockNotFoundError(componentId);
    this.book({ componentId, quantity, receiptId }, level);
    return Promise.resolve('received');
  }

  private book({ componentId, quantity, receiptId }: StockReceipt, level: StockLevel): void {
    this.levels.set(componentId, { ...level, onHand: level.onHand + quantity, version: level.version + 1 });
    this.receipts.add(`${componentId}\u0000${receiptId}`);
  }

  public async receiveAll(receipts: readonly StockReceipt[]): Promise<AllOrNothingOutcome> {
    const componentIds = checkStockChanges({ receipts });
    const allNew = receipts.every(({ componentId, receiptId }) => !this.receipts.has(`${componentId}\u0000${receiptId}`) && this.levels.has(componentId));
    if (!allNew || !fitsOneWrite(componentIds)) return Promise.resolve('refused');
    for (const receipt of receipts) this.book(receipt, this.levels.get(receipt.componentId) as StockLevel);
    return Promise.resolve('done');
  }

  public async listReservations(orderId: string): Promise<readonly StockReservation[]> {
    requireId('orderId', orderId);
    const held = [...this.reservations.values()].filter((reservation) => reservation.orderId === orderId);
    held.sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0));
    return Promise.resolve(held.map(copy));
  }

  private settle(orderId: string, componentId: string, change: (level: StockLevel, quantity: number) => StockLevel): boolean {
    requireId('orderId', orderId);
    requireId('componentId', componentId);
    const reservation = this.reservations.get(reservationId(orderId, componentId));
    if (reservation === undefined) return false;
    const level = this.levels.get(componentId);
    if (level === undefined) throw new StockNotFoundError(componentId);
    this.levels.set(componentId, { ...change(level, reservation.quantity), version: level.version + 1 });
    this.reservations.delete(reservationId(orderId, componentId));
    return true;
  }
}

/** What consuming a reservation does to its component's stock. */
const consumed = (level: StockLevel, quantity: number): StockLevel => ({ ...level, onHand: level.onHand - quantity, reserved: level.reserved - quantity });

const reservationId = (orderId: string, componentId: string): string => `${orderId}\u0000${componentId}`;
