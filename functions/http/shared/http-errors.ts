/**
 * The HTTP layer's one error base. Every client mistake becomes one of these, and the error
 * handler (problem-error-handler.ts) renders it as RFC 9457 problem+json: `type`, `title`,
 * `status`, `detail`, and `errors` naming each offending field and the rule it broke.
 */

/** One offending field: `{ path: 'lines[0].quantity', rule: 'range', message: '...' }`. */
export interface FieldProblem {
  /** Where: a body path (`lines[0].quantity`), `query.limit`, `header.Idempotency-Key`, `path.orderId`; '' for the whole body. */
  readonly path: string;
  /** A short stable rule id: 'required', 'type', 'range', 'enum', 'format', 'unknown-field', 'unknown-product'... */
  readonly rule: string;
  readonly message: string;
}

export type ProblemStatus = 400 | 403 | 404 | 409 | 410 | 413 | 422;

/** Problem type URIs: stable identifiers clients can switch on (listed in docs/api.md). */
export const problemType = (slug: string): string => `urn:mto-flow:problem:${slug}`;

export interface HttpProblemDetails {
  readonly status: ProblemStatus;
  /** The slug of the problem type (`validation-failed`), turned into a URN. */
  readonly type: string;
  /** Short, the same for every occurrence of the type. */
  readonly title: string;
  /** This occurrence, in a sentence a developer can act on. */
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
  /** Extension members (RFC 9457 section 3.2), e.g. the stage an order is in, who decided. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Base of every error the HTTP layer renders as a 4xx problem. */
export class HttpProblemError extends Error {
  readonly status: ProblemStatus;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(details: HttpProblemDetails, options?: { cause?: unknown }) {
    super(details.detail, options);
    this.name = 'HttpProblemError';
    this.status = details.status;
    this.type = problemType(details.type);
    this.title = details.title;
    this.detail = details.detail;
    this.errors = details.errors;
    this.extensions = details.extensions ?? {};
    this.headers = details.headers ?? {};
  }
}

/** 400: the body is not JSON (or not the form encoding the route takes). */
export class MalformedRequestError extends HttpProblemError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super({ status: 400, type: 'malformed-request', title: 'Malformed request', detail }, options);
    this.name = 'MalformedRequestError';
  }
}

/** 403: a signature, link or credential that does not check out, or a caller not allowed to act. */
export class ForbiddenError extends HttpProblemError {
  constructor(type: string, title: string, detail: string, options?: { cause?: unknown; extensions?: Record<string, unknown> }) {
    super({ status: 403, type, title, detail, ...(options?.extensions ? { extensions: options.extensions } : {}) }, options);
    this.name = 'ForbiddenError';
  }
}

/** 404: the thing named in the path does not exist. */
export class NotFoundError extends HttpProblemError {
  constructor(what: string, id: string, options?: { cause?: unknown }) {
    super({ status: 404, type: 'not-found', title: 'Not found', detail: `No ${what} with id ${JSON.stringify(id)}.`, extensions: { resource: what } }, options);
    this.name = 'NotFoundError';
  }
}

/** 409: the request conflicts with the current state (illegal transition, already decided, in progress). */
export class ConflictError extends HttpProblemError {
  constructor(type: string, title: string, detail: string, options?: { cause?: unknown; extensions?: Record<string, unknown> }) {
    super({ status: 409, type, title, detail, ...(options?.extensions ? { extensions: options.extensions } : {}) }, options);
    this.name = 'ConflictError';
  }
}

/** 410: the link or wait is over (expired, revoked, step timed out). */
export class GoneError extends HttpProblemError {
  constructor(type: string, title: string, detail: string, options?: { cause?: unknown; extensions?: Record<string, unknown> }) {
    super({ status: 410, type, title, detail, ...(options?.extensions ? { extensions: options.extensions } : {}) }, options);
    this.name = 'GoneError';
  }
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends HttpProblemError {
  constructor(sizeBytes: number, maxBytes: number) {
    super({
      status: 413,
      type: 'payload-too-large',
      title: 'Payload too large',
      detail: `The body is ${sizeBytes} bytes; this route accepts at most ${maxBytes}.`,
      extensions: { maxBytes },
    });
    this.name = 'PayloadTooLargeError';
  }
}

/** 422: well-formed, but fields break rules (shape, catalog, idempotency key reuse). Names every one. */
export class ValidationFailedError extends HttpProblemError {
  constructor(errors: readonly FieldProblem[], detail?: string, options?: { cause?: unknown; type?: string; title?: string }) {
    super(
      {
        status: 422,
        type: options?.type ?? 'validation-failed',
        title: options?.title ?? 'Validation failed',
        detail: detail ?? `${errors.length} field${errors.length === 1 ? '' : 's'} of the request break${errors.length === 1 ? 's' : ''} a rule: ${errors.map((error) => error.path || '(body)').join(', ')}.`,
        errors,
      },
      options,
    );
    this.name = 'ValidationFailedError';
  }
}
