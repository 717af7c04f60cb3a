/**
 * How every mto-flow Lambda is built: Node.js 22 on arm64, bundled locally by esbuild (no Docker),
 * X-Ray tracing, a log group with a retention, and metadata naming its source file so the local
 * runtime can map the deployed function back to the handler it runs.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';

/** Repository root: entries and the lock file are resolved from here, whatever the CWD. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** CloudFormation metadata keys the local runtime reads (see docs/deploy.md). */
export const METADATA = {
  /** The handler module, relative to the repository root (it exports `handler`). */
  entry: 'mto:entry',
  /** `step` (a workflow step), `http` (an API route). */
  kind: 'mto:kind',
  /** The step name or the route's operationId. */
  name: 'mto:name',
} as const;

export interface MtoFunctionProps {
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  readonly kind: 'step' | 'http';
  readonly name: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class MtoFunction extends Construct {
  public readonly function: NodejsFunction;

  public constructor(scope: Construct, id: string, props: MtoFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // Its own role instead of the AWS-managed basic execution policy: it may write to its own log
    // group only, and gets further grants one by one.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `mto-flow ${props.kind} ${props.name}`.slice(0, 1000),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      description: props.description,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        // The Lambda runtime ships the AWS SDK v3; leaving it out keeps bundles small and cold starts short.
        externalModules: ['@aws-sdk/*'],
        // ESM (index.mjs): the local runtime imports the very same bundle from cdk.out, inside a
        // repository whose package.json says "type": "module". The banner gives bundled CommonJS
        // dependencies the `require` they expect.
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: "import { createRequire as __mtoCreateRequire } from 'node:module'; const require = __mtoCreateRequire(import.meta.url);",
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        forceDockerBundling: false,
      },
    });
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.addMetadata(METADATA.entry, props.entry);
    cfn.addMetadata(METADATA.kind, props.kind);
    cfn.addMetadata(METADATA.name, props.name);
  }
}
