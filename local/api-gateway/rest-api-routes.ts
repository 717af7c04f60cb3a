/**
 * Reads an API Gateway REST API out of a synthesized template: each AWS::ApiGateway::Method with its
 * full resource path (walked up through AWS::ApiGateway::Resource parents), its authorization, and
 * the Lambda function its AWS_PROXY integration invokes.
 */
import type { CfnValue, TemplateResolver } from '../cloud-assembly/template-resolver';

export type LocalRouteAuthorization = 'none' | 'api-key' | 'iam';

export interface LocalRoute {
  readonly restApi: string;
  readonly method: string;
  /** The resource path with its parameters in braces: `/orders/{orderId}`. */
  readonly resourcePath: string;
  readonly authorization: LocalRouteAuthorization;
  /** The Lambda function ARN behind the proxy integration. */
  readonly functionArn: string;
}

export class RestApiReadError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RestApiReadError';
  }
}

function text(value: CfnValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export function readRestApiRoutes(resolver: TemplateResolver): LocalRoute[] {
  const apis = resolver.resourcesOfType('AWS::ApiGateway::RestApi');
  const rootOf = new Map(apis.map((api) => [`${api.name}-root`, api.name]));
  const resources = new Map(
    resolver.resourcesOfType('AWS::ApiGateway::Resource').map((resource) => [
      resource.name,
      { parent: text(resource.properties.ParentId), pathPart: text(resource.properties.PathPart) },
    ]),
  );
  const pathOf = (resourceId: string): string => {
    if (rootOf.has(resourceId)) return '';
    const resource = resources.get(resourceId);
    if (resource === undefined) throw new RestApiReadError(`API Gateway resource ${resourceId} is not in the template`);
    return `${pathOf(resource.parent)}/${resource.pathPart}`;
  };

  const routes: LocalRoute[] = [];
  for (const method of resolver.resourcesOfType('AWS::ApiGateway::Method')) {
    const properties = method.properties;
    const httpMethod = text(properties.HttpMethod);
    if (httpMethod === 'OPTIONS') continue;
    const integration = (properties.Integration ?? {}) as Record<string, CfnValue>;
    if (integration.Type !== 'AWS_PROXY') continue;
    const uri = text(integration.Uri);
    const functionArn = /functions\/(arn:aws:lambda:[^/]+)\/invocations/.exec(uri)?.[1];
    if (functionArn === undefined) throw new RestApiReadError(`method ${method.logicalId} does not integrate a Lambda function (${uri})`);
    const authorizationType = text(properties.AuthorizationType ?? 'NONE');
    routes.push({
      restApi: text(properties.RestApiId),
      method: httpMethod,
      resourcePath: pathOf(text(properties.ResourceId)) || '/',
      authorization: authorizationType === 'AWS_IAM' ? 'iam' : properties.ApiKeyRequired === true ? 'api-key' : 'none',
      functionArn: functionArn.replace(/:\$\{Stage\}$/, ''),
    });
  }
  return routes;
}
