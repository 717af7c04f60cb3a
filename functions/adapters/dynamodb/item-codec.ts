/**
 * Between entities and items. Most items hold the entity's own attributes at the top level, plus
 * its keys, its index keys, `entityType` and (for expiring records) the TTL attribute. Orders and
 * timeline entries, written whole and never updated or filtered field by field, hold the entity as
 * one JSON string instead (`toDocumentItem`). Reading strips the storage attributes again, so what
 * comes back is exactly what the domain stored.
 */
import { CorruptItemError, InvalidRepositoryInputError } from '../../ports/data-errors';
import type { EntityType, IndexKeys, ItemKey } from './keys';
import { GSI1, GSI2, PK, SK, TTL_ATTRIBUTE } from './table-schema';

export type Item = Record<string, unknown>;

export const ENTITY_TYPE_ATTRIBUTE = 'entityType';

/** Where a document item (`toDocumentItem`) holds its entity, as a JSON string. */
export const DOCUMENT_ATTRIBUTE = 'document';

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
 * An item holding `entity` as one JSON string (`document`) next to its keys, index keys and
 * `entityType`, for entities that are always written whole. DynamoDB then stores and returns one
 * string instead of a map of maps, which it must parse, validate and rebuild on every write, read
 * and index update: for POST /orders' transaction (the order and its OrderPlaced entry, both
 * documents) DynamoDB Local spent about a third less CPU. `exposed` names the entity's fields a
 * condition expression reads (an order's `version`), copied to the top level; JSON drops undefined
 * fields and turns undefined array elements into null, as `withoutUndefined` does.
 */
export function toDocumentItem<E extends object>(entity: E, parts: ItemParts & { readonly exposed?: readonly (keyof E & string)[] }): Item {
  const exposed: Item = {};
  for (const name of parts.exposed ?? []) exposed[name] = entity[name];
  return {
    ...exposed,
    ...parts.indexKeys,
    ...parts.key,
    [ENTITY_TYPE_ATTRIBUTE]: parts.entityType,
    [DOCUMENT_ATTRIBUTE]: JSON.stringify(entity, refuseUnstorableNumbers),
  };
}

/**
 * JSON would write NaN and ±Infinity as null and round an integer beyond 2^53, so the domain would
 * read back something else than it stored; DynamoDB's own number attributes refuse them, and so
 * does a document.
 */
function refuseUnstorableNumbers(name: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))) {
    throw new InvalidRepositoryInputError(name === '' ? 'entity' : name, `must be a finite number within ±2^53 to be stored (got ${value})`);
  }
  return value;
}

/**
 * The entity stored in `item` (either layout: a document item, or the entity's attributes at the
 * top level as every item had before documents), after checking it is of the expected type.
 * @param omit storage-only attributes of this entity type to drop as well.
 */
export function fromItem<T>(item: Item, entityType: EntityType, omit: readonly string[] = []): T {
  if (item[ENTITY_TYPE_ATTRIBUTE] !== entityType) {
    throw new CorruptItemError(`expected a ${entityType} at ${String(item[PK])}/${String(item[SK])}, found ${String(item[ENTITY_TYPE_ATTRIBUTE])}`);
  }
  const document = item[DOCUMENT_ATTRIBUTE];
  if (document !== undefined) return parseDocument<T>(item, document);
  const entity: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (!STORAGE_ATTRIBUTES.has(name) && !omit.includes(name)) entity[name] = value;
  }
  return entity as T;
}

function parseDocument<T>(item: Item, document: unknown): T {
  const where = `${String(item[PK])}/${String(item[SK])}`;
  if (typeof document !== 'string') throw new CorruptItemError(`the ${DOCUMENT_ATTRIBUTE} of ${where} is not a string`);
  let entity: unknown;
  try {
    entity = JSON.parse(document);
  } catch (error) {
    throw new CorruptItemError(`the ${DOCUMENT_ATTRIBUTE} of ${where} is not JSON (${(error as Error).message})`, { cause: error });
  }
  if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) throw new CorruptItemError(`the ${DOCUMENT_ATTRIBUTE} of ${where} is not a JSON object`);
  // A top-level copy (an order's version, which conditions read) that disagrees with the document
  // means the item was written by something else than toDocumentItem, e.g. code from before documents
  // writing back an entity it could not read: neither copy can be trusted.
  for (const [name, value] of Object.entries(item)) {
    if (Object.hasOwn(entity, name) && !STORAGE_ATTRIBUTES.has(name) && (entity as Item)[name] !== value) {
      throw new CorruptItemError(`${where} says ${name} ${String(value)} at the top level and ${String((entity as Item)[name])} in its ${DOCUMENT_ATTRIBUTE}`);
    }
  }
  return entity as T;
}
