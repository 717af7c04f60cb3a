/**
 * Between entities and items: an item is the entity's own attributes at the top level, plus its
 * keys, its index keys, `entityType` and (for expiring records) the TTL attribute. Reading strips
 * all of those again, so what comes back is exactly what the domain stored.
 */
import { CorruptItemError } from '../../ports/data-errors';
import type { EntityType, IndexKeys, ItemKey } from './keys';
import { GSI1, GSI2, PK, SK, TTL_ATTRIBUTE } from './table-schema';

export type Item = Record<string, unknown>;

export const ENTITY_TYPE_ATTRIBUTE = 'entityType';

const STORAGE_ATTRIBUTES: ReadonlySet<string> = new Set([
  PK,
  SK,
  GSI1.partitionKey,
  GSI1.sortKey,
  GSI2.partitionKey,
  GSI2.sortKey,
  TTL_ATTRIBUTE,
  ENTITY_TYPE_ATTRIBUTE,
]);

/**
 * A deep copy without `undefined` (optional fields left unset), which DynamoDB cannot store; in
 * arrays it becomes null, as JSON would have it. Works whatever marshall options the injected
 * client was built with.
 */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((element) => (element === undefined ? null : withoutUndefined(element)));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) {
      if (field !== undefined) copy[name] = withoutUndefined(field);
    }
    return copy;
  }
  return value;
}

export interface ItemParts {
  readonly entityType: EntityType;
  readonly key: ItemKey;
  readonly indexKeys?: IndexKeys;
  /** Storage-only attributes (e.g. `available` on stock, the TTL). */
  readonly extra?: Item;
}

export function toItem(entity: object, parts: ItemParts): Item {
  return {
    ...(withoutUndefined(entity) as Item),
    ...parts.extra,
    ...parts.indexKeys,
    ...parts.key,
    [ENTITY_TYPE_ATTRIBUTE]: parts.entityType,
  };
}

/**
 * The entity stored in `item`, after checking it is of the expected type.
 * @param omit storage-only attributes of this entity type to drop as well.
 */
export function fromItem<T>(item: Item, entityType: EntityType, omit: readonly string[] = []): T {
  if (item[ENTITY_TYPE_ATTRIBUTE] !== entityType) {
    throw new CorruptItemError(`expected a ${entityType} at ${String(item[PK])}/${String(item[SK])}, found ${String(item[ENTITY_TYPE_ATTRIBUTE])}`);
  }
  const entity: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (!STORAGE_ATTRIBUTES.has(name) && !omit.includes(name)) entity[name] = value;
  }
  return entity as T;
}
