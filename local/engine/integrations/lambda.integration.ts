/**
 * Lambda: `arn:aws:states:::lambda:invoke` (with or without `.waitForTaskToken`) and plain
 * function ARNs. What a function ARN runs is up to the embedder (a `FunctionRegistry`), so the
 * engine stays generic. Results and failures take AWS's shapes: the invoke envelope
 * `{ExecutedVersion, Payload, StatusCode, ...}` that CDK's LambdaInvoke relies on, and for a thrown
 * error, error = the error's name and cause = `{"errorMessage","errorType","trace"}` as a string.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { Json, JsonObject } from '../language/contract';
import { TaskFailure, type TaskIntegration, type TaskRequest } from './task-integration';

/** A Lambda handler as the embedder registers it: `(event, context) => result`. */
export type LambdaHandler = {
  // A method signature keeps parameters bivariant, so handlers typed for their own event
  // (APIGatewayProxyHandler, middy handlers, ...) can be registered as they are.
  handler(event: unknown, context: Context): unknown;
}['handler'];

/** Finds the handler a function ARN runs, or undefined when there is none. */
export type FunctionRegistry = (functionArn: string) => LambdaHandler | undefined;

/** A registry from a plain object keyed by function ARN or by function name. */
export function functionRegistryFrom(functions: Readonly<Record<string, LambdaHandler>>): FunctionRegistry {
  return (functionArn) => functions[functionArn] ?? functions[functionNameOf(functionArn)];
}

/** `arn:aws:lambda:r:a:function:name[:qualifier]` -> `name`. */
export function functionNameOf(functionArn: string): string {
  const parts = functionArn.split(':');
  return parts[0] === 'arn' ? (parts[6] ?? functionArn) : (parts[0] ?? functionArn);
}

/** A full function ARN from what `FunctionName` may hold: a name, `name:qualifier`, a partial or a full ARN. */
export function toFunctionArn(functionName: string, region: string, accountId: string): string {
  if (functionName.startsWith('arn:')) return functionName;
  const parts = functionName.split(':');
  if (parts[1] === 'function') return `arn:aws:lambda:${region}:${functionName}`;
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

const unqualified = (functionArn: string): string => functionArn.split(':').slice(0, 7).join(':');

function lambdaContext(functionArn: string): Context {
  const functionName = functionNameOf(functionArn);
  const fail = (): void => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local-engine',
    getRemainingTimeInMillis: () => 900_000,
    done: fail,
    fail,
    succeed: fail,
  };
}

const toJson = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));

/** The error and cause AWS reports for a function that threw. */
export function lambdaFailure(thrown: unknown): TaskFailure {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
  const trace = thrown instanceof Error && thrown.stack !== undefined ? thrown.stack.split('\n') : [];
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace }), { cause: thrown });
}

export interface LambdaIntegrationOptions {
  readonly functions: FunctionRegistry;
}

export function createLambdaIntegration(options: LambdaIntegrationOptions): TaskIntegration {
  const invokeFunction = async (functionArn: string, event: Json, request: TaskRequest): Promise<Json> => {
    const handler = options.functions(functionArn) ?? options.functions(unqualified(functionArn));
    if (handler === undefined) {
      throw new TaskFailure(
        'States.TaskFailed',
        `No local function is registered for ${functionArn} (Task state '${request.stateName}'). The embedder maps function ARNs to handlers in createEngine({ functions }).`,
      );
    }
    let result: unknown;
    try {
      result = await handler(structuredClone(event), lambdaContext(functionArn));
    } catch (thrown) {
      throw lambdaFailure(thrown);
    }
    try {
      return toJson(result);
    } catch (thrown) {
      throw new TaskFailure('Lambda.InvalidResponse', `The function ${functionArn} returned a value that is not JSON: ${String(thrown)}`);
    }
  };

  return {
    name: 'lambda',
    handles: (resource) => resource.kind === 'lambda-function' || (resource.kind === 'service' && resource.service === 'lambda' && resource.action === 'invoke'),
    run: async (request) => {
      if (request.resource.kind === 'lambda-function') return invokeFunction(request.resource.base, request.input, request);
      const parameters = request.input;
      if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters) || typeof parameters.FunctionName !== 'string') {
        throw new TaskFailure('States.TaskFailed', `lambda:invoke in state '${request.stateName}' needs Parameters with a string FunctionName`);
      }
      const functionArn = toFunctionArn(parameters.FunctionName, request.region, request.accountId);
      const payload = 'Payload' in parameters ? (parameters.Payload) : {};
      const result = await invokeFunction(functionArn, payload, request);
      const requestId = randomUUID();
      const envelope: JsonObject = {
        ExecutedVersion: '$LATEST',
        Payload: result,
        SdkHttpMetadata: {
          AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'x-amzn-RequestId': [requestId], 'Content-Type': ['application/json'] },
          HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId, 'Content-Type': 'application/json' },
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: requestId },
        StatusCode: 200,
      };
      return envelope;
    },
  };
}
