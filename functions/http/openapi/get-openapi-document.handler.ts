/** GET /openapi.json: the OpenAPI 3.1 document, built once per container. */
import { buildOpenApiDocument } from './openapi-document';
import { httpRoute } from '../shared/http-route';
import { jsonResponse } from '../shared/responses';

const document = JSON.stringify(buildOpenApiDocument(process.env.PUBLIC_BASE_URL ? { serverUrl: process.env.PUBLIC_BASE_URL } : {}));

export const handler = httpRoute({ operationId: 'getOpenApiDocument' }, () =>
  Promise.resolve({ ...jsonResponse(200, null, { 'Cache-Control': 'public, max-age=300' }), body: document }),
);
