/** Builder of the doors' event publisher (EventBridge), for composeDoorDependencies. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventPublisher } from '../../adapters/events/event-publisher.eventbridge';
import { REUSED_MIDDLEWARE, withoutSdkLogging } from '../../adapters/sdk/lean-client';
import type { DoorAdapterBuilder } from './door-composition';

export const eventPublisher: DoorAdapterBuilder<'events'> = (config) => new EventBridgeEventPublisher({ client: withoutSdkLogging(new EventBridgeClient(REUSED_MIDDLEWARE)), eventBusName: config.eventBusName() });
