/**
 * What the AWS SDK clients the handlers build leave out of every call. Measured on POST /orders,
 * where three SDK calls make up most of the route's CPU:
 *
 * - The SDK's logger middleware. The handlers never give the SDK a logger (they log through
 *   Powertools), yet by default each successful call still walks its input and output to build a
 *   redacted copy for the SDK's no-op logger: about 2 % of the route's CPU.
 * - Resolving the middleware chain again on every send (`cacheMiddleware`), about 5 %. Only for
 *   clients sent plain commands: lib-dynamodb's document commands bind their own input into the
 *   chain they resolve, so a cached chain would send the first command's input again. The
 *   repositories' document client (adapters/dynamodb/document-client.ts) therefore sends DynamoDB's
 *   plain commands itself, on a base client with the cache on.
 */

/** Client settings for a client whose commands are sent as they are (the SFN and EventBridge clients). */
export const REUSED_MIDDLEWARE = { cacheMiddleware: true } as const;

interface WithMiddlewareStack {
  readonly middlewareStack: { remove(toRemove: string): boolean };
}

/** Removes the SDK's logger middleware from the client (and from document clients built on it). */
export function withoutSdkLogging<Client extends WithMiddlewareStack>(client: Client): Client {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
