import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/app';

describe('the CDK app under cdk-nag', () => {
  describe('AwsSolutions and Serverless packs', () => {
    it('synthesizes with no unacknowledged error (every acknowledgement carries a reason)', () => {
      // Prepare: the real app, bundling off (the rules read the template, not the bundles)
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: undefined });
      const { stack } = buildApp(app);
      // Act: synthesis runs the validation plugins and throws "Validation failed" on any error
      const assembly = app.synth();
      // Assess
      expect(assembly.getStackByName(stack.stackName).template).toHaveProperty('Resources');
      const acknowledged = stack.node.findAll().flatMap((child) => child.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules'));
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const entry of acknowledged) {
        for (const rule of Object.values(entry.data as Record<string, { reason?: string }>)) {
          expect(typeof rule === 'string' ? rule : rule.reason ?? '').toMatch(/\w{4,}.*\w{4,}/);
        }
      }
    }, 180_000);
  });
});
