import { describe, expect, it } from 'vitest';
import { TemplateResolutionError, TemplateResolver, type CfnTemplate } from '../../../local/cloud-assembly/template-resolver';

const template: CfnTemplate = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
  Resources: {
    OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'mto-orders' } },
    PlaceOrderFn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { TABLE: { Ref: 'OrdersTable' } } } } },
    Lifecycle: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionString: {
          'Fn::Join': ['', ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"', { 'Fn::GetAtt': ['PlaceOrderFn', 'Arn'] }, '","End":true}}}']],
        },
      },
    },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'mto-events' } },
    ProdOnly: { Type: 'AWS::SQS::Queue', Condition: 'IsProd' },
  },
};

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver(template, { region: 'us-east-1', accountId: '000000000000' });

  describe('Ref and Fn::GetAtt', () => {
    it('gives a table its template name and a function its logical id', () => {
      expect(resolver.ref('OrdersTable')).toBe('mto-orders');
      expect(resolver.ref('PlaceOrderFn')).toBe('PlaceOrderFn');
    });
    it('builds ARNs in the local account and region', () => {
      expect(resolver.getAtt('PlaceOrderFn', 'Arn')).toBe('arn:aws:lambda:us-east-1:000000000000:function:PlaceOrderFn');
      expect(resolver.ref('Lifecycle')).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:Lifecycle');
      expect(resolver.getAtt('Bus', 'Arn')).toBe('arn:aws:events:us-east-1:000000000000:event-bus/mto-events');
    });
    it('resolves pseudo parameters and template parameters with their defaults', () => {
      expect(resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Stage}' })).toBe('arn:aws:x:us-east-1:000000000000:dev');
    });
    it('refuses a Ref to an unknown logical id with a named error', () => {
      expect(() => resolver.ref('Nope')).toThrow(TemplateResolutionError);
    });
  });

  describe('functions', () => {
    it('resolves a definition string joined from parts', () => {
      const [machine] = resolver.resourcesOfType('AWS::StepFunctions::StateMachine');
      const definition = JSON.parse(machine?.properties.DefinitionString as string) as { States: { A: { Resource: string } } };
      expect(definition.States.A.Resource).toBe('arn:aws:lambda:us-east-1:000000000000:function:PlaceOrderFn');
    });
    it('resolves nested values such as environment variables', () => {
      const [fn] = resolver.resourcesOfType('AWS::Lambda::Function');
      expect(fn?.properties).toEqual({ Environment: { Variables: { TABLE: 'mto-orders' } } });
    });
    it('handles Fn::Select, Fn::Split and Fn::Sub with a variable map', () => {
      expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
      expect(resolver.resolve({ 'Fn::Sub': ['${X}-${OrdersTable}', { X: { Ref: 'Stage' } }] })).toBe('dev-mto-orders');
    });
    it('leaves out resources whose condition is false', () => {
      expect(resolver.resourcesOfType('AWS::SQS::Queue')).toEqual([]);
      const prod = new TemplateResolver(template, { region: 'us-east-1', accountId: '000000000000', parameters: { Stage: 'prod' } });
      expect(prod.resourcesOfType('AWS::SQS::Queue')).toHaveLength(1);
    });
  });
});
