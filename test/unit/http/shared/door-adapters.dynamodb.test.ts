import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogRepository, catalogRepositoryWithoutReuse, DOOR_CATALOG_REUSE_MS } from '../../../../functions/http/shared/door-adapters.dynamodb';
import { createDoorConfig } from '../../../../functions/http/shared/door-config';

// Every document client the doors build (whatever its instance) answers from this mock.
const dynamo = mockClient(DynamoDBDocumentClient);
const settings = { pk: 'CATALOG#settings', sk: 'SETTINGS', entityType: 'CatalogItem', catalogKind: 'settings', catalogVersion: 'v1', currency: 'EUR' };

afterEach(() => {
  dynamo.reset();
  vi.useRealTimers();
});

describe('the doors\' DynamoDB adapters', () => {
  it('reuse a loaded catalog for DOOR_CATALOG_REUSE_MS, then read it again', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    dynamo.on(GetCommand).resolves({ Item: settings });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const catalogs = catalogRepository(createDoorConfig({ TABLE_NAME: 'mto-test' }));

    // Act
    const first = await catalogs.loadCatalog();
    vi.advanceTimersByTime(DOOR_CATALOG_REUSE_MS - 1);
    const reused = await catalogs.loadCatalog();
    const readsWithinWindow = dynamo.commandCalls(GetCommand).length;
    vi.advanceTimersByTime(1);
    await catalogs.loadCatalog();

    // Assess
    expect(reused).toBe(first);
    expect(readsWithinWindow).toBe(1);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('read the catalog on every load for POST /orders, which refreshes its own ahead', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: settings });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const catalogs = catalogRepositoryWithoutReuse(createDoorConfig({ TABLE_NAME: 'mto-test' }));

    // Act
    await catalogs.loadCatalog();
    await catalogs.loadCatalog();

    // Assess
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });
});
