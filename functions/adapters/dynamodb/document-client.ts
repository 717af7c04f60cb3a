/**
 * The document client the repositories expect. Handlers build it once at module scope and inject
 * it; tests and the local runtime build theirs the same way with another endpoint.
 *
 * It takes the document commands the repositories send (`PutCommand` and the others of
 * `@aws-sdk/lib-dynamodb`: plain JavaScript values) and sends each as the DynamoDB command it stands
 * for, its values marshalled here, through the base client with its middleware chains cached
 * (`cacheMiddleware`: each command type's chain resolved once). The library's own client resolves a
 * new chain for every request (its commands carry their input inside the chain they build), the
 * largest single piece of the SDK's CPU per request in the lifecycle's function workers
 * (docs/decisions/0005-local-throughput.md, session 10).
 *
 * Values are marshalled with the same options as before, and errors come back as DynamoDB sends
 * them (the item of a failed condition stays marshalled, as with the library's client). What the
 * repositories never send goes the library's way: other commands, per-call options or a callback,
 * and the legacy parameters (`Expected`, `AttributeUpdates`, `KeyConditions`, `QueryFilter`,
 * `ScanFilter`) or item collection metrics, which this client does not translate. Items are plain
 * objects (the library would also take class instances).
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand as QueryItemsCommand,
  ScanCommand as ScanItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall, type marshallOptions } from '@aws-sdk/util-dynamodb';
import { withoutSdkLogging } from '../sdk/lean-client';

// Optional fields left undefined are simply not stored (the repositories strip them too).
const MARSHALL: marshallOptions = { removeUndefinedValues: true };
const UNMARSHALL = { wrapNumbers: false } as const;

type Values = Record<string, unknown>;
type Marshalled = Record<string, AttributeValue>;
type Input = Record<string, unknown>;

const toAttributes = (values: unknown): Marshalled | undefined => (values === undefined ? undefined : marshall(values as Values, MARSHALL));
const fromAttributes = (attributes: unknown): Values | undefined => (attributes === undefined ? undefined : unmarshall(attributes as Marshalled, UNMARSHALL));

/** `object` with the named members (those present) converted: marshalled or unmarshalled. */
function withConverted(object: Input | undefined, members: readonly string[], convert: (value: unknown) => unknown): Input {
  const result: Input = { ...object };
  for (const member of members) if (result[member] !== undefined) result[member] = convert(result[member]);
  return result;
}

const marshalled = (input: Input, members: readonly string[]): Input => withConverted(input, members, toAttributes);
const unmarshalled = (output: Input, members: readonly string[]): Input => withConverted(output, members, fromAttributes);

/** A map of table name to a list, each entry changed by `change`. */
function perTable(tables: unknown, change: (entry: Input) => Input): Record<string, Input[]> | undefined {
  if (tables === undefined) return undefined;
  return Object.fromEntries(Object.entries(tables as Record<string, Input[]>).map(([table, entries]) => [table, entries.map(change)]));
}

/** A map of table name to its keys and options (BatchGetItem), the keys changed by `change`. */
function perTableKeys(tables: unknown, change: (key: unknown) => unknown): Record<string, Input> | undefined {
  if (tables === undefined) return undefined;
  const keysChanged = (request: Input): Input => ({ ...request, Keys: (request.Keys as unknown[] | undefined)?.map(change) });
  return Object.fromEntries(Object.entries(tables as Record<string, Input>).map(([table, request]) => [table, keysChanged(request)]));
}

const KEY_AND_VALUES = ['Key', 'ExpressionAttributeValues'] as const;

/** A write request of BatchWriteItem, marshalled or unmarshalled by `change`. */
function writeRequest(request: Input, change: (values: unknown) => unknown): Input {
  const put = request.PutRequest as Input | undefined;
  const del = request.DeleteRequest as Input | undefined;
  return {
    ...request,
    ...(put === undefined ? {} : { PutRequest: { ...put, Item: change(put.Item) } }),
    ...(del === undefined ? {} : { DeleteRequest: { ...del, Key: change(del.Key) } }),
  };
}

/** A query's or scan's request: its start key and values marshalled. */
const pageInput = (input: Input): Input => marshalled(input, ['ExclusiveStartKey', 'ExpressionAttributeValues']);

/** A query's or scan's answer: its items and the key to go on from, unmarshalled. */
const pageOutput = (output: Input): Input => ({
  ...unmarshalled(output, ['LastEvaluatedKey']),
  ...(output.Items === undefined ? {} : { Items: (output.Items as unknown[]).map(fromAttributes) }),
});

/** Members of a request this client does not translate: such a request goes the library's way. */
const UNTRANSLATED_MEMBERS = ['Expected', 'AttributeUpdates', 'KeyConditions', 'QueryFilter', 'ScanFilter'] as const;

const isUntranslated = (input: Input): boolean =>
  UNTRANSLATED_MEMBERS.some((member) => input[member] !== undefined) || (input.ReturnItemCollectionMetrics !== undefined && input.ReturnItemCollectionMetrics !== 'NONE');

