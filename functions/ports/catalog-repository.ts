/**
 * Storage of the catalog: products, components, suppliers and work centers by id, plus the
 * catalog-wide settings (version, currency, calendar, policy). Read far more often than written;
 * written by seeding and by catalog maintenance.
 */
import type { Catalog, Component, Product, Supplier, WorkCenter } from '../domain/catalog/catalog.types';
import type { Page, PageRequest } from './pagination';

/** The kinds of catalog entries, each with its own id field. */
export interface CatalogEntries {
  readonly product: Product;
  readonly component: Component;
  readonly supplier: Supplier;
  readonly 'work-center': WorkCenter;
}

export type CatalogKind = keyof CatalogEntries;

export const CATALOG_KINDS: readonly CatalogKind[] = ['product', 'component', 'supplier', 'work-center'];

/** The id of an entry of each kind. */
export function catalogEntryId<K extends CatalogKind>(kind: K, entry: CatalogEntries[K]): string {
  switch (kind) {
    case 'product':
      return (entry as Product).productId;
    case 'component':
      return (entry as Component).componentId;
    case 'supplier':
      return (entry as Supplier).supplierId;
    default:
      return (entry as WorkCenter).workCenterId;
  }
}

/** What the catalog says as a whole, besides its entries. */
export type CatalogSettings = Pick<Catalog, 'catalogVersion' | 'currency' | 'calendar' | 'policy'>;

export interface CatalogRepository {
  /** Stores (creates or replaces) one entry. @throws InvalidRepositoryInputError. */
  put<K extends CatalogKind>(kind: K, entry: CatalogEntries[K]): Promise<void>;

  /** One entry; undefined when there is none. */
  get<K extends CatalogKind>(kind: K, id: string): Promise<CatalogEntries[K] | undefined>;

  /** The entries of one kind, by id. */
  list<K extends CatalogKind>(kind: K, page?: PageRequest): Promise<Page<CatalogEntries[K]>>;

  /** Stores the whole catalog (settings and every entry); entries not in it are left as they are. */
  saveCatalog(catalog: Catalog): Promise<void>;

  /** The whole catalog; undefined when no settings were ever stored. */
  loadCatalog(): Promise<Catalog | undefined>;
}
