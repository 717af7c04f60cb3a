/** The stack synthesized once per test file, without bundling (fast, offline). */
import { Template } from 'aws-cdk-lib/assertions';
import { synthesizeTemplate } from '../../../infra/scripts/workflow-docs';
import type { CfnTemplate } from '../../../infra/scripts/synthesized-workflows';

let cached: CfnTemplate | undefined;

export function synthesized(): { json: CfnTemplate; template: Template } {
  cached ??= synthesizeTemplate();
  return { json: cached, template: Template.fromJSON(cached) };
}
