/**
 * One page of a Query over a partition (of the table or of an index), with the cursor rules of
 * cursor.ts. It asks for one item more than the page holds, so `nextCursor` is there exactly when
 * more items follow (no empty last page).
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidRepositoryInputError } from '../../ports/data-errors';
import { checkPageSize, type Page, type PageRequest } from '../../ports/pagination';
import { decodeCursor, encodeCursor, type CursorScope } from './cursor';
import type { Item } from './item-codec';
import { PK, SK } from './table-schema';

export interface IndexName {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface PartitionQuery {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Omitted: the table itself (queried strongly consistently). */
  readonly index?: IndexName;
  readonly partitionValue: string;
  /** Only sort keys beginning with this. */
  readonly sortPrefix?: string;
  /** Descending sort key order (newest first when the sort key starts with a timestamp). */
  readonly descending: boolean;
}

function scopeOf(query: PartitionQuery): CursorScope {
  const partitionAttribute = query.index?.partitionKey ?? PK;
  const sortAttribute = query.index?.sortKey ?? SK;
  const keyAttributes = query.index === undefined ? [PK, SK] : [PK, SK, query.index.partitionKey, query.index.sortKey];
  return { keyAttributes, partitionAttribute, partitionValue: query.partitionValue, sortAttribute, ...(query.sortPrefix === undefined ? {} : { sortPrefix: query.sortPrefix }) };
}

/** The QueryCommand input for a page (exported for the unit tests' expectations). */
export function pageQueryInput(query: PartitionQuery, limit: number | undefined, startKey: Record<string, unknown> | undefined): QueryCommandInput {
  const scope = scopeOf(query);
  const prefixed = query.sortPrefix !== undefined;
  return {
    TableName: query.tableName,
    ...(query.index === undefined ? { ConsistentRead: true } : { IndexName: query.index.indexName }),
    KeyConditionExpression: prefixed ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
    ExpressionAttributeNames: prefixed ? { '#pk': scope.partitionAttribute, '#sk': scope.sortAttribute } : { '#pk': scope.partitionAttribute },
    ExpressionAttributeValues: prefixed ? { ':pk': query.partitionValue, ':prefix': query.sortPrefix } : { ':pk': query.partitionValue },
    ScanIndexForward: !query.descending,
    // One more than the page: tells whether another page follows.
    ...(limit === undefined ? {} : { Limit: limit + 1 }),
    ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
  };
}

/** One page of raw items. @throws InvalidCursorError, InvalidRepositoryInputError (limit). */
export async function queryPage(query: PartitionQuery, page: PageRequest = {}): Promise<Page<Item>> {
  const size = checkPageSize(page.limit);
  if (!size.ok) throw new InvalidRepositoryInputError('limit', size.rule);
  const scope = scopeOf(query);
  const startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope);
  const output = await query.client.send(new QueryCommand(pageQueryInput(query, size.limit, startKey)));
  const items = (output.Items ?? []) as Item[];
  if (items.length > size.limit) {
    const pageItems = items.slice(0, size.limit);
    const last = pageItems[pageItems.length - 1] as Item;
    return { items: pageItems, nextCursor: encodeCursor(last, scope) };
  }
  // Fewer items than asked for, yet a LastEvaluatedKey: DynamoDB stopped at its 1 MB page limit.
  if (output.LastEvaluatedKey !== undefined && items.length > 0) {
    return { items, nextCursor: encodeCursor(output.LastEvaluatedKey, scope) };
  }
  return { items };
}

/** Every item of the partition (small collections only: an order's reservations). */
export async function queryAll(query: PartitionQuery): Promise<Item[]> {
  const all: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await query.client.send(new QueryCommand(pageQueryInput(query, undefined, startKey)));
    all.push(...((output.Items ?? []) as Item[]));
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined);
  return all;
}
