/**
 * Everything `cdk deploy` puts into a manufacturer's account for one stage: data, events, secrets,
 * notifications, the workflow steps and state machines, the API and observability. One stack, so
 * the local runtime reads one template (cdk.out/MtoFlow-<stage>.template.json).
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { seedCatalog } from '../../functions/domain/catalog/seed';
import { ROUTES, type RouteDefinition } from '../../functions/http/routes';
import { ENV } from '../../functions/shared/config';
import { HumanApprovalWorkflow } from '../../workflows/human-approval.workflow';
import { OrderLifecycleWorkflow } from '../../workflows/order-lifecycle.workflow';
import { ProcurementWorkflow } from '../../workflows/procurement.workflow';
import { STEP_NAMES, stepEntry, type StepFunctionSet } from '../../workflows/step-names';
import type { MachineOptions } from '../../workflows/workflow-kit';
import { Api } from '../constructs/api';
import { Data } from '../constructs/data';
import { Events } from '../constructs/events';
import { MtoFunction, PROJECT_ROOT } from '../constructs/node-function';
import { Notifications } from '../constructs/notifications';
import { Observability } from '../constructs/observability';
import { ROUTE_ACCESS } from '../constructs/route-permissions';
import { Secrets } from '../constructs/secrets';
import { STEP_ACCESS } from '../constructs/step-permissions';
import type { Settings } from '../settings';

export interface MtoFlowStackProps extends StackProps {
  readonly settings: Settings;
}

/** Construct ids of the state machines: stable (renaming replaces the machine), read by docs and tests. */
export const WORKFLOW_IDS = { lifecycle: 'OrderLifecycle', approval: 'HumanApproval', procurement: 'Procurement' } as const;

export class MtoFlowStack extends Stack {
  public readonly stepFunctions: StepFunctionSet;
  public readonly stateMachines: Readonly<Record<keyof typeof WORKFLOW_IDS, sfn.StateMachine>>;
  public readonly api: Api;
  public readonly stage: string;

