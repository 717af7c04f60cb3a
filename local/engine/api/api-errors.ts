/**
 * The errors of the Step Functions API, by the `__type` AWS gives them (the SDK turns that into
 * the exception's name: `ExecutionAlreadyExists`, `InvalidDefinition`, ...).
 */
export type ApiErrorType =
  | 'ConflictException'
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionNotRedrivable'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'MissingRequiredParameter'
  | 'SerializationException'
  | 'StateMachineAlreadyExists'
  | 'StateMachineDoesNotExist'
  | 'StateMachineTypeNotSupported'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'UnknownOperationException'
  | 'ValidationException';

/** A refused API call; rendered as HTTP 400 with `{__type, message}`. */
export class ApiError extends Error {
  public readonly type: ApiErrorType;
  public constructor(type: ApiErrorType, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.type = type;
  }
}

/** Reads a request's fields, refusing bad ones the way AWS does (ValidationException naming the field). */
export class RequestReader {
  public constructor(private readonly request: Record<string, unknown>) {}

  public static of(body: unknown): RequestReader {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('SerializationException', 'The request body must be a JSON object');
    return new RequestReader(body as Record<string, unknown>);
  }

  public requiredString(field: string): string {
    const value = this.request[field];
    if (value === undefined || value === null) {
      throw new ApiError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
    }
    if (typeof value !== 'string') throw new ApiError('SerializationException', `'${field}' must be a string, got ${typeof value}`);
    return value;
  }

  public optionalString(field: string): string | undefined {
    const value = this.request[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ApiError('SerializationException', `'${field}' must be a string, got ${typeof value}`);
    return value;
  }

  public optionalBoolean(field: string): boolean | undefined {
    const value = this.request[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new ApiError('SerializationException', `'${field}' must be a boolean, got ${typeof value}`);
    return value;
  }

  public optionalInteger(field: string, min: number, max: number): number | undefined {
    const value = this.request[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ApiError('SerializationException', `'${field}' must be an integer`);
    if (value < min || value > max) {
      throw new ApiError('ValidationException', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
    }
    return value;
  }

  public raw(field: string): unknown {
    return this.request[field];
  }
}
