/**
 * EventBridge: `arn:aws:states:::events:putEvents` (and `.waitForTaskToken`). Where the events go
 * is the embedder's choice: a function (`putEvents`) or an EventBridge endpoint. With neither, the
 * task fails with a cause saying so: events are never dropped silently.
 *
 * As Step Functions' optimized integration does: each entry's `Resources` gets the execution's and
 * the state machine's ARNs appended, and an entry the bus refuses fails the task with
 * `EventBridge.FailedEntry` (the cause lists the result entries).
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { randomUUID } from 'node:crypto';
import type { Json } from '../language/contract';
import { TaskFailure, type TaskIntegration } from './task-integration';

/** One entry of PutEvents, with Detail already a JSON string (as the SDK sends it). */
export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: string[];
  readonly Time?: string;
  readonly TraceHeader?: string;
}

/** What the bus answered for one entry, as PutEvents does: its id, or why it refused it. */
export interface PutEventsResultEntry {
  readonly EventId?: string | undefined;
  readonly ErrorCode?: string | undefined;
  readonly ErrorMessage?: string | undefined;
}

/** Delivers events; answers per entry, in order. Throw to fail the task (as States.TaskFailed, or a TaskFailure's error). */
export type PutEventsSink = (entries: PutEventsEntry[]) => Promise<readonly PutEventsResultEntry[]> | readonly PutEventsResultEntry[];

export interface EventsIntegrationOptions {
  readonly putEvents?: PutEventsSink;
  /** An EventBridge endpoint (for example a local bus speaking the EventBridge API). */
  readonly endpoint?: string;
  readonly region: string;
}

function toEntries(input: Json, stateName: string, origin: readonly string[]): PutEventsEntry[] {
  const entries = input !== null && typeof input === 'object' && !Array.isArray(input) ? input.Entries : undefined;
  if (!Array.isArray(entries)) throw new TaskFailure('States.TaskFailed', `events:putEvents in state '${stateName}' needs Parameters with an Entries array`);
  return entries.map((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new TaskFailure('States.TaskFailed', `events:putEvents in state '${stateName}': Entries[${index}] is not an object`);
    }
    const detail = entry.Detail;
    const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((resource): resource is string => typeof resource === 'string') : [];
    return {
      ...(entry as Record<string, unknown>),
      ...(detail === undefined ? {} : { Detail: typeof detail === 'string' ? detail : JSON.stringify(detail) }),
      Resources: [...resources, ...origin],
    };
  });
}

export function createEventsIntegration(options: EventsIntegrationOptions): TaskIntegration {
  const client = options.endpoint === undefined
    ? undefined
    : new EventBridgeClient({ endpoint: options.endpoint, region: options.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    name: 'events',
    handles: (resource) => resource.kind === 'service' && resource.service === 'events' && resource.action === 'putEvents',
    run: async (request) => {
      const entries = toEntries(request.input, request.stateName, [request.executionArn, request.context.StateMachine.Id]);
      let results: readonly PutEventsResultEntry[];
      if (options.putEvents !== undefined) {
        results = await options.putEvents(entries);
      } else if (client !== undefined) {
        const response = await client.send(new PutEventsCommand({ Entries: entries.map(({ Time: time, ...entry }) => ({ ...entry, ...(time === undefined ? {} : { Time: new Date(time) }) })) }), { abortSignal: request.signal });
        results = response.Entries ?? [];
      } else {
        throw new TaskFailure(
          'States.TaskFailed',
          `events:putEvents in state '${request.stateName}': the engine has no event bus (give createEngine a putEvents function or an eventBridge endpoint)`,
        );
      }
      if (results.some((result) => result.ErrorCode !== undefined)) {
        throw new TaskFailure('EventBridge.FailedEntry', JSON.stringify(results));
      }
      return { Entries: entries.map((_entry, index) => ({ EventId: results[index]?.EventId ?? randomUUID() })), FailedEntryCount: 0 };
    },
  };
}
