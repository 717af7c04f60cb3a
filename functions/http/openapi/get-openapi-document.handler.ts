/**
 * GET /openapi.json: the OpenAPI 3.1 document, generated at build time from the route table and the
 * zod schemas (write-openapi-document.ts; a unit test fails while the file is stale), with the
 * deployed URL added on the first request of a container. Serving generated text keeps zod, its JSON
 * Schema generator and every route's schemas out of this function, so its cold start costs about
 * what an empty handler's does.
 *
 * Deliberately not wrapped in httpRoute (middy, the logger, the problem+json error handler): the
 * request carries nothing to validate and nothing here can throw, so that stack would only add
 * cold-start time.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { OPENAPI_DOCUMENT_JSON } from './openapi.generated';
import { jsonResponse } from '../shared/responses';

let body: string | undefined;

function documentBody(): string {
  const serverUrl = process.env.PUBLIC_BASE_URL;
  const { openapi, info, ...rest } = JSON.parse(OPENAPI_DOCUMENT_JSON) as Record<string, unknown>;
  // Same member order as buildOpenApiDocument: `servers` right after `info`.
  return JSON.stringify({ openapi, info, ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}), ...rest });
}

export const handler = (): Promise<APIGatewayProxyResult> => {
  body ??= documentBody();
  return Promise.resolve({ ...jsonResponse(200, null, { 'Cache-Control': 'public, max-age=300' }), body });
};
