/**
 * EventBridge: `arn:aws:states:::events:putEvents` (and `.waitForTaskToken`). Where the events go
 * is the embedder's choice: a function (`putEvents`) or an EventBridge endpoint. With neither, the
 * task fails with a cause saying so: events are never dropped silently.
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

/** Delivers events; returns their ids (generated when omitted). Throw to fail the task. */
export type PutEventsSink = (entries: PutEventsEntry[]) => Promise<string[] | undefined> | string[] | undefined;

export interface EventsIntegrationOptions {
  readonly putEvents?: PutEventsSink;
  /** An EventBridge endpoint (for example a local bus speaking the EventBridge API). */
  readonly endpoint?: string;
  readonly region: string;
}

function toEntries(input: Json, stateName: string): PutEventsEntry[] {
  const entries = input !== null && typeof input === 'object' && !Array.isArray(input) ? input.Entries : undefined;
  if (!Array.isArray(entries)) throw new TaskFailure('States.TaskFailed', `events:putEvents in state '${stateName}' needs Parameters with an Entries array`);
  return entries.map((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new TaskFailure('States.TaskFailed', `events:putEvents in state '${stateName}': Entries[${index}] is not an object`);
    }
    const detail = entry.Detail;
    return {
      ...(entry as Record<string, unknown>),
      ...(detail === undefined ? {} : { Detail: typeof detail === 'string' ? detail : JSON.stringify(detail) }),
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
      const entries = toEntries(request.input, request.stateName);
      let ids: string[] | undefined;
      if (options.putEvents !== undefined) {
        ids = (await options.putEvents(entries)) ?? undefined;
      } else if (client !== undefined) {
        const response = await client.send(new PutEventsCommand({ Entries: entries.map(({ Time: time, ...entry }) => ({ ...entry, ...(time === undefined ? {} : { Time: new Date(time) }) })) }), { abortSignal: request.signal });
        if ((response.FailedEntryCount ?? 0) > 0) {
          throw new TaskFailure('EventBridge.FailedEntry', JSON.stringify(response.Entries ?? []));
        }
        ids = (response.Entries ?? []).map((entry) => entry.EventId ?? randomUUID());
      } else {
        throw new TaskFailure(
          'States.TaskFailed',
          `events:putEvents in state '${request.stateName}': the engine has no event bus (give createEngine a putEvents function or an eventBridge endpoint)`,
        );
      }
      return { Entries: entries.map((_entry, index) => ({ EventId: ids?.[index] ?? randomUUID() })), FailedEntryCount: 0 };
    },
  };
}
