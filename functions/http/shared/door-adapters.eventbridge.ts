/** Builder of the doors' event publisher (EventBridge), for composeDoorDependencies. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventPublisher } from '../../adapters/events/event-publisher.eventbridge';
import type { DoorAdapterBuilder } from './door-composition';

export const eventPublisher: DoorAdapterBuilder<'events'> = (config) => new EventBridgeEventPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName() });
