/**
 * The CDK app: one MtoFlow stack per stage, settings from context (docs/deploy.md), cdk-nag's
 * AwsSolutions and Serverless packs applied to everything (suppressions carry their reasons).
 * `npx cdk synth` needs no AWS account: the stack is environment-agnostic unless CDK_DEFAULT_* are set.
 */
import { App, Validations } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import { applyNagSuppressions } from './nag-suppressions';
import { readSettings } from './settings';
import { MtoFlowStack } from './stacks/mto-flow-stack';

// cdk-nag is CommonJS whose named exports Node's ESM loader cannot see: take them off the default export.
const { AwsSolutionsChecks, ServerlessChecks } = cdkNag;

/** Builds the app; tests call this with their own context. */
export function buildApp(app: App = new App()): { app: App; stack: MtoFlowStack } {
  const settings = readSettings(app.node);
  const stack = new MtoFlowStack(app, `MtoFlow-${settings.stage}`, {
    settings,
    description: `mto-flow (${settings.stage}): make-to-order orchestration on Step Functions`,
    ...(process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }
      : {}),
  });
  applyNagSuppressions(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}` || process.argv[1]?.endsWith('infra/app.ts')) {
  buildApp().app.synth();
}
