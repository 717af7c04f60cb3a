/** EventPublisher on EventBridge (or the local bus, which speaks the same API at another endpoint). */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventPublishError, type EventPublisher, type OutgoingEvent } from '../../ports/event-publisher';

/** PutEvents takes at most ten entries per call. */
const BATCH = 10;

export class EventBridgeEventPublisher implements EventPublisher {
  public constructor(private readonly options: { readonly client: EventBridgeClient; readonly eventBusName: string }) {}

  public async publish(events: readonly OutgoingEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += BATCH) {
      const batch = events.slice(start, start + BATCH);
      const output = await this.options.client.send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: this.options.eventBusName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Time: new Date(event.time),
          })),
        }),
      );
      const failed = output.FailedEntryCount ?? 0;
      if (failed > 0) {
        const first = output.Entries?.find((entry) => entry.ErrorCode !== undefined);
        throw new EventPublishError(failed, first?.ErrorCode ?? 'unknown');
      }
    }
  }
}
