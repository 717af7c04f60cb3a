import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSettingError, readSettings } from '../../../infra/settings';
import { STEP_NAMES, stepEntry } from '../../../workflows/step-names';
import { STEP_ACCESS } from '../../../infra/constructs/step-permissions';
import { detailTypeOf } from '../../../functions/adapters/events/event-catalog';
import { synthesized } from './synthesized-template';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> };

/** Every policy statement attached to the role of the function built for `entry`. */
function statementsOf(resources: Record<string, Resource>, entry: string): Statement[] {
  const fnId = Object.keys(resources).find((id) => resources[id]?.Type === 'AWS::Lambda::Function' && resources[id]?.Metadata?.['mto:entry'] === entry);
  const role = (resources[fnId ?? '']?.Properties?.Role as { 'Fn::GetAtt': [string] } | undefined)?.['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties?.Roles).includes(`"${role}"`))
    .flatMap((resource) => (resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

describe('MtoFlowStack', () => {
  // Synthesis (no bundling) takes a few seconds: once for the file.
  beforeAll(() => {
    synthesized();
  }, 120_000);

  describe('data', () => {
    it('builds the single table from the data layer schema with PITR, encryption and TTL', () => {
      // Prepare
      const { template } = synthesized();
      // Act / Assess
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })],
      });
    });
  });

  describe('events', () => {
    it('has a custom bus with an archive and an alert rule with a dead-letter queue', () => {
      const { template } = synthesized();
      template.resourceCountIs('AWS::Events::EventBus', 1);
      template.resourceCountIs('AWS::Events::Archive', 1);
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({ 'detail-type': Match.arrayWith([detailTypeOf('OrderFailed'), detailTypeOf('OrderAtRisk')]) }),
        Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
      });
    });
  });

  describe('functions', () => {
    it('deploys one nodejs22.x arm64 function per workflow step, traced, naming its handler file', () => {
      const { json } = synthesized();
      const steps = Object.values(json.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['mto:kind'] === 'step');
      expect(steps.map((resource) => resource.Metadata?.['mto:entry']).sort()).toEqual(STEP_NAMES.map(stepEntry).sort());
      for (const step of steps) {
        expect(step.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' });
      }
    });
  });

  describe('least privilege', () => {
    it('grants no wildcard action anywhere', () => {
      const { json } = synthesized();
      const statements = Object.values(json.Resources)
        .filter((resource) => resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::Role')
        .flatMap((resource) => [
          ...(((resource.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement) ?? []),
          ...(((resource.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap((policy) => policy.PolicyDocument.Statement)),
        ]);
      const actions = actionsOf(statements);
      expect(actions.length).toBeGreaterThan(50);
      expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
    });

    it('gives email, Slack and link-signing rights only to the steps that use them', () => {
      const { json } = synthesized();
      for (const name of STEP_NAMES) {
        const actions = actionsOf(statementsOf(json.Resources, stepEntry(name)));
        expect(actions.includes('ses:SendEmail'), `${name} ses:SendEmail`).toBe(STEP_ACCESS[name].email);
        expect(actions.includes('secretsmanager:GetSecretValue'), `${name} secrets`).toBe(STEP_ACCESS[name].slack || STEP_ACCESS[name].linkSigning);
        expect(actions.includes('events:PutEvents'), `${name} events`).toBe(STEP_ACCESS[name].events);
        expect(actions.includes('states:SendTaskSuccess'), `${name} task response`).toBe(STEP_ACCESS[name].taskResponse);
      }
    });

    it('lets a step function write only its own log group', () => {
      const { json } = synthesized();
      const statements = statementsOf(json.Resources, stepEntry('expire-approval'));
      const logs = statements.filter((statement) => actionsOf([statement]).includes('logs:PutLogEvents'));
      expect(logs).toHaveLength(1);
      expect(JSON.stringify(logs[0]?.Resource)).toContain('StepexpireapprovalLogs');
    });
  });

  describe('workflows', () => {
    it('deploys three Standard state machines with X-Ray and logs that leave execution data out', () => {
      const { template } = synthesized();
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 3);
      template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      });
    });
  });

  describe('observability', () => {
    it('alarms on failed and timed-out executions, throttles, DLQ depth and API 5xx, and has a dashboard', () => {
      const { json, template } = synthesized();
      const alarms = Object.values(json.Resources).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm');
      const metricNames = alarms.map((alarm) => (typeof alarm.Properties?.MetricName === 'string' ? alarm.Properties.MetricName : 'math'));
      expect(metricNames.filter((name) => name === 'ExecutionsFailed')).toHaveLength(3);
      expect(metricNames.filter((name) => name === 'ExecutionsTimedOut')).toHaveLength(3);
      expect(metricNames).toContain('ApproximateNumberOfMessagesVisible');
      expect(metricNames).toContain('5XXError');
      expect(metricNames).toContain('math');
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    });
  });

  describe('settings', () => {
    it('rejects a bad context value with an error naming the key and the value', () => {
      // Prepare
      const app = new App({ context: { senderEmail: 'not-an-email' } });
      // Act / Assess
      expect(() => readSettings(app.node)).toThrow(InvalidSettingError);
      expect(() => readSettings(app.node)).toThrow(/senderEmail.*not-an-email/);
    });

    it('reads JSON objects given on the command line', () => {
      const app = new App({ context: { thresholds: '{"maxReworkCycles": 5}', stage: 'prod' } });
      const settings = readSettings(app.node);
      expect(settings.thresholds.maxReworkCycles).toBe(5);
      expect(settings.retainData).toBe(true);
    });
  });
});
