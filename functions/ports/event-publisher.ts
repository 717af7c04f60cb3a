/**
 * Publishing domain events to the event bus (EventBridge on AWS, the local bus locally). Event
 * types, sources and versions are defined by the domain events module; this port only carries them.
 */

/** One event as it goes on the bus. */
export interface OutgoingEvent {
  /** EventBridge `source`, e.g. `mto.orders`. */
  readonly source: string;
  /** EventBridge `detail-type`, e.g. `OrderPlaced`. */
  readonly detailType: string;
  /**
   * The event body. Carries a deterministic `eventId`, so consumers can drop the duplicates an
   * at-least-once retry of the publishing step may produce.
   */
  readonly detail: Readonly<Record<string, unknown>>;
  /** When it happened (ISO instant); the bus entry's `Time`. */
  readonly time: string;
}

export interface EventPublisher {
  /**
   * Publishes the events (any number; batched as the bus requires).
   * @throws EventPublishError when any entry was refused (after the SDK's own retries).
   */
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}

/** Some events could not be published; names how many and the first error code. */
export class EventPublishError extends Error {
  public readonly failedCount: number;

  public constructor(failedCount: number, firstErrorCode: string, options?: { cause?: unknown }) {
    super(`${failedCount} event(s) were not accepted by the event bus (first error: ${firstErrorCode}).`, options);
    this.name = 'EventPublishError';
    this.failedCount = failedCount;
  }
}
