/**
 * The middy stack every HTTP handler shares: Powertools logger context, a body size limit (413),
 * and one error handler that renders every error as RFC 9457 problem+json (or, for pages meant for
 * people, as an HTML page unless the client asks for JSON). Handlers are the last thing in the
 * stack, so they only parse, call one use case and map its result.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { OperationId } from '../routes';
import { PayloadTooLargeError, type HttpProblemError } from './http-errors';
import { toHttpProblem } from './error-mapping';
import { logger } from './http-logger';
import { header, bodySizeBytes } from './request';
import { htmlResponse, problemResponse } from './responses';

/** Default body limit: generous for an order with many lines, far below API Gateway's 10 MB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export type HttpEvent = APIGatewayProxyEvent;
export type HttpResult = APIGatewayProxyResult;
export type HttpRouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** Renders a problem as an HTML page (pages for people: the approval confirmation). */
export type ProblemPageRenderer = (problem: HttpProblemError) => string;

export interface HttpRouteOptions {
  readonly operationId: OperationId;
  readonly maxBodyBytes?: number;
  /** When set, errors render as this HTML page unless the client's Accept asks for JSON. */
  readonly problemPage?: ProblemPageRenderer;
}

/** The problem+json body for a problem, with the request id as `instance`. */
export function problemBody(problem: HttpProblemError, requestId: string | undefined): Record<string, unknown> {
  return {
    ...problem.extensions,
    type: problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(requestId ? { instance: `urn:mto-flow:request:${requestId}` } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

function wantsJson(event: HttpEvent): boolean {
  const accept = header(event, 'accept') ?? '';
  return /application\/(problem\+)?json/i.test(accept) && !/text\/html/i.test(accept);
}

function bodyLimit(maxBodyBytes: number): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: ({ event }) => {
      const size = bodySizeBytes(event);
      if (size > maxBodyBytes) {
        throw new PayloadTooLargeError(size, maxBodyBytes);
      }
    },
  };
}

function problemErrorHandler(options: HttpRouteOptions): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const requestId = request.event?.requestContext?.requestId;
      const problem = toHttpProblem(request.error);
      if (!problem) {
        // Logged with its stack for us; the caller learns only that it was our fault, and the id.
        logger.error('Unhandled error', { operationId: options.operationId, error: request.error ?? undefined });
        request.response = problemResponse(500, {
          type: 'urn:mto-flow:problem:internal-error',
          title: 'Internal error',
          status: 500,
          detail: 'Something went wrong on our side; the request may be retried. Quote the instance when reporting it.',
          ...(requestId ? { instance: `urn:mto-flow:request:${requestId}` } : {}),
        });
        return;
      }
      logger.info('Request refused', { operationId: options.operationId, status: problem.status, problemType: problem.type, errorName: request.error?.name });
      if (options.problemPage && !wantsJson(request.event)) {
        request.response = htmlResponse(problem.status, options.problemPage(problem), problem.headers);
        return;
      }
      request.response = problemResponse(problem.status, problemBody(problem, requestId), problem.headers);
    },
  };
}

/** Wraps a handler in the shared stack. */
export function httpRoute(options: HttpRouteOptions, handler: HttpRouteHandler): middy.MiddyfiedHandler<HttpEvent, HttpResult> {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(bodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
    .use(problemErrorHandler(options))
    .handler(handler);
}
