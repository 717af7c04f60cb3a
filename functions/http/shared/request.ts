/**
 * Reading API Gateway REST (v1) proxy events: the raw body (as signatures need it), JSON and form
 * bodies, query strings and path parameters, each validated with a zod schema and turned into a
 * problem naming the field when it does not fit.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { MalformedRequestError, ValidationFailedError } from './http-errors';
import { problemsFromZod } from './zod-problems';

/** The body exactly as the client sent it (API Gateway base64-encodes binary media types). */
export function rawBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): string {
  if (event.body === null || event.body === undefined) {
    return '';
  }
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** The body's size in bytes, as received. */
export function bodySizeBytes(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): number {
  if (event.body === null || event.body === undefined) {
    return 0;
  }
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').length : Buffer.byteLength(event.body, 'utf8');
}

/** A header's value, whatever the case the client wrote its name in. */
export function header(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) {
      return value;
    }
  }
  return undefined;
}

/** All headers with lower-case names. */
export function lowerCaseHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(event.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
}

/**
 * Parses the body as JSON, then validates it.
 * @throws MalformedRequestError (400) when there is no body or it is not JSON
 * @throws ValidationFailedError (422) naming every field that breaks the schema
 */
export function parseJsonBody<Schema extends z.core.$ZodType>(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, schema: Schema): z.infer<Schema> {
  return validate(parseJson(rawBody(event)), schema);
}

/** JSON.parse with a 400 instead of a SyntaxError. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') {
    throw new MalformedRequestError('The request has no body; this route expects a JSON object.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MalformedRequestError(`The body is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`, { cause: error });
  }
}

/** @throws ValidationFailedError (422) naming every field that breaks the schema */
export function validate<Schema extends z.core.$ZodType>(value: unknown, schema: Schema, pathPrefix = ''): z.infer<Schema> {
  // reportInput: lets a missing field (input undefined) be told apart from a mistyped one.
  const result = z.safeParse(schema, value, { reportInput: true });
  if (!result.success) {
    throw new ValidationFailedError(problemsFromZod(result.error, pathPrefix));
  }
  return result.data;
}

/** The query string as an object (single values), validated; problems are named `query.<name>`. */
export function parseQuery<Schema extends z.core.$ZodType>(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>, schema: Schema): z.infer<Schema> {
  return validate({ ...(event.queryStringParameters ?? {}) }, schema, 'query');
}

/** A path parameter; API Gateway only routes here when it is present, so absence is a 404 upstream. */
export function pathParameter(event: Pick<APIGatewayProxyEvent, 'pathParameters'>, name: string): string {
  const value = event.pathParameters?.[name];
  return value === undefined || value === null ? '' : decodeURIComponentSafe(value);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Parses an `application/x-www-form-urlencoded` body (HTML forms, Slack interactions).
 * URLSearchParams never throws, so any bytes give some (possibly empty) parameters.
 */
export function parseFormBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): URLSearchParams {
  return new URLSearchParams(rawBody(event));
}
