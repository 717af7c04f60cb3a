/** In-memory twin of the catalog repository (same rules as the DynamoDB one). */
import type { Catalog } from '../../domain/catalog/catalog.types';
import { CATALOG_KINDS, catalogEntryId, type CatalogEntries, type CatalogKind, type CatalogRepository, type CatalogSettings } from '../../ports/catalog-repository';
import { InvalidRepositoryInputError } from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import { requireId } from '../../ports/repository-input-rules';
import { copy, pageOf } from './memory-page';

function requireKind(kind: unknown): CatalogKind {
  if (!CATALOG_KINDS.includes(kind as CatalogKind)) {
    throw new InvalidRepositoryInputError('kind', `must be one of ${CATALOG_KINDS.join(', ')} (got ${String(kind)})`);
  }
  return kind as CatalogKind;
}

export class InMemoryCatalogRepository implements CatalogRepository {
  private readonly entries = new Map<CatalogKind, Map<string, unknown>>(CATALOG_KINDS.map((kind) => [kind, new Map()]));
  private settings: CatalogSettings | undefined;

  public async put<K extends CatalogKind>(kind: K, entry: CatalogEntries[K]): Promise<void> {
    this.store(requireKind(kind), requireId(`${kind} id`, catalogEntryId(kind, entry)), entry);
    return Promise.resolve();
  }

  public async get<K extends CatalogKind>(kind: K, id: string): Promise<CatalogEntries[K] | undefined> {
    requireKind(kind);
    requireId('id', id);
    const entry = this.entries.get(kind)?.get(id) as CatalogEntries[K] | undefined;
    return Promise.resolve(entry === undefined ? undefined : copy(entry));
  }

  public async list<K extends CatalogKind>(kind: K, page?: PageRequest): Promise<Page<CatalogEntries[K]>> {
    requireKind(kind);
    const entries = [...(this.entries.get(kind)?.entries() ?? [])].map(([id, entry]) => ({ sortKey: id, value: entry as CatalogEntries[K] }));
    return Promise.resolve(pageOf(entries, `catalog:${kind}`, false, page));
  }

  public async saveCatalog(catalog: Catalog): Promise<void> {
    // Check every id before storing anything, as a batch would refuse before writing.
    const all: [CatalogKind, string, unknown][] = [
      ...catalog.products.map((entry): [CatalogKind, string, unknown] => ['product', requireId('product id', entry.productId), entry]),
      ...catalog.components.map((entry): [CatalogKind, string, unknown] => ['component', requireId('component id', entry.componentId), entry]),
      ...catalog.suppliers.map((entry): [CatalogKind, string, unknown] => ['supplier', requireId('supplier id', entry.supplierId), entry]),
      ...catalog.workCenters.map((entry): [CatalogKind, string, unknown] => ['work-center', requireId('work-center id', entry.workCenterId), entry]),
    ];
    this.settings = copy({ catalogVersion: catalog.catalogVersion, currency: catalog.currency, calendar: catalog.calendar, policy: catalog.policy });
    for (const [kind, id, entry] of all) this.store(kind, id, entry);
    return Promise.resolve();
  }

  public async loadCatalog(): Promise<Catalog | undefined> {
    if (this.settings === undefined) return Promise.resolve(undefined);
    const sorted = <K extends CatalogKind>(kind: K): CatalogEntries[K][] =>
      [...(this.entries.get(kind)?.entries() ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, entry]) => copy(entry as CatalogEntries[K]));
    return Promise.resolve({
      ...copy(this.settings),
      products: sorted('product'),
      components: sorted('component'),
      suppliers: sorted('supplier'),
      workCenters: sorted('work-center'),
    });
  }

  private store(kind: CatalogKind, id: string, entry: unknown): void {
    this.entries.get(kind)?.set(id, copy(entry));
  }
}
