/**
 * Adapters for the step handlers, built once per container on first use. Split by what they pull
 * in, so each handler's bundle carries only the clients it uses. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables and `SLACK_API_URL`: locally they point at DynamoDB Local,
 * the local engine and the outboxes; on AWS they are unset. Configuration, not code paths.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventPublisher } from '../../adapters/events/event-publisher.eventbridge';
import { REUSED_MIDDLEWARE, withoutSdkLogging } from '../../adapters/sdk/lean-client';
import { config, once } from './data';

export const events = /* @__PURE__ */ once(() => new EventBridgeEventPublisher({ client: withoutSdkLogging(new EventBridgeClient(REUSED_MIDDLEWARE)), eventBusName: config.eventBusName() }));
