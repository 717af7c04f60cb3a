/**
 * The HTTP API: one API Gateway REST method and one Lambda per entry of the doors' route table
 * (functions/http/routes.ts), so the API, its OpenAPI document and the local runtime cannot drift.
 * `api-key` routes need an API key of the usage plan; `iam` routes need SigV4; `none` routes verify
 * a signature in code (signed links, Slack, Standard Webhooks) or are public.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../../functions/http/routes';

export interface ApiProps {
  readonly stage: string;
  readonly routes: readonly RouteDefinition[];
  /** Builds the function of one route (infra decides its environment and grants). */
  readonly functionFor: (route: RouteDefinition) => lambda.IFunction;
  readonly removalPolicy: RemovalPolicy;
}

export class Api extends Construct {
  public readonly restApi: apigateway.RestApi;
  public readonly functions: ReadonlyMap<string, lambda.IFunction>;

  public constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: props.removalPolicy });
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      restApiName: `mto-flow-${props.stage}`,
      description: 'mto-flow: order intake and queries, approvals, Slack, supplier and shop-floor callbacks.',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: props.stage,
        tracingEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
      },
      endpointTypes: [apigateway.EndpointType.REGIONAL],
    });
    const validator = this.restApi.addRequestValidator('Validator', { validateRequestBody: false, validateRequestParameters: true });
    const functions = new Map<string, lambda.IFunction>();
    for (const route of props.routes) {
      const fn = props.functionFor(route);
      functions.set(route.operationId, fn);
      const resource = this.restApi.root.resourceForPath(route.path);
      resource.addMethod(route.method, new apigateway.LambdaIntegration(fn), {
        operationName: route.operationId,
        requestValidator: validator,
        apiKeyRequired: route.authorization === 'api-key',
        authorizationType: route.authorization === 'iam' ? apigateway.AuthorizationType.IAM : apigateway.AuthorizationType.NONE,
      });
    }
    this.functions = functions;
    const plan = this.restApi.addUsagePlan('CustomerSystems', {
      name: `mto-flow-${props.stage}-customer-systems`,
      description: "Shops, CRMs and ERPs placing and reading orders; one API key each.",
      throttle: { rateLimit: 20, burstLimit: 40 },
      apiStages: [{ api: this.restApi, stage: this.restApi.deploymentStage }],
    });
    plan.addApiKey(this.restApi.addApiKey('DefaultCustomerKey', { description: 'First customer-system key; add one per system.' }));
  }

  /** The URL base approval links use when no public base URL is configured (no dependency on the deployment). */
  public defaultPublicBaseUrl(stage: string): string {
    const stack = Stack.of(this);
    return `https://${this.restApi.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${stage}`;
  }
}
