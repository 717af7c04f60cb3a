import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCatalogRepository } from '../../../../functions/adapters/dynamodb/catalog-repository.dynamodb';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import { failure } from '../../../contract/repositories/fixtures';
import { TABLE, mockedDocumentClient, onlyInput } from './dynamodb-mock';

describe('DynamoDbCatalogRepository', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let repository: DynamoDbCatalogRepository;
  const supplier = { supplierId: 'sup-b', name: 'Bergholz Timber', email: 'orders@bergholz.example', country: 'DE' };

  beforeEach(() => {
    mocked = mockedDocumentClient();
    repository = new DynamoDbCatalogRepository({ client: mocked.client, tableName: TABLE });
  });

  describe('put and get', () => {
    it('keeps each kind in its own partition, keyed by the entry id', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});
      mocked.mock.on(GetCommand).resolves({ Item: { ...supplier, pk: 'CATALOG#supplier', sk: 'sup-b', entityType: 'CatalogItem', catalogKind: 'supplier' } });

      // Act
      await repository.put('supplier', supplier);
      const read = await repository.get('supplier', 'sup-b');

      // Assess
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({
        TableName: TABLE,
        Item: { ...supplier, pk: 'CATALOG#supplier', sk: 'sup-b', entityType: 'CatalogItem', catalogKind: 'supplier' },
      });
      expect(read).toEqual(supplier);
    });

    it('refuses an entry without its id, naming the field, before writing', async () => {
      // Act
      const error = await failure(repository.put('supplier', { ...supplier, supplierId: '' }));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'supplier id' });
      expect(mocked.mock.calls()).toHaveLength(0);
    });
  });

  describe('saveCatalog', () => {
    it('writes settings and every entry in batches of at most 25, sending unprocessed writes again', async () => {
      // Prepare
      const total = 1 + seedCatalog.products.length + seedCatalog.components.length + seedCatalog.suppliers.length + seedCatalog.workCenters.length;
      let first = true;
      mocked.mock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
        // The first batch leaves its last write unprocessed once.
        if (first) {
          first = false;
          const writes = input.RequestItems[TABLE] ?? [];
          return { UnprocessedItems: { [TABLE]: writes.slice(-1) } };
        }
        return {};
      });

      // Act
      await repository.saveCatalog(seedCatalog);

      // Assess
      const batches = mocked.mock.commandCalls(BatchWriteCommand).map((call) => (call.args[0].input.RequestItems?.[TABLE] ?? []).length);
      expect(Math.max(...batches)).toBeLessThanOrEqual(25);
      expect(batches.reduce((sum, size) => sum + size, 0)).toBe(total + 1);
      expect(batches[1]).toBe(1);
    });
  });

  describe('loadCatalog reuse (reuseLoadedCatalogMs)', () => {
    const settings = { pk: 'CATALOG#settings', sk: 'SETTINGS', entityType: 'CatalogItem', catalogKind: 'settings', catalogVersion: 'v1', currency: 'EUR' };

    it('reads every time by default', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: settings });
      mocked.mock.on(QueryCommand).resolves({ Items: [] });

      // Act
      await repository.loadCatalog();
      await repository.loadCatalog();

      // Assess
      expect(mocked.mock.commandCalls(GetCommand)).toHaveLength(2);
    });

    it('reuses a loaded catalog within the window, reads again after it and after a write through it', async () => {
      // Prepare
      let nowMs = 0;
      const reusing = new DynamoDbCatalogRepository({ client: mocked.client, tableName: TABLE, reuseLoadedCatalogMs: 30_000, nowMs: () => nowMs });
      mocked.mock.on(GetCommand).resolves({ Item: settings });
      mocked.mock.on(QueryCommand).resolves({ Items: [] });
      mocked.mock.on(PutCommand).resolves({});

      // Act
      const first = await reusing.loadCatalog();
      nowMs = 29_999;
      const reused = await reusing.loadCatalog();
      nowMs = 30_000;
      await reusing.loadCatalog();
      const readsAfterWindow = mocked.mock.commandCalls(GetCommand).length;
      await reusing.put('supplier', supplier);
      await reusing.loadCatalog();

      // Assess
      expect(reused).toBe(first);
      expect(readsAfterWindow).toBe(2);
      expect(mocked.mock.commandCalls(GetCommand)).toHaveLength(3);
    });

    it('does not keep a catalog that is not stored yet', async () => {
      // Prepare
      const reusing = new DynamoDbCatalogRepository({ client: mocked.client, tableName: TABLE, reuseLoadedCatalogMs: 30_000, nowMs: () => 0 });
      mocked.mock.on(GetCommand).resolvesOnce({}).resolves({ Item: settings });
      mocked.mock.on(QueryCommand).resolves({ Items: [] });

      // Act
      const missing = await reusing.loadCatalog();
      const stored = await reusing.loadCatalog();

      // Assess
      expect(missing).toBeUndefined();
      expect(stored).toMatchObject({ catalogVersion: 'v1', currency: 'EUR' });
    });
  });
});
