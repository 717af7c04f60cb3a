/**
 * Resolves the CloudFormation intrinsics in a synthesized template to the values they take on this
 * machine, so the local runtime can run the very definitions, environment variables, rules and routes
 * that `cdk deploy` would create.
 *
 * Physical ids are deterministic and readable: a resource's local name is its logical id (or the
 * name the template gives it), and ARNs are built in a fixed local account and region.
 */

export type CfnValue = null | boolean | number | string | CfnValue[] | { [key: string]: CfnValue };

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, CfnValue>;
  readonly Metadata?: Record<string, CfnValue>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: CfnValue; Type?: string }>;
  readonly Conditions?: Record<string, CfnValue>;
  readonly Outputs?: Record<string, { Value: CfnValue }>;
}

export interface LocalEnvironment {
  readonly region: string;
  readonly accountId: string;
  /** Values for template parameters (e.g. CDK's asset parameters); their defaults otherwise. */
  readonly parameters?: Readonly<Record<string, string>>;
}

export class TemplateResolutionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'TemplateResolutionError';
  }
}

function isObject(value: unknown): value is Record<string, CfnValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A resolved value as text: strings as they are, anything else as JSON. */
function asText(value: CfnValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** The physical name a resource gets locally: the name the template gives it, else its logical id. */
export function physicalName(template: CfnTemplate, logicalId: string): string {
  const resource = template.Resources[logicalId];
  if (resource === undefined) throw new TemplateResolutionError(`no resource ${logicalId} in the template`);
  const nameProperty: Record<string, string> = {
    'AWS::Lambda::Function': 'FunctionName',
    'AWS::StepFunctions::StateMachine': 'StateMachineName',
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::DynamoDB::GlobalTable': 'TableName',
    'AWS::Events::EventBus': 'Name',
    'AWS::Events::Rule': 'Name',
    'AWS::SecretsManager::Secret': 'Name',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::SNS::Topic': 'TopicName',
    'AWS::Logs::LogGroup': 'LogGroupName',
  };
  const property = nameProperty[resource.Type];
  const given = property === undefined ? undefined : resource.Properties?.[property];
  return typeof given === 'string' ? given : logicalId;
}

export class TemplateResolver {
  public constructor(
    private readonly template: CfnTemplate,
    private readonly environment: LocalEnvironment,
  ) {}

  private arn(service: string, resource: string, region = this.environment.region): string {
    return `arn:aws:${service}:${region}:${this.environment.accountId}:${resource}`;
  }

  /** What `Ref` returns for a resource, per CloudFormation's documented return values. */
  public ref(logicalId: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Region': this.environment.region,
      'AWS::AccountId': this.environment.accountId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'local',
      'AWS::StackId': this.arn('cloudformation', 'stack/local/local'),
      'AWS::NoValue': '',
    };
    if (logicalId in pseudo) return pseudo[logicalId]!;
    const parameter = this.template.Parameters?.[logicalId];
    if (parameter !== undefined) {
      const value = this.environment.parameters?.[logicalId] ?? parameter.Default;
      return typeof value === 'string' ? value : JSON.stringify(value ?? '');
    }
    const resource = this.template.Resources[logicalId];
    if (resource === undefined) throw new TemplateResolutionError(`Ref to unknown logical id ${logicalId}`);
    const name = physicalName(this.template, logicalId);
    switch (resource.Type) {
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${name}`);
      case 'AWS::SecretsManager::Secret':
        return this.arn('secretsmanager', `secret:${name}`);
      case 'AWS::SNS::Topic':
        return this.arn('sns', name);
      case 'AWS::SQS::Queue':
        return `http://sqs.local/${this.environment.accountId}/${name}`;
      default:
        return name;
    }
  }

  /** What `Fn::GetAtt` returns for the attributes the local runtime needs. */
  public getAtt(logicalId: string, attribute: string): string {
    const resource = this.template.Resources[logicalId];
    if (resource === undefined) throw new TemplateResolutionError(`Fn::GetAtt on unknown logical id ${logicalId}`);
    const name = physicalName(this.template, logicalId);
    const byType: Record<string, () => string> = {
      'AWS::Lambda::Function': () => this.arn('lambda', `function:${name}`),
      'AWS::IAM::Role': () => `arn:aws:iam::${this.environment.accountId}:role/${name}`,
      'AWS::DynamoDB::Table': () => this.arn('dynamodb', `table/${name}`),
      'AWS::DynamoDB::GlobalTable': () => this.arn('dynamodb', `table/${name}`),
      'AWS::Events::EventBus': () => this.arn('events', `event-bus/${name}`),
      'AWS::Events::Rule': () => this.arn('events', `rule/${name}`),
      'AWS::StepFunctions::StateMachine': () => this.arn('states', `stateMachine:${name}`),
      'AWS::SQS::Queue': () => this.arn('sqs', name),
      'AWS::SNS::Topic': () => this.arn('sns', name),
      'AWS::Logs::LogGroup': () => this.arn('logs', `log-group:${name}:*`),
      'AWS::SecretsManager::Secret': () => this.arn('secretsmanager', `secret:${name}`),
      'AWS::KMS::Key': () => this.arn('kms', `key/${name}`),
    };
    if (attribute === 'Arn' && byType[resource.Type] !== undefined) return byType[resource.Type]!();
    if (resource.Type === 'AWS::StepFunctions::StateMachine' && attribute === 'Name') return name;
    if (resource.Type === 'AWS::DynamoDB::Table' && attribute === 'StreamArn') return `${this.arn('dynamodb', `table/${name}`)}/stream/local`;
    if (resource.Type === 'AWS::ApiGateway::RestApi' && attribute === 'RootResourceId') return `${name}-root`;
    if (resource.Type === 'AWS::Events::EventBus' && attribute === 'Name') return name;
    if (resource.Type === 'AWS::SQS::Queue' && attribute === 'QueueName') return name;
    // Attributes the local runtime never reads resolve to a recognisable placeholder, not an error,
    // so an unrelated resource (a dashboard, an alarm) cannot stop the app from starting.
    return `local:${logicalId}.${attribute}`;
  }

  /** Resolves every intrinsic function inside `value`. */
  public resolve(value: CfnValue): CfnValue {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = value[key]!;
      switch (key) {
        case 'Ref':
          return this.ref(asText(argument));
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(argument) ? argument : asText(argument).split('.');
          return this.getAtt(asText(logicalId), asText(attribute));
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, CfnValue];
          const resolved = this.resolve(parts);
          if (!Array.isArray(resolved)) throw new TemplateResolutionError('Fn::Join takes a list of values');
          return resolved.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(separator);
        }
        case 'Fn::Sub':
          return this.sub(argument);
        case 'Fn::Select': {
          const [index, list] = argument as [CfnValue, CfnValue];
          const resolvedList = this.resolve(list);
          if (!Array.isArray(resolvedList)) throw new TemplateResolutionError('Fn::Select takes a list');
          return resolvedList[Number(this.resolve(index))] ?? null;
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, CfnValue];
          return asText(this.resolve(text)).split(separator);
        }
        case 'Fn::If': {
          const [condition, whenTrue, whenFalse] = argument as [string, CfnValue, CfnValue];
          return this.resolve(this.condition(condition) ? whenTrue : whenFalse);
        }
        case 'Fn::ImportValue':
          throw new TemplateResolutionError(`Fn::ImportValue (${JSON.stringify(argument)}) is not supported locally; deploy one stack`);
        default:
          break;
      }
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item)]));
  }

  private sub(argument: CfnValue): string {
    const [text, variables] = Array.isArray(argument) ? (argument as [string, Record<string, CfnValue>]) : [asText(argument), {}];
    return text.replace(/\$\{([^}!]+)\}/g, (_match, name: string) => {
      if (name in variables) return asText(this.resolve(variables[name]!));
      if (name.includes('.')) {
        const [logicalId, attribute] = name.split('.', 2) as [string, string];
        return this.getAtt(logicalId, attribute);
      }
      return this.ref(name);
    });
  }

  private condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new TemplateResolutionError(`unknown condition ${name}`);
    return this.evaluateCondition(expression);
  }

  private evaluateCondition(expression: CfnValue): boolean {
    if (!isObject(expression)) return Boolean(expression);
    const [key, argument] = Object.entries(expression)[0] ?? [];
    const args = Array.isArray(argument) ? argument : [];
    switch (key) {
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(args[0] ?? null)) === JSON.stringify(this.resolve(args[1] ?? null));
      case 'Fn::Not':
        return !this.evaluateCondition(args[0] ?? null);
      case 'Fn::And':
        return args.every((item) => this.evaluateCondition(item));
      case 'Fn::Or':
        return args.some((item) => this.evaluateCondition(item));
      case 'Condition':
        return this.condition(asText(argument));
      default:
        throw new TemplateResolutionError(`unsupported condition ${JSON.stringify(expression)}`);
    }
  }

  /** The resources of a type, with their properties resolved. */
  public resourcesOfType(type: string): { logicalId: string; name: string; properties: Record<string, CfnValue>; metadata: Record<string, CfnValue> }[] {
    return Object.entries(this.template.Resources)
      .filter(([, resource]) => resource.Type === type && (resource.Condition === undefined || this.condition(resource.Condition)))
      .map(([logicalId, resource]) => ({
        logicalId,
        name: physicalName(this.template, logicalId),
        properties: this.resolve(resource.Properties ?? {}) as Record<string, CfnValue>,
        metadata: resource.Metadata ?? {},
      }));
  }
}
