/**
 * The pluggable registry of what a Task state's `Resource` runs. The engine ships integrations for
 * Lambda (`lambda:invoke` and plain function ARNs), nested executions (`states:startExecution`),
 * EventBridge (`events:putEvents`) and DynamoDB; an embedder can put its own in front of them.
 */
import type { ContextObject, Json } from '../language/contract';

/** How Step Functions waits for a task (the ARN suffix). */
export type IntegrationPattern = 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';

/** A Task `Resource` ARN, taken apart. */
export interface TaskResource {
  /** The ARN exactly as written in the definition. */
  readonly arn: string;
  /** The ARN without its pattern suffix. */
  readonly base: string;
  readonly pattern: IntegrationPattern;
  /**
   * `lambda-function`: `arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`;
   * `service`: `arn:aws:states:::<service>:<action>` (incl. `aws-sdk:<service>:<action>`);
   * `activity`: `arn:aws:states:<region>:<account>:activity:<name>`; `unknown`: anything else.
   */
  readonly kind: 'lambda-function' | 'service' | 'activity' | 'unknown';
  /** `lambda`, `states`, `events`, `dynamodb`, `aws-sdk:dynamodb`, ... (service ARNs only). */
  readonly service: string | undefined;
  /** `invoke`, `startExecution`, `putEvents`, `getItem`, ... (service ARNs only). */
  readonly action: string | undefined;
  /** The region named in the ARN, when it names one. */
  readonly region: string | undefined;
}

const SUFFIXES: readonly [string, IntegrationPattern][] = [
  ['.waitForTaskToken', 'waitForTaskToken'],
  ['.sync:2', 'sync:2'],
  ['.sync', 'sync'],
];

/** Parsed resources by ARN: a Task's resource is read three times per attempt. Bounded: definitions name few. */
const parsedResources = new Map<string, TaskResource>();
const MAX_PARSED_RESOURCES = 1000;

/** Takes a Task `Resource` apart (the same frozen object for the same ARN); never throws (unknown shapes come back as kind `unknown`). */
export function parseTaskResource(arn: string): TaskResource {
  let resource = parsedResources.get(arn);
  if (resource === undefined) {
    if (parsedResources.size >= MAX_PARSED_RESOURCES) parsedResources.clear();
    resource = Object.freeze(parseResource(arn));
    parsedResources.set(arn, resource);
  }
  return resource;
}

function parseResource(arn: string): TaskResource {
  let base = arn;
  let pattern: IntegrationPattern = 'request-response';
  for (const [suffix, name] of SUFFIXES) {
    if (arn.endsWith(suffix)) {
      base = arn.slice(0, -suffix.length);
      pattern = name;
      break;
    }
  }
  const parts = base.split(':');
  const region = parts[3] === undefined || parts[3] === '' ? undefined : parts[3];
  if (parts[0] === 'arn' && parts[2] === 'lambda' && parts[5] === 'function' && parts[6] !== undefined) {
    return { arn, base, pattern, kind: 'lambda-function', service: undefined, action: undefined, region };
  }
  if (parts[0] === 'arn' && parts[2] === 'states' && parts[5] === 'activity') {
    return { arn, base, pattern, kind: 'activity', service: undefined, action: undefined, region };
  }
  if (parts[0] === 'arn' && parts[2] === 'states' && parts.length >= 7) {
    const rest = parts.slice(5);
    const action = rest.pop();
    return { arn, base, pattern, kind: 'service', service: rest.join(':'), action, region };
  }
  return { arn, base, pattern, kind: 'unknown', service: undefined, action: undefined, region };
}

/** What a Task asks of its integration. */
export interface TaskRequest {
  readonly resource: TaskResource;
  /** The effective parameters (Parameters / Arguments already evaluated). */
  readonly input: Json;
  readonly stateName: string;
  readonly executionArn: string;
  /** Present for `.waitForTaskToken`. */
  readonly taskToken: string | undefined;
  readonly context: ContextObject;
  /** Aborted when the task is no longer wanted (timeout, a sibling branch failed, StopExecution). */
  readonly signal: AbortSignal;
  /** The region of the resource (or the engine's), and the engine's account id. */
  readonly region: string;
  readonly accountId: string;
  /**
   * Reports that the work was handed over and the task now waits (`.sync`: the nested job
   * started); shows as TaskSubmitted in the history.
   */
  submitted(output: Json): void;
}

/** Runs one kind of Task resource. */
export interface TaskIntegration {
  /** For messages: 'lambda', 'dynamodb', ... */
  readonly name: string;
  handles(resource: TaskResource): boolean;
  /**
   * Does the work and resolves with the task's result (`.waitForTaskToken`: with what the
   * invocation returned; the task then waits for the callback). Throws `TaskFailure` to fail the
   * task with a given error name and cause; any other throw fails it as States.TaskFailed.
   */
  run(request: TaskRequest): Promise<Json>;
}

/** A task failure with the exact error name and cause Retry/Catch will see. */
export class TaskFailure extends Error {
  public readonly error: string;
  public readonly errorCause: string;
  public constructor(error: string, cause: string, options?: ErrorOptions) {
    super(`${error}: ${cause}`, options);
    this.name = 'TaskFailure';
    this.error = error;
    this.errorCause = cause;
  }
}

/** The `resourceType` and `resource` fields of Task* history events for a resource. */
export function historyResourceFields(resource: TaskResource): { resourceType: string; resource: string } {
  const suffix = resource.pattern === 'request-response' ? '' : `.${resource.pattern}`;
  if (resource.kind === 'service') return { resourceType: resource.service ?? 'unknown', resource: `${resource.action ?? ''}${suffix}` };
  if (resource.kind === 'activity') return { resourceType: 'activity', resource: resource.base };
  return { resourceType: 'unknown', resource: resource.arn };
}

/** Converts anything an integration threw into the task's error and cause. */
export function toTaskFailure(thrown: unknown): { error: string; cause: string } {
  if (thrown instanceof TaskFailure) return { error: thrown.error, cause: thrown.errorCause };
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { error: 'States.TaskFailed', cause: message };
}

/** Finds the integration for a resource: the embedder's first, then the built-ins. */
export class IntegrationRegistry {
  private readonly integrations: TaskIntegration[];

  public constructor(integrations: readonly TaskIntegration[]) {
    this.integrations = [...integrations];
  }

  /** Adds integrations after those already registered (they are tried later). */
  public add(...integrations: TaskIntegration[]): void {
    this.integrations.push(...integrations);
  }

  public find(resource: TaskResource): TaskIntegration | undefined {
    return this.integrations.find((integration) => integration.handles(resource));
  }
}
