/**
 * Splits the wall time of lifecycle executions (and of the child executions they ran, found
 * through their `.sync` task outputs) into time inside Lambda invocations, time waiting for
 * callbacks (people, the shop floor, suppliers; here the bench and the simulator answering at
 * once), and the rest: the engine between states (journal writes, scheduling, queueing for the
 * main thread). Read from GetExecutionHistory, as on AWS.
 */
import type { RunningLocalStack } from '../../local/runtime/local-stack';

export interface ExecutionProfile {
  readonly executionArn: string;
  readonly transitions: number;
  readonly lambdaCalls: number;
  readonly wallSeconds: number;
  readonly lambdaSeconds: number;
  readonly callbackSeconds: number;
  readonly engineSeconds: number;
}

interface HistoryEvent {
  readonly timestamp: number;
  readonly type: string;
  readonly [key: string]: unknown;
}

interface OpenTask {
  readonly scheduledAt: number;
  startedAt?: number;
  submittedAt?: number;
  readonly callback: boolean;
  readonly child: boolean;
}

async function historyOf(stack: RunningLocalStack, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stack.engine.call('GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) });
    events.push(...(page.events as HistoryEvent[]));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined);
  return events;
}

function detailsOf(event: HistoryEvent): Record<string, unknown> {
  const key = Object.keys(event).find((candidate) => candidate.endsWith('EventDetails'));
  return key === undefined ? {} : ((event[key] ?? {}) as Record<string, unknown>);
}

function childArnOf(details: Record<string, unknown>): string | undefined {
  const output = details.output;
  if (typeof output !== 'string') return undefined;
  return /"ExecutionArn"\s*:\s*"([^"]+)"/i.exec(output)?.[1];
}

export async function profileExecution(stack: RunningLocalStack, executionArn: string): Promise<ExecutionProfile> {
  const events = await historyOf(stack, executionArn);
  const first = events[0]?.timestamp ?? 0;
  const last = events.at(-1)?.timestamp ?? first;
  let transitions = 0;
  let lambdaCalls = 0;
  let lambda = 0;
  let callback = 0;
  let childTasks = 0;
  const children: { arn: string; taskSeconds: number }[] = [];
  // Tasks of one thread run one at a time; Map/Parallel branches may overlap (then sums exceed wall).
  const open: OpenTask[] = [];
  for (const event of events) {
    const type = event.type;
    if (type.endsWith('StateEntered')) transitions += 1;
    if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') {
      const details = detailsOf(event);
      const resource = typeof details.resource === 'string' ? details.resource : '';
      open.push({ scheduledAt: event.timestamp, callback: resource.includes('waitForTaskToken'), child: details.resourceType === 'states' && resource.startsWith('startExecution') });
      continue;
    }
    const task = open[0];
    if (task === undefined) continue;
    if (type === 'TaskStarted' || type === 'LambdaFunctionStarted') task.startedAt = event.timestamp;
    else if (type === 'TaskSubmitted') task.submittedAt = event.timestamp;
    else if (/^(Task|LambdaFunction)(Succeeded|Failed|TimedOut)$/.test(type)) {
      open.shift();
      const started = task.startedAt ?? task.scheduledAt;
      if (task.child) {
        childTasks += event.timestamp - task.scheduledAt;
        const arn = childArnOf(detailsOf(event));
        if (arn !== undefined) children.push({ arn, taskSeconds: event.timestamp - task.scheduledAt });
      } else if (task.callback) {
        lambdaCalls += 1;
        const handedOver = task.submittedAt ?? started;
        lambda += handedOver - started;
        callback += event.timestamp - handedOver;
      } else {
        lambdaCalls += 1;
        lambda += event.timestamp - started;
      }
    }
  }
  let engine = last - first - lambda - callback - childTasks;
  for (const child of children) {
    const profile = await profileExecution(stack, child.arn);
    transitions += profile.transitions;
    lambdaCalls += profile.lambdaCalls;
    lambda += profile.lambdaSeconds;
    callback += profile.callbackSeconds;
    engine += profile.engineSeconds + Math.max(0, child.taskSeconds - profile.wallSeconds);
  }
  return { executionArn, transitions, lambdaCalls, wallSeconds: last - first, lambdaSeconds: lambda, callbackSeconds: callback, engineSeconds: engine };
}

/** Profiles the lifecycle executions of these orders (each is named after its order). */
export async function profileExecutions(stack: RunningLocalStack, orderIds: readonly string[]): Promise<ExecutionProfile[]> {
  const lifecycle = stack.app.stateMachines.find((machine) => machine.name.includes('order-lifecycle'));
  if (lifecycle === undefined) return [];
  const prefix = lifecycle.arn.replace(':stateMachine:', ':execution:');
  const profiles: ExecutionProfile[] = [];
  for (const orderId of orderIds) profiles.push(await profileExecution(stack, `${prefix}:${orderId}`));
  return profiles;
}
