/**
 * Writes functions/http/openapi/openapi.generated.json from the route table and the zod schemas
 * (buildOpenApiDocument), so GET /openapi.json serves a file instead of loading zod's JSON Schema
 * generator and every route's schemas on a cold start. Run `npm run generate:openapi` after
 * changing a route or a schema; a unit test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from './openapi-document';

/** Where the generated document lives, next to the handler that serves it. */
export const GENERATED_OPENAPI_FILE = new URL('./openapi.generated.json', import.meta.url);

/** The file's exact text: the document without `servers` (the handler adds the deployed URL). */
export function generatedOpenApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(GENERATED_OPENAPI_FILE, generatedOpenApiText());
  console.log('wrote functions/http/openapi/openapi.generated.json');
}
