/**
 * Adapters for the step handlers, built once per container on first use. Split by what they pull
 * in, so each handler's bundle carries only the clients it uses. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables and `SLACK_API_URL`: locally they point at DynamoDB Local,
 * the local engine and the outboxes; on AWS they are unset. Configuration, not code paths.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { REUSED_MIDDLEWARE, withoutSdkLogging } from '../../adapters/sdk/lean-client';
import { SfnWorkflowGateway } from '../../adapters/workflow/workflow-gateway.sfn';
import { once } from './data';

/** Steps only resume their own waits; they never start executions, so no machine ARN is needed. */
export const workflow = /* @__PURE__ */ once(() => new SfnWorkflowGateway({ client: withoutSdkLogging(new SFNClient(REUSED_MIDDLEWARE)), orderStateMachineArn: 'not-used-by-workflow-steps' }));
