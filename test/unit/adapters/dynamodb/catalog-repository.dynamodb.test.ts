import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
});
