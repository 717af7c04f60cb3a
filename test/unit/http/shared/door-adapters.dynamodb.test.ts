import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogRepository, catalogRepositoryWithoutReuse, DOOR_CATALOG_REUSE_MS } from '../../../../functions/http/shared/door-adapters.dynamodb';
import { createDoorConfig } from '../../../../functions/http/shared/door-config';

// Every DynamoDB client the doors build (whatever its instance) answers from this mock: their
// document client sends DynamoDB's own commands, so the items are marshalled as DynamoDB sends them.
const dynamo = mockClient(DynamoDBClient);
const settings = marshall({ pk: 'CATALOG#settings', sk: 'SETTINGS', entityType: 'CatalogItem', catalogKind: 'settings', catalogVersion: 'v1', currency: 'EUR' });

afterEach(() => {
  dynamo.reset();
  vi.useRealTimers();
});

describe('the doors\' DynamoDB adapters', () => {
  it('reuse a loaded catalog for DOOR_CATALOG_REUSE_MS, then read it again', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    dynamo.on(GetItemCommand).resolves({ Item: settings });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const catalogs = catalogRepository(createDoorConfig({ TABLE_NAME: 'mto-test' }));

    // Act
    const first = await catalogs.loadCatalog();
    vi.advanceTimersByTime(DOOR_CATALOG_REUSE_MS - 1);
    const reused = await catalogs.loadCatalog();
    const readsWithinWindow = dynamo.commandCalls(GetItemCommand).length;
    vi.advanceTimersByTime(1);
    await catalogs.loadCatalog();

    // Assess
    expect(reused).toBe(first);
    expect(readsWithinWindow).toBe(1);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(2);
  });

  it('read the catalog on every load for POST /orders, which refreshes its own ahead', async () => {
    // Prepare
    dynamo.on(GetItemCommand).resolves({ Item: settings });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const catalogs = catalogRepositoryWithoutReuse(createDoorConfig({ TABLE_NAME: 'mto-test' }));

    // Act
    await catalogs.loadCatalog();
    await catalogs.loadCatalog();

    // Assess
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(2);
  });
});
