/**
 * cdk-nag findings we accept, each with its reason (CDK's `Validations.of(...).acknowledge`, cdk-nag
 * v3). Kept in one file so a reviewer sees every exception at once. Wildcard *actions* are never
 * acknowledged: every finding here is about a resource pattern, a managed runtime choice or a
 * control that is implemented elsewhere.
 */
import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { ROUTES } from '../functions/http/routes';
import type { MtoFlowStack } from './stacks/mto-flow-stack';

const acknowledge = (scope: IConstruct, id: string, reason: string): void => Validations.of(scope).acknowledge({ id, reason });

export function applyNagSuppressions(stack: MtoFlowStack): void {
  // ---- stack-wide ----
  for (const id of ['AwsSolutions::AwsSolutions-L1', 'Serverless::Serverless-LambdaLatestVersion']) {
    acknowledge(stack, id, 'Functions run on nodejs22.x, the runtime mto-flow is built and tested for (docs/decisions/0001); moving to a newer runtime is a deliberate, tested upgrade.');
  }
  acknowledge(stack, 'Serverless::Serverless-LambdaDLQ', 'No function is invoked asynchronously: Step Functions and API Gateway invoke synchronously and handle failures (Retry/Catch, HTTP errors), so a Lambda DLQ would never receive anything.');
  acknowledge(stack, 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and Step Functions log delivery (logs:*LogDelivery, DescribeResourcePolicies) do not support resource-level permissions.');
  const table = stack.node.findAll().find((child) => child.node.path.endsWith('/Data/Table'));
  if (table !== undefined) {
    const tableId = stack.getLogicalId(table.node.defaultChild as never);
    acknowledge(stack, `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`, "Queries by status, customer, parent order and supplier use the table's two GSIs (docs/data-model.md); the grant covers exactly this table's indexes.");
  }
  acknowledge(stack, 'AwsSolutions::AwsSolutions-SMG4', 'The link-signing key rotates by adding the next key beside the current one (the key list, functions/shared/security/secret-names.ts); Slack tokens and supplier webhook secrets are issued by third parties and rotated with them (docs/deploy.md).');

  // ---- workflows: invoking versions of the step functions, managing child executions ----
  for (const fn of Object.values(stack.stepFunctions)) {
    const fnId = stack.getLogicalId((fn as lambda.Function).node.defaultChild as lambda.CfnFunction);
    acknowledge(stack, `AwsSolutions::AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`, 'Step Functions may invoke any version/alias of this one step function (CDK LambdaInvoke grant); no other function.');
  }
  for (const machine of [stack.stateMachines.approval, stack.stateMachines.procurement]) {
    const machineId = stack.getLogicalId(machine.node.defaultChild as never);
    acknowledge(
      stack,
      `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}*]`,
      'startExecution.sync:2 describes and stops the child executions of this one child machine, whose names are not known in advance.',
    );
  }

  acknowledge(
    stack,
    `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:mto-flow-${stack.stage}-order-lifecycle:*]`,
    'Cancelling and changing an order stops its lifecycle execution, named after the order; only executions of the lifecycle machine.',
  );

  // ---- events: the dead-letter queue is itself the DLQ ----
  for (const id of ['AwsSolutions::AwsSolutions-SQS3', 'Serverless::Serverless-SQSRedrivePolicy']) {
    acknowledge(stack, id, 'This queue is the dead-letter queue of the alert rule target; it has no DLQ of its own by design and is alarmed on depth.');
  }

  // ---- API ----
  acknowledge(stack, 'AwsSolutions::AwsSolutions-APIG2', 'Bodies are validated in each handler with zod and rejected as problem+json naming the field and rule (docs/api.md); API Gateway validates path/query parameters.');
  acknowledge(stack, 'AwsSolutions::AwsSolutions-APIG3', 'WAF is an account-level choice of the operator (docs/deploy.md); the stage has throttling and the usage plan quotas.');
  acknowledge(
    stack,
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    "API Gateway's account-level CloudWatch role must use this AWS-managed policy to write execution logs.",
  );
  const authorizationOf = new Map<string, string>(ROUTES.map((route) => [route.operationId, route.authorization]));
  for (const child of stack.node.findAll()) {
    if (!(child instanceof apigateway.Method)) continue;
    const operation = (child.node.defaultChild as apigateway.CfnMethod).operationName;
    const authorization = operation === undefined ? undefined : authorizationOf.get(operation);
    if (authorization === 'none') {
      for (const id of ['AwsSolutions::AwsSolutions-APIG4', 'AwsSolutions::AwsSolutions-COG4']) {
        acknowledge(child, id, 'Authenticated in the handler by a signature it verifies (HMAC-signed approval link, Slack v0 signature, Standard Webhooks) or public by design (the OpenAPI document); see docs/api.md.');
      }
    } else if (authorization !== undefined) {
      if (authorization === 'api-key') {
        acknowledge(child, 'AwsSolutions::AwsSolutions-APIG4', 'Customer systems (shop, CRM, ERP) authenticate with an API key of the usage plan, which also throttles and meters them per system (docs/api.md).');
      }
      acknowledge(child, 'AwsSolutions::AwsSolutions-COG4', 'Callers are systems, not end users: SigV4 (IAM) for the manufacturer\'s own systems, API keys with a usage plan for customer systems (docs/api.md).');
    }
  }
}
