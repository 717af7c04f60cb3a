// Before the handler modules (imported by the coverage test): they check their environment when they load.
import '../support/door-environment';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { buildOpenApiDocument, OPERATION_DOCS } from '../../../../functions/http/openapi/openapi-document';
import { handler as getOpenApiDocument } from '../../../../functions/http/openapi/get-openapi-document.handler';
import { GENERATED_OPENAPI_FILE, generatedOpenApiModule } from '../../../../functions/http/openapi/write-openapi-document';
import { ROUTES } from '../../../../functions/http/routes';
import { apiEvent, invoke, jsonOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

type Operation = { operationId: string; requestBody?: { content: Record<string, { examples: Record<string, { value: unknown }> }> }; responses: Record<string, unknown> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

function operations(document: Document): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
}

describe('the OpenAPI document', () => {
  describe('coverage of the route table', () => {
    it('documents every route of routes.ts, and nothing else', () => {
      // Prepare
      const document = buildOpenApiDocument() as unknown as Document;

      // Act
      const documented = operations(document).map(({ method, path, operation }) => `${method} ${path} ${operation.operationId}`).sort();

      // Assess
      expect(documented).toEqual(ROUTES.map((route) => `${route.method} ${route.path} ${route.operationId}`).sort());
    });

    it('has unique operation ids, and a handler file exporting `handler` for every route', async () => {
      // Prepare
      const ids = ROUTES.map((route) => route.operationId);

      // Act
      const modules = await Promise.all(ROUTES.map(async (route) => (await import(`../../../../${route.entry}`)) as { handler?: unknown }));

      // Assess
      expect(new Set(ids).size).toBe(ids.length);
      for (const route of ROUTES) expect(existsSync(new URL(`../../../../${route.entry}`, import.meta.url)), route.entry).toBe(true);
      for (const module of modules) expect(typeof module.handler).toBe('function');
    });
  });

  describe('requests', () => {
    it('gives an example for every request body, and every example passes its own schema', () => {
      // Prepare
      const withBodies = Object.entries(OPERATION_DOCS).filter(([, doc]) => doc.requestBody !== undefined);
      const document = buildOpenApiDocument() as unknown as Document;

      // Act
      const examples = operations(document)
        .filter(({ operation }) => operation.requestBody !== undefined)
        .map(({ operation }) => ({ operationId: operation.operationId, values: Object.values(Object.values(operation.requestBody?.content ?? {})[0]?.examples ?? {}).map((example) => example.value) }));

      // Assess
      expect(examples).toHaveLength(withBodies.length);
      for (const { operationId, values } of examples) {
        expect(values.length, operationId).toBeGreaterThan(0);
        const schema = OPERATION_DOCS[operationId as keyof typeof OPERATION_DOCS].requestBody?.schema as z.ZodType;
        for (const value of values) expect(schema.safeParse(value).success, `${operationId} example`).toBe(true);
      }
    });

    it('describes every error as problem+json and references only schemas it defines', () => {
      // Prepare
      const document = buildOpenApiDocument() as unknown as Document;
      const text = JSON.stringify(document);

      // Act
      const references = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1] ?? '');

      // Assess
      expect(document.openapi).toBe('3.1.0');
      expect(references.length).toBeGreaterThan(0);
      for (const name of references) expect(document.components.schemas, name).toHaveProperty(name);
      for (const { operation } of operations(document)) expect(operation.responses).toHaveProperty('500');
      expect(text).not.toContain('#/$defs/');
    });
  });

  describe('GET /openapi.json', () => {
    it('serves the document as JSON', async () => {
      // Prepare
      const event = apiEvent({ path: '/openapi.json' });

      // Act
      const result = await invoke(getOpenApiDocument, event);

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['Content-Type']).toBe('application/json');
      expect(jsonOf<Document>(result).paths).toHaveProperty('/orders');
    });

    it('serves the document the routes and schemas describe, with the deployed URL as its server', async () => {
      // Prepare
      const event = apiEvent({ path: '/openapi.json' });
      const expected = buildOpenApiDocument({ serverUrl: process.env.PUBLIC_BASE_URL ?? '' });

      // Act
      const result = await invoke(getOpenApiDocument, event);

      // Assess
      expect(result.body).toBe(JSON.stringify(expected));
    });
  });

  describe('the generated file served by GET /openapi.json', () => {
    it('is up to date with routes.ts and the zod schemas (else run `npm run generate:openapi`)', () => {
      // Prepare
      const expected = generatedOpenApiModule();

      // Act
      const committed = readFileSync(GENERATED_OPENAPI_FILE, 'utf8');

      // Assess
      expect(committed, 'functions/http/openapi/openapi.generated.ts is stale: run `npm run generate:openapi`').toBe(expected);
    });
  });
});
