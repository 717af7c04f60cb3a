/** Builders for the StateScope and context objects the language functions take. */
import type { ContextObject, Json, QueryLanguage, StateScope } from '../../../../../local/engine/language/index';
import { seededRandom } from './state-walker';

export const aContext = (overrides: Partial<ContextObject> = {}): ContextObject => ({
  Execution: {
    Id: 'arn:aws:states:us-east-1:123456789012:execution:OrderFlow:exec-1',
    Input: { orderId: 'o-1' },
    Name: 'exec-1',
    RoleArn: 'arn:aws:iam::123456789012:role/StatesRole',
    StartTime: '2026-03-01T10:00:00.000Z',
    RedriveCount: 0,
  },
  State: { EnteredTime: '2026-03-01T10:00:01.000Z', Name: 'Current', RetryCount: 0 },
  StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderFlow', Name: 'OrderFlow' },
  ...overrides,
});

export const aScope = (options: { queryLanguage?: QueryLanguage; variables?: Record<string, Json>; context?: ContextObject; random?: () => number } = {}): StateScope => ({
  context: options.context ?? aContext(),
  variables: options.variables ?? {},
  queryLanguage: options.queryLanguage ?? 'JSONPath',
  random: options.random ?? seededRandom(7),
});

export const jsonata = (options: { variables?: Record<string, Json>; context?: ContextObject; random?: () => number } = {}): StateScope => aScope({ ...options, queryLanguage: 'JSONata' });