  public constructor(scope: Construct, id: string, props: MtoFlowStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.stage = settings.stage;
    Tags.of(this).add('app', 'mto-flow');
    Tags.of(this).add('stage', settings.stage);
    const removalPolicy = settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = logs.RetentionDays.THREE_MONTHS;
    const secretsPrefix = `mto-flow-${settings.stage}`;

    const data = new Data(this, 'Data', { retainData: settings.retainData });
    const events = new Events(this, 'Events', { stage: settings.stage, retainData: settings.retainData, ...(settings.alarmEmail === undefined ? {} : { alarmEmail: settings.alarmEmail }) });
    const secrets = new Secrets(this, 'Secrets', { prefix: secretsPrefix, supplierIds: seedCatalog.suppliers.map((supplier) => supplier.supplierId), retainData: settings.retainData });
    const notifications = new Notifications(this, 'Notifications', { senderEmail: settings.senderEmail, stage: settings.stage });

    // The API exists before the steps so approval links can point at it; the route functions are
    // created inside it (see below) once the state machines exist.
    const routeFunctions: { route: RouteDefinition; fn: lambda.IFunction }[] = [];
    this.api = new Api(this, 'Api', {
      stage: settings.stage,
      routes: routesToDeploy(this),
      removalPolicy,
      functionFor: (route) => {
        const fn = new MtoFunction(this, `Route-${route.operationId}`, {
          entry: route.entry,
          kind: 'http',
          name: route.operationId,
          description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
          environment: {},
          logRetention,
          removalPolicy,
        }).function;
        routeFunctions.push({ route, fn });
        return fn;
      },
    });
    const publicBaseUrl = settings.publicBaseUrl ?? this.api.defaultPublicBaseUrl(settings.stage);

    const commonEnvironment: Record<string, string> = {
      [ENV.stage]: settings.stage,
      [ENV.tableName]: data.table.tableName,
      [ENV.eventBusName]: events.bus.eventBusName,
      [ENV.secretsPrefix]: secretsPrefix,
      [ENV.publicBaseUrl]: publicBaseUrl,
      [ENV.senderEmail]: settings.senderEmail,
      [ENV.sesConfigurationSet]: notifications.configurationSet.configurationSetName,
      [ENV.slackChannel]: settings.slackChannel,
      [ENV.approvers]: JSON.stringify(settings.approvers),
      [ENV.thresholds]: JSON.stringify(settings.thresholds),
      [ENV.businessCalendar]: JSON.stringify(settings.businessCalendar),
      POWERTOOLS_METRICS_NAMESPACE: 'mto-flow',
    };

    // ---- workflow steps: one function per step, each with only what it uses ----
    const stepFunctions = {} as Record<(typeof STEP_NAMES)[number], lambda.IFunction>;
    for (const name of STEP_NAMES) {
      const access = STEP_ACCESS[name];
      const fn = new MtoFunction(this, `Step-${name}`, {
        entry: stepEntry(name),
        kind: 'step',
        name,
        description: `mto-flow workflow step ${name}`,
        environment: { ...commonEnvironment, POWERTOOLS_SERVICE_NAME: `mto-flow-${name}` },
        logRetention,
        removalPolicy,
      }).function;
      if (access.table === 'read') data.table.grantReadData(fn);
      else data.table.grantReadWriteData(fn);
      if (access.events) events.bus.grantPutEventsTo(fn);
      if (access.email) grantSendEmail(fn, notifications);
      if (access.slack) secrets.slackBotToken.grantRead(fn);
      if (access.linkSigning) secrets.linkSigningKey.grantRead(fn);
      stepFunctions[name] = fn;
    }
    this.stepFunctions = stepFunctions;

    // ---- state machines ----
    const machine = (name: string): MachineOptions => ({
      workflowName: name,
      stateMachineName: `mto-flow-${settings.stage}-${name}`,
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, `${name}ExecutionLogs`, { retention: logRetention, removalPolicy }),
        level: sfn.LogLevel.ALL,
        // Execution data carries task tokens in step payloads: keep it out of the logs.
        includeExecutionData: false,
      },
    });
    const approval = new HumanApprovalWorkflow(this, WORKFLOW_IDS.approval, { steps: stepFunctions, machine: machine('human-approval') }).stateMachine;
    const procurement = new ProcurementWorkflow(this, WORKFLOW_IDS.procurement, { steps: stepFunctions, machine: machine('procurement') }).stateMachine;
    const lifecycleMachine = new OrderLifecycleWorkflow(this, WORKFLOW_IDS.lifecycle, {
      steps: stepFunctions,
      approval,
      procurement,
      machine: machine('order-lifecycle'),
      shopFloorHeartbeat: Duration.minutes(settings.thresholds.shopFloorHeartbeatMinutes),
    }).stateMachine;
    this.stateMachines = { lifecycle: lifecycleMachine, approval, procurement };
    for (const name of STEP_NAMES) {
      if (!STEP_ACCESS[name].taskResponse) continue;
      // By name, not by reference: the machine already depends on this function (it invokes it).
      stepFunctions[name].addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: `mto-flow-${settings.stage}-human-approval`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      );
    }

    // ---- the API's functions: environment and grants, now that everything they use exists ----
    for (const { route, fn } of routeFunctions) {
      const access = ROUTE_ACCESS[route.operationId as keyof typeof ROUTE_ACCESS];
      const environment: Record<string, string> = {
        ...commonEnvironment,
        POWERTOOLS_SERVICE_NAME: `mto-flow-api-${route.operationId}`,
        ORDER_STATE_MACHINE_ARN: lifecycleMachine.stateMachineArn,
      };
      for (const [key, value] of Object.entries(environment)) (fn as lambda.Function).addEnvironment(key, value);
      if (access.table === 'read') data.table.grantReadData(fn);
      if (access.table === 'read-write') data.table.grantReadWriteData(fn);
      if (access.events) events.bus.grantPutEventsTo(fn);
      if (access.startExecution) lifecycleMachine.grantStartExecution(fn);
      if (access.stopExecution) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executionArnPattern(this, `mto-flow-${settings.stage}-order-lifecycle`)] }));
      }
      if (access.taskResponse) for (const stateMachine of Object.values(this.stateMachines)) stateMachine.grantTaskResponse(fn);
      for (const secret of access.secrets) {
        if (secret === 'link-signing') secrets.linkSigningKey.grantRead(fn);
        if (secret === 'slack-signing') secrets.slackSigningSecret.grantRead(fn);
        if (secret === 'slack-bot') secrets.slackBotToken.grantRead(fn);
        if (secret === 'supplier-webhooks') for (const supplierSecret of secrets.supplierWebhookSecrets) supplierSecret.grantRead(fn);
      }
    }

    new Observability(this, 'Observability', {
      stage: settings.stage,
      stateMachines: { [WORKFLOW_IDS.lifecycle]: lifecycleMachine, [WORKFLOW_IDS.approval]: approval, [WORKFLOW_IDS.procurement]: procurement },
      functions: [...Object.values(stepFunctions), ...routeFunctions.map(({ fn }) => fn)],
      deadLetterQueues: [events.deadLetterQueue],
      restApi: this.api.restApi,
      alertTopic: events.alertTopic,
      failedExecutionsThreshold: settings.thresholds.failedExecutionsAlarm,
    });
  }
}

/**
 * The doors' routes whose handler exists. A missing handler fails synth naming it, unless the
 * development-only context flag `mto:skipMissingRoutes` is set (while the doors are being written).
 */
function routesToDeploy(scope: Construct): readonly RouteDefinition[] {
  const missing = ROUTES.filter((route) => !existsSync(path.join(PROJECT_ROOT, route.entry)));
  if (missing.length === 0) return ROUTES;
  const skip: unknown = scope.node.tryGetContext('mto:skipMissingRoutes');
  if (skip === true || skip === 'true') return ROUTES.filter((route) => !missing.includes(route));
  throw new Error(`Route handlers missing (functions/http/routes.ts names them): ${missing.map((route) => `${route.operationId} -> ${route.entry}`).join(', ')}`);
}

/** Lets a function send email from the sender identity with the configuration set, nothing else. */
function grantSendEmail(fn: lambda.IFunction, notifications: Notifications): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: notifications.identity.emailIdentityName }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: notifications.configurationSet.configurationSetName }),
      ],
    }),
  );
}

/** ARN pattern of the executions of one state machine (by name). */
function executionArnPattern(stack: Stack, stateMachineName: string): string {
  return stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
