/**
 * What a synthesized stack asks for, read into the pieces the local runtime runs: functions (with
 * their bundled code and environment), state machines (with their definitions), DynamoDB tables,
 * event rules, secrets and API routes. Everything comes from `cdk.out`, nothing is written twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRestApiRoutes, type LocalRoute } from '../api-gateway/rest-api-routes';
import type { LocalRule } from '../event-bus/local-event-bus';
import type { LocalFunctionSpec } from '../functions/function-host';
import { TemplateResolver, type CfnTemplate, type CfnValue, type LocalEnvironment } from './template-resolver';

export class CloudAssemblyError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'CloudAssemblyError';
  }
}

export interface LocalStateMachine {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: string;
  readonly roleArn: string;
}

export interface LocalTable {
  readonly logicalId: string;
  readonly name: string;
  /** The CreateTable request, as the template describes the table. */
  readonly createTableInput: Record<string, unknown>;
  readonly ttlAttribute?: string;
}

export interface LocalSecretSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** A value the template fixes (SecretString); otherwise the runtime generates one. */
  readonly fixedValue?: string;
  readonly generate?: { readonly passwordLength?: number; readonly excludePunctuation?: boolean; readonly secretStringTemplate?: string; readonly generateStringKey?: string };
}

export interface LocalApp {
  readonly stackName: string;
  readonly functions: readonly LocalFunctionSpec[];
  readonly stateMachines: readonly LocalStateMachine[];
  readonly tables: readonly LocalTable[];
  readonly rules: readonly LocalRule[];
  readonly secrets: readonly LocalSecretSpec[];
  readonly routes: readonly LocalRoute[];
  readonly resolver: TemplateResolver;
}

interface Manifest {
  readonly artifacts?: Record<string, { readonly type: string; readonly properties?: { readonly templateFile?: string } }>;
}

