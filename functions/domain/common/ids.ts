/**
 * Ids are passed into the domain (it has no randomness): the application supplies a generator,
 * tests a deterministic one.
 */

/** What an id is for, so a generator can prefix or partition them (`ord_`, `po_`...). */
export type IdKind = 'order' | 'purchase-order' | 'certificate' | 'production-order';

/** Supplies new unique ids. */
export interface IdGenerator {
  newId(kind: IdKind): string;
}