/** How each document command the repositories send becomes a DynamoDB command, and its answer a document answer. */
interface Translation {
  readonly command: new (input: never) => unknown;
  readonly input: (input: Input) => Input;
  readonly output: (output: Input) => Input;
}

const TRANSLATIONS = new Map<abstract new (...args: never[]) => unknown, Translation>([
  [GetCommand, { command: GetItemCommand, input: (input) => marshalled(input, ['Key']), output: (output) => unmarshalled(output, ['Item']) }],
  [PutCommand, { command: PutItemCommand, input: (input) => marshalled(input, ['Item', 'ExpressionAttributeValues']), output: (output) => unmarshalled(output, ['Attributes']) }],
  [UpdateCommand, { command: UpdateItemCommand, input: (input) => marshalled(input, KEY_AND_VALUES), output: (output) => unmarshalled(output, ['Attributes']) }],
  [DeleteCommand, { command: DeleteItemCommand, input: (input) => marshalled(input, KEY_AND_VALUES), output: (output) => unmarshalled(output, ['Attributes']) }],
  [QueryCommand, { command: QueryItemsCommand, input: pageInput, output: pageOutput }],
  [ScanCommand, { command: ScanItemsCommand, input: pageInput, output: pageOutput }],
  [
    TransactWriteCommand,
    {
      command: TransactWriteItemsCommand,
      input: (input) => ({
        ...input,
        TransactItems: (input.TransactItems as Input[]).map((item) =>
          Object.fromEntries(Object.entries(item).map(([action, detail]) => [action, marshalled(detail as Input, ['Item', ...KEY_AND_VALUES])])),
        ),
      }),
      output: (output) => output,
    },
  ],
  [
    BatchGetCommand,
    {
      command: BatchGetItemCommand,
      input: (input) => ({ ...input, RequestItems: perTableKeys(input.RequestItems, toAttributes) }),
      output: (output) => ({
        ...output,
        Responses: perTable(output.Responses, (item) => fromAttributes(item) as Input),
        UnprocessedKeys: perTableKeys(output.UnprocessedKeys, fromAttributes),
      }),
    },
  ],
  [
    BatchWriteCommand,
    {
      command: BatchWriteItemCommand,
      input: (input) => ({ ...input, RequestItems: perTable(input.RequestItems, (request) => writeRequest(request, toAttributes)) }),
      output: (output) => ({ ...output, UnprocessedItems: perTable(output.UnprocessedItems, (request) => writeRequest(request, fromAttributes)) }),
    },
  ],
]);

/** The document client whose commands go through `base`'s cached middleware chains (see above). */
class CachedChainDocumentClient extends DynamoDBDocumentClient {
  public constructor(private readonly base: DynamoDBClient) {
    // Copies: the library adds its defaults to the options it is given, which must not change ours.
    super(base, { marshallOptions: { ...MARSHALL }, unmarshallOptions: { ...UNMARSHALL } });
  }

  // One implementation of the base class's four overloads, hence the loose result type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public override send(command: unknown, optionsOrCallback?: unknown, callback?: unknown): any {
    const input = (command as { input?: Input }).input ?? {};
    const translation = optionsOrCallback === undefined && callback === undefined && !isUntranslated(input) ? TRANSLATIONS.get((command as object).constructor as abstract new () => unknown) : undefined;
    if (translation === undefined) {
      // The library's way, always with an options argument: the config this client shares with the
      // base client has `cacheMiddleware` on, and a document command's chain, which holds its own
      // input, must never be cached (`Client.send` caches only calls without options).
      const [options, done]: [unknown, unknown] = typeof optionsOrCallback === 'function' ? [{}, optionsOrCallback] : [optionsOrCallback ?? {}, callback];
      type Send = (command: unknown, options: unknown, callback: unknown) => unknown;
      return (super.send as Send).call(this, command, options, done);
    }
    try {
      const request = new translation.command(translation.input(input) as never) as Parameters<DynamoDBClient['send']>[0];
      return this.base.send(request).then((output) => translation.output((output ?? {}) as unknown as Input));
    } catch (error) {
      // A value that cannot be marshalled fails the promise, as with the library's client.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/**
 * The document client for `client`. It changes `client` for every user of it: removes the SDK's
 * unused logger, and turns on `cacheMiddleware`, so each command type's middleware chain is
 * resolved on its first send and kept (middleware added to the client later does not reach the
 * types sent before; a send with per-call options empties the cache). Plain DynamoDB commands, as
 * the local runtime also sends on this client, are safe to send this way.
 */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  // Off while the library's constructor runs, which refuses the option (its own commands must not be
  // cached; this client never sends them with the cache, see `send`), then on.
  const config = client.config as { cacheMiddleware?: boolean };
  config.cacheMiddleware = false;
  const documentClient = new CachedChainDocumentClient(withoutSdkLogging(client));
  config.cacheMiddleware = true;
  return documentClient;
}
