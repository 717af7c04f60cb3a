/** Builder of the doors' workflow gateway (Step Functions), for composeDoorDependencies. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { REUSED_MIDDLEWARE, withoutSdkLogging } from '../../adapters/sdk/lean-client';
import { SfnWorkflowGateway } from '../../adapters/workflow/workflow-gateway.sfn';
import type { DoorAdapterBuilder } from './door-composition';

export const workflowGateway: DoorAdapterBuilder<'workflow'> = (config) => new SfnWorkflowGateway({ client: withoutSdkLogging(new SFNClient(REUSED_MIDDLEWARE)), orderStateMachineArn: config.orderStateMachineArn() });
