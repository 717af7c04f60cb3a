/**
 * GET /openapi.json: the OpenAPI 3.1 document, generated at build time from the route table and the
 * zod schemas (write-openapi-document.ts; a unit test fails while the file is stale), with the
 * deployed URL added once per container. Serving a file keeps zod, its JSON Schema generator and
 * every route's schemas out of this function: it loads in about the time of an empty handler.
 *
 * Deliberately not wrapped in httpRoute (middy, the logger, the problem+json error handler): the
 * request carries nothing to validate and nothing here can throw, so that stack would only add
 * cold-start time.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import generated from './openapi.generated.json';
import { jsonResponse } from '../shared/responses';

const serverUrl = process.env.PUBLIC_BASE_URL;
const { openapi, info, ...rest } = generated;
// Same member order as buildOpenApiDocument: `servers` right after `info`.
const body = JSON.stringify({ openapi, info, ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}), ...rest });

export const handler = (): Promise<APIGatewayProxyResult> => Promise.resolve({ ...jsonResponse(200, null, { 'Cache-Control': 'public, max-age=300' }), body });