/** Finds the stack templates in a cloud assembly (`cdk.out/manifest.json`). */
export function listStackTemplates(cdkOutDir: string): { stackName: string; templatePath: string }[] {
  const manifestPath = join(cdkOutDir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new CloudAssemblyError(`no cloud assembly at ${cdkOutDir} (run \`npx cdk synth\` first)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile !== undefined)
    .map(([stackName, artifact]) => ({ stackName, templatePath: join(cdkOutDir, artifact.properties!.templateFile!) }));
}

function text(value: CfnValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function asObject(value: CfnValue | undefined): Record<string, CfnValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** Where the code of a bundled function is: the asset folder CDK recorded, and its entry file. */
function functionModule(cdkOutDir: string, logicalId: string, handler: string, metadata: Record<string, CfnValue>): { modulePath: string; handlerExport: string } {
  const assetPath = metadata['aws:asset:path'];
  if (typeof assetPath !== 'string') {
    throw new CloudAssemblyError(`function ${logicalId} has no aws:asset:path metadata: synthesize with asset metadata on (the CDK CLI default)`);
  }
  const dot = handler.lastIndexOf('.');
  const file = handler.slice(0, dot);
  const handlerExport = handler.slice(dot + 1);
  const directory = join(cdkOutDir, assetPath);
  const candidate = ['.mjs', '.js', '.cjs'].map((extension) => join(directory, `${file}${extension}`)).find((path) => existsSync(path));
  if (candidate === undefined) throw new CloudAssemblyError(`function ${logicalId}: no ${file}.mjs or ${file}.js in ${directory} (was it bundled? run \`npx cdk synth\`)`);
  return { modulePath: candidate, handlerExport };
}

export function readLocalApp(cdkOutDir: string, environment: LocalEnvironment, stackName?: string): LocalApp {
  const stacks = listStackTemplates(cdkOutDir);
  const stack = stackName === undefined ? stacks[0] : stacks.find((candidate) => candidate.stackName === stackName);
  if (stack === undefined) {
    throw new CloudAssemblyError(stackName === undefined ? `no stack in ${cdkOutDir}` : `no stack ${stackName} in ${cdkOutDir}; found ${stacks.map((s) => s.stackName).join(', ')}`);
  }
  if (stackName === undefined && stacks.length > 1) {
    throw new CloudAssemblyError(`several stacks in ${cdkOutDir} (${stacks.map((s) => s.stackName).join(', ')}); name one`);
  }
  const template = JSON.parse(readFileSync(stack.templatePath, 'utf8')) as CfnTemplate;
  const resolver = new TemplateResolver(template, environment);

  const functions: LocalFunctionSpec[] = resolver.resourcesOfType('AWS::Lambda::Function').map((fn) => {
    const variables = asObject(asObject(fn.properties.Environment).Variables);
    return {
      name: fn.name,
      arn: resolver.getAtt(fn.logicalId, 'Arn'),
      ...functionModule(cdkOutDir, fn.logicalId, text(fn.properties.Handler ?? 'index.handler'), fn.metadata),
      environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, text(value)])),
      timeoutSeconds: typeof fn.properties.Timeout === 'number' ? fn.properties.Timeout : 3,
      memoryMb: typeof fn.properties.MemorySize === 'number' ? fn.properties.MemorySize : 128,
    };
  });

  const stateMachines: LocalStateMachine[] = resolver.resourcesOfType('AWS::StepFunctions::StateMachine').map((machine) => {
    let definition = typeof machine.properties.DefinitionString === 'string' ? machine.properties.DefinitionString : JSON.stringify(machine.properties.Definition ?? {});
    for (const [key, value] of Object.entries(asObject(machine.properties.DefinitionSubstitutions))) {
      definition = definition.split(`\${${key}}`).join(text(value));
    }
    return {
      logicalId: machine.logicalId,
      name: machine.name,
      arn: resolver.ref(machine.logicalId),
      type: machine.properties.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      definition,
      roleArn: typeof machine.properties.RoleArn === 'string' ? machine.properties.RoleArn : `arn:aws:iam::${environment.accountId}:role/local`,
    };
  });

  const tables: LocalTable[] = resolver.resourcesOfType('AWS::DynamoDB::Table').map((table) => {
    const p = table.properties;
    const ttl = asObject(p.TimeToLiveSpecification);
    const input: Record<string, unknown> = {
      TableName: table.name,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
    };
    if (Array.isArray(p.GlobalSecondaryIndexes) && p.GlobalSecondaryIndexes.length > 0) {
      input.GlobalSecondaryIndexes = p.GlobalSecondaryIndexes.map((index) => {
        const { IndexName, KeySchema, Projection } = asObject(index);
        return { IndexName, KeySchema, Projection };
      });
    }
    return { logicalId: table.logicalId, name: table.name, createTableInput: input, ...(ttl.Enabled === true ? { ttlAttribute: text(ttl.AttributeName) } : {}) };
  });

  const rules: LocalRule[] = resolver
    .resourcesOfType('AWS::Events::Rule')
    .filter((rule) => rule.properties.State !== 'DISABLED' && rule.properties.EventPattern !== undefined)
    .map((rule) => ({
      name: rule.name,
      busName: text(rule.properties.EventBusName ?? 'default').split('/').pop() ?? 'default',
      pattern: rule.properties.EventPattern,
      targets: (Array.isArray(rule.properties.Targets) ? rule.properties.Targets : []).map((target) => {
        const t = asObject(target);
        const transformer = asObject(t.InputTransformer);
        return {
          id: text(t.Id),
          arn: text(t.Arn),
          ...(t.Input === undefined ? {} : { input: text(t.Input) }),
          ...(t.InputPath === undefined ? {} : { inputPath: text(t.InputPath) }),
          ...(t.InputTransformer === undefined
            ? {}
            : { inputTransformer: { inputTemplate: text(transformer.InputTemplate), inputPathsMap: Object.fromEntries(Object.entries(asObject(transformer.InputPathsMap)).map(([k, v]) => [k, text(v)])) } }),
        };
      }),
    }));

  const secrets: LocalSecretSpec[] = resolver.resourcesOfType('AWS::SecretsManager::Secret').map((secret) => {
    const generate = asObject(secret.properties.GenerateSecretString);
    return {
      logicalId: secret.logicalId,
      name: secret.name,
      arn: resolver.ref(secret.logicalId),
      ...(typeof secret.properties.SecretString === 'string' ? { fixedValue: secret.properties.SecretString } : {}),
      ...(secret.properties.GenerateSecretString === undefined
        ? {}
        : {
            generate: {
              ...(typeof generate.PasswordLength === 'number' ? { passwordLength: generate.PasswordLength } : {}),
              ...(typeof generate.ExcludePunctuation === 'boolean' ? { excludePunctuation: generate.ExcludePunctuation } : {}),
              ...(typeof generate.SecretStringTemplate === 'string' ? { secretStringTemplate: generate.SecretStringTemplate } : {}),
              ...(typeof generate.GenerateStringKey === 'string' ? { generateStringKey: generate.GenerateStringKey } : {}),
            },
          }),
    };
  });

  return { stackName: stack.stackName, functions, stateMachines, tables, rules, secrets, routes: readRestApiRoutes(resolver), resolver };
}
