/**
 * Reads the state machines out of a synthesized template: their construct path, their definition
 * with the CloudFormation intrinsics resolved to placeholder ARNs, so tools (asl-validator, the
 * workflow diagrams, tests) can read plain ASL. The local runtime resolves the same intrinsics to its
 * own ARNs (see docs/deploy.md, "for the local runtime").
 */
import { WORKFLOW_METADATA_KEY } from '../../workflows/workflow-kit';

export interface SynthesizedStateMachine {
  /** The CloudFormation logical id. */
  readonly logicalId: string;
  /** The workflow's name from the template metadata (`order-lifecycle`, `human-approval`, `procurement`). */
  readonly workflowName: string;
  /** Plain ASL with placeholder ARNs. */
  readonly definition: AslDefinition;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly Comment?: string;
  readonly [key: string]: unknown;
}

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Retry?: readonly { ErrorEquals: readonly string[]; JitterStrategy?: string; [key: string]: unknown }[];
  readonly Catch?: readonly { ErrorEquals: readonly string[]; Next: string; [key: string]: unknown }[];
  readonly Choices?: readonly { Next: string; [key: string]: unknown }[];
  readonly Default?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: string;
  readonly ItemProcessor?: AslDefinition;
  readonly Iterator?: AslDefinition;
  readonly Branches?: readonly AslDefinition[];
  readonly Comment?: string;
  readonly [key: string]: unknown;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::URLSuffix': 'amazonaws.com' };

/** A placeholder ARN for a resource, by its type. */
function placeholder(template: CfnTemplate, logicalId: string): string {
  const type = template.Resources[logicalId]?.Type;
  if (type === 'AWS::Lambda::Function') return `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;
  if (type === 'AWS::StepFunctions::StateMachine') return `arn:aws:states:us-east-1:123456789012:stateMachine:${logicalId}`;
  return `arn:aws:unknown:us-east-1:123456789012:${logicalId}`;
}

function resolve(template: CfnTemplate, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') return PSEUDO[record.Ref] ?? placeholder(template, record.Ref);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return placeholder(template, getAtt[0]);
    const join = record['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return (join[1] as unknown[]).map((part) => resolve(template, part)).join(join[0]);
    }
  }
  throw new Error(`Cannot resolve the intrinsic ${JSON.stringify(value).slice(0, 200)} in a state machine definition.`);
}

/** Every state machine in the template, definitions resolved. */
export function synthesizedStateMachines(template: CfnTemplate): SynthesizedStateMachine[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, resource]) => {
      const named = resource.Metadata?.[WORKFLOW_METADATA_KEY];
      const workflowName = typeof named === 'string' ? named : logicalId;
      const definition = JSON.parse(resolve(template, resource.Properties?.DefinitionString)) as AslDefinition;
      return { logicalId, workflowName, definition };
    })
    .sort((a, b) => a.workflowName.localeCompare(b.workflowName));
}

/** Visits every state, including those inside Map item processors and Parallel branches. */
export function allStates(definition: AslDefinition): [string, AslState][] {
  const found: [string, AslState][] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    found.push([name, state]);
    const inner = state.ItemProcessor ?? state.Iterator;
    if (inner !== undefined) found.push(...allStates(inner));
    for (const branch of state.Branches ?? []) found.push(...allStates(branch));
  }
  return found;
}
