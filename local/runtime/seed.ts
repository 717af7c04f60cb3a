/**
 * Fills a freshly created local table with the seed catalog (products, components, suppliers, work
 * centers) and opening stock, through the same repositories the handlers use.
 */
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbCatalogRepository } from '../../functions/adapters/dynamodb/catalog-repository.dynamodb';
import { DynamoDbStockRepository } from '../../functions/adapters/dynamodb/stock-repository.dynamodb';
import { seedCatalog, seedStock } from '../../functions/domain/catalog/seed';
import type { SeedContext } from './local-stack';

export async function seedLocalData({ dynamoDb, tables }: SeedContext): Promise<void> {
  const table = tables[0];
  if (table === undefined) return;
  const client = createDocumentClient(dynamoDb);
  await new DynamoDbCatalogRepository({ client, tableName: table.name }).saveCatalog(seedCatalog);
  const stock = new DynamoDbStockRepository({ client, tableName: table.name });
  for (const level of seedStock) await stock.put(level);
}
