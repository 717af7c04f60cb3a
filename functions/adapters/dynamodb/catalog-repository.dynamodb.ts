/**
 * The catalog in the single table: one partition per kind (sort key = the entry's id), so a kind
 * lists with one Query, plus one settings item. The catalog is small (hundreds of entries) and
 * read-mostly; loading it whole is a handful of queries.
 */
import { BatchWriteCommand, GetCommand, PutCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Catalog } from '../../domain/catalog/catalog.types';
import { CATALOG_KINDS, catalogEntryId, type CatalogEntries, type CatalogKind, type CatalogRepository, type CatalogSettings } from '../../ports/catalog-repository';
import { InvalidRepositoryInputError } from '../../ports/data-errors';
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '../../ports/pagination';
import { requireId } from '../../ports/repository-input-rules';
import { fromItem, toItem, type Item } from './item-codec';
import { ENTITY_TYPES, catalogKey, catalogPartition } from './keys';
import { queryPage } from './query-page';
import type { DynamoDbRepositoryOptions } from './repository-options';

/** BatchWriteItem takes at most 25 writes. */
const BATCH_WRITE_LIMIT = 25;
const SETTINGS_KIND = 'settings';
const SETTINGS_ID = 'SETTINGS';
/** Storage-only attribute naming the kind of a catalog item. */
const KIND_ATTRIBUTE = 'catalogKind';

function requireKind(kind: unknown): CatalogKind {
  if (!CATALOG_KINDS.includes(kind as CatalogKind)) {
    throw new InvalidRepositoryInputError('kind', `must be one of ${CATALOG_KINDS.join(', ')} (got ${String(kind)})`);
  }
  return kind as CatalogKind;
}

export function catalogEntryItem<K extends CatalogKind>(kind: K, entry: CatalogEntries[K]): Item {
  const id = requireId(`${kind} id`, catalogEntryId(kind, entry));
  return toItem(entry, { entityType: ENTITY_TYPES.catalog, key: catalogKey(kind, id), extra: { [KIND_ATTRIBUTE]: kind } });
}

const settingsItem = (settings: CatalogSettings): Item =>
  toItem(settings, { entityType: ENTITY_TYPES.catalog, key: catalogKey(SETTINGS_KIND, SETTINGS_ID), extra: { [KIND_ATTRIBUTE]: SETTINGS_KIND } });

export interface DynamoDbCatalogRepositoryOptions extends DynamoDbRepositoryOptions {
  /**
   * How long a loaded catalog is reused by `loadCatalog` (default 0: read every time). The catalog
   * is read-mostly and loading it is five requests; a door serving many calls sets a short reuse
   * (seconds), so a catalog change shows within that time. Writes through this repository drop it.
   */
  readonly reuseLoadedCatalogMs?: number;
  /** The clock for the reuse window (tests). */
  readonly nowMs?: () => number;
}

export class DynamoDbCatalogRepository implements CatalogRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly reuseMs: number;
  private readonly nowMs: () => number;
  private loaded: { readonly catalog: Promise<Catalog | undefined>; readonly atMs: number } | undefined;

  public constructor(options: DynamoDbCatalogRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.reuseMs = Math.max(0, options.reuseLoadedCatalogMs ?? 0);
    this.nowMs = options.nowMs ?? Date.now;
  }

  public async put<K extends CatalogKind>(kind: K, entry: CatalogEntries[K]): Promise<void> {
    requireKind(kind);
    this.loaded = undefined;
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: catalogEntryItem(kind, entry) }));
  }

  public async get<K extends CatalogKind>(kind: K, id: string): Promise<CatalogEntries[K] | undefined> {
    requireKind(kind);
    requireId('id', id);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: catalogKey(kind, id) }));
    return output.Item === undefined ? undefined : fromItem<CatalogEntries[K]>(output.Item, ENTITY_TYPES.catalog, [KIND_ATTRIBUTE]);
  }

  public async list<K extends CatalogKind>(kind: K, page?: PageRequest): Promise<Page<CatalogEntries[K]>> {
    requireKind(kind);
    const result = await queryPage({ client: this.client, tableName: this.tableName, partitionValue: catalogPartition(kind), descending: false }, page);
    return { ...result, items: result.items.map((item) => fromItem<CatalogEntries[K]>(item, ENTITY_TYPES.catalog, [KIND_ATTRIBUTE])) };
  }

  public async saveCatalog(catalog: Catalog): Promise<void> {
    this.loaded = undefined;
    const items: Item[] = [
      settingsItem({ catalogVersion: catalog.catalogVersion, currency: catalog.currency, calendar: catalog.calendar, policy: catalog.policy }),
      ...catalog.products.map((entry) => catalogEntryItem('product', entry)),
      ...catalog.components.map((entry) => catalogEntryItem('component', entry)),
      ...catalog.suppliers.map((entry) => catalogEntryItem('supplier', entry)),
      ...catalog.workCenters.map((entry) => catalogEntryItem('work-center', entry)),
    ];
    for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
      let requests: BatchWriteCommandOutput['UnprocessedItems'] = {
        [this.tableName]: items.slice(start, start + BATCH_WRITE_LIMIT).map((item) => ({ PutRequest: { Item: item } })),
      };
      // DynamoDB may leave some writes unprocessed (throttling): send those again.
      while (requests !== undefined && (requests[this.tableName]?.length ?? 0) > 0) {
        const output: BatchWriteCommandOutput = await this.client.send(new BatchWriteCommand({ RequestItems: requests }));
        requests = output.UnprocessedItems;
      }
    }
  }

  public async loadCatalog(): Promise<Catalog | undefined> {
    if (this.reuseMs === 0) return this.readCatalog();
    const now = this.nowMs();
    if (this.loaded === undefined || now - this.loaded.atMs >= this.reuseMs) {
      const catalog = this.readCatalog();
      this.loaded = { catalog, atMs: now };
      // A failed or empty load is not reused.
      catalog.then(
        (value) => {
          if (value === undefined && this.loaded?.catalog === catalog) this.loaded = undefined;
        },
        () => {
          if (this.loaded?.catalog === catalog) this.loaded = undefined;
        },
      );
    }
    return this.loaded.catalog;
  }

  private async readCatalog(): Promise<Catalog | undefined> {
    const settings = await this.client.send(new GetCommand({ TableName: this.tableName, Key: catalogKey(SETTINGS_KIND, SETTINGS_ID) }));
    if (settings.Item === undefined) return undefined;
    const [products, components, suppliers, workCenters] = await Promise.all([
      this.listAll('product'),
      this.listAll('component'),
      this.listAll('supplier'),
      this.listAll('work-center'),
    ]);
    return {
      ...fromItem<CatalogSettings>(settings.Item, ENTITY_TYPES.catalog, [KIND_ATTRIBUTE]),
      products,
      components,
      suppliers,
      workCenters,
    };
  }

  private async listAll<K extends CatalogKind>(kind: K): Promise<CatalogEntries[K][]> {
    const all: CatalogEntries[K][] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(kind, { limit: MAX_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return all;
  }
}
