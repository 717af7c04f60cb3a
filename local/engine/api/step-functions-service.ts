/**
 * The Step Functions API operations, with AWS's request/response shapes (JSON 1.0 protocol:
 * dates in epoch seconds) and error names. The HTTP server only routes to these; an embedder may
 * also call them in-process through `call(operation, request)`.
 */
import { randomUUID } from 'node:crypto';
import type { Definition, Json, LanguageApi } from '../language/contract';
import type { NestedExecutionDescription, NestedExecutions } from '../integrations/sfn.integration';
import type { EngineStore, JournalKey, StoredStateMachine } from '../store/engine-store';
import { MemoryEngineStore } from '../store/engine-store.memory';
import { ExecutionRunner, type RuntimeServices } from '../runtime/execution-runner';
import { forEachHistoryEvent, historyOf, type HistoryEvent } from '../runtime/history';
import type { ExecutionMeta, JournalRecord } from '../runtime/records';
import { executionArnOfToken } from '../runtime/task-tokens';
import { ApiError, RequestReader } from './api-errors';

type Response = Record<string, unknown>;

/** The operations served, by their X-Amz-Target name. */
export const OPERATIONS = [
  'CreateStateMachine',
  'DescribeStateMachine',
  'DescribeStateMachineForExecution',
  'ListStateMachines',
  'UpdateStateMachine',
  'DeleteStateMachine',
  'ValidateStateMachineDefinition',
  'StartExecution',
  'StartSyncExecution',
  'DescribeExecution',
  'StopExecution',
  'RedriveExecution',
  'ListExecutions',
  'GetExecutionHistory',
  'SendTaskSuccess',
  'SendTaskFailure',
  'SendTaskHeartbeat',
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

// AWS: 1-80 characters, none of whitespace, brackets, wildcards, special or control characters.
// eslint-disable-next-line no-control-regex -- the control characters are what the pattern excludes
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
const seconds = (ms: number): number => ms / 1000;

interface MachineEntry {
  stored: StoredStateMachine;
  definition: Definition;
}

/** What the service needs from the engine around it. */
export interface ServiceDependencies {
  readonly store: EngineStore;
  readonly language: LanguageApi;
  readonly region: string;
  readonly accountId: string;
  /** Runtime services except the two hooks the service provides itself. */
  readonly runtime: Omit<RuntimeServices, 'onRecord' | 'onClosed'>;
  /** Called for every history event of every execution. */
  readonly onEvent: (event: ExecutionEvent) => void;
  /** False while nobody listens: history events are then not built for `onEvent` (default: always built). */
  readonly hasEventListeners?: () => boolean;
}

/** A history event as the in-process hook delivers it. */
export interface ExecutionEvent {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly event: HistoryEvent;
}

function encodeToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ offset, query }), 'utf8').toString('base64url');
}

function decodeToken(token: string | undefined, query: string): number {
  if (token === undefined) return 0;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown; query?: unknown };
    if (typeof decoded.offset === 'number' && decoded.query === query) return decoded.offset;
  } catch {
    // fall through
  }
  throw new ApiError('InvalidToken', `Invalid Token: '${token}'`);
}

function page<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, query: string): { items: T[]; nextToken?: string } {
  const limit = maxResults === undefined || maxResults === 0 ? 100 : maxResults;
  const offset = decodeToken(nextToken, query);
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextToken: encodeToken(offset + limit, query) } : { items: slice };
}

function parseJsonInput(text: string, type: 'InvalidExecutionInput' | 'InvalidOutput' | 'InvalidDefinition', what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new ApiError(type, `${what} is not valid JSON: ${(error as Error).message}`);
  }
}

export class StepFunctionsService implements NestedExecutions {
  private readonly machines = new Map<string, MachineEntry>();
  private readonly executions = new Map<string, ExecutionRunner>();
  private readonly starting = new Map<string, Promise<ExecutionRunner>>();
  /** Execution ARNs per state machine ARN, oldest first. */
  private readonly executionsByMachine = new Map<string, string[]>();
  private readonly expressStore = new MemoryEngineStore();
  private readonly runtimeServices: RuntimeServices;

  public constructor(private readonly deps: ServiceDependencies) {
    this.runtimeServices = {
      ...deps.runtime,
      onRecord: (runner, record) => this.onRecord(runner, record),
      onClosed: () => undefined,
    };
  }

  /** Loads the state machines and every journal; resumes running executions. */
  public async recover(): Promise<{ stateMachines: number; executions: number; resumed: number }> {
    for (const stored of await this.deps.store.loadStateMachines()) {
      const parsed = this.deps.language.parseDefinition(stored.definition);
      if (!parsed.ok) {
        this.deps.runtime.log(`Stored state machine ${stored.name} no longer validates; skipped`);
        continue;
      }
      this.machines.set(stored.stateMachineArn, { stored, definition: parsed.definition });
    }
    const loaded: ExecutionRunner[] = [];
    for (const key of await this.deps.store.listJournals()) {
      const records = await this.deps.store.readJournal(key);
      if (records.length === 0) continue;
      const runner = ExecutionRunner.resume(this.runtimeServices, this.deps.store.journal(key), records);
      loaded.push(runner);
    }
    loaded.sort((a, b) => a.state.startDate - b.state.startDate);
    for (const runner of loaded) this.register(runner);
    let resumed = 0;
    for (const runner of loaded) {
      if (!runner.isRunning) continue;
      runner.run();
      resumed += 1;
    }
    return { stateMachines: this.machines.size, executions: loaded.length, resumed };
  }

  /** Calls an operation by name with a JSON request. */
  public async call(operation: string, request: unknown): Promise<Response> {
    if (!(OPERATIONS as readonly string[]).includes(operation)) throw new ApiError('UnknownOperationException', `Unknown operation ${operation}`);
    const reader = RequestReader.of(request ?? {});
    return this.dispatch(operation as OperationName, reader);
  }

  private async dispatch(operation: OperationName, request: RequestReader): Promise<Response> {
    switch (operation) {
      case 'CreateStateMachine':
        return this.CreateStateMachine(request);
      case 'DescribeStateMachine':
        return this.DescribeStateMachine(request);
      case 'DescribeStateMachineForExecution':
        return this.DescribeStateMachineForExecution(request);
      case 'ListStateMachines':
        return this.ListStateMachines(request);
      case 'UpdateStateMachine':
        return this.UpdateStateMachine(request);
      case 'DeleteStateMachine':
        return this.DeleteStateMachine(request);
      case 'ValidateStateMachineDefinition':
        return this.ValidateStateMachineDefinition(request);
      case 'StartExecution':
        return this.StartExecution(request);
      case 'StartSyncExecution':
        return this.StartSyncExecution(request);
      case 'DescribeExecution':
        return this.DescribeExecution(request);
      case 'StopExecution':
        return this.StopExecution(request);
      case 'RedriveExecution':
        return this.RedriveExecution(request);
      case 'ListExecutions':
        return this.ListExecutions(request);
      case 'GetExecutionHistory':
        return this.GetExecutionHistory(request);
      case 'SendTaskSuccess':
        return this.SendTaskSuccess(request);
      case 'SendTaskFailure':
        return this.SendTaskFailure(request);
      case 'SendTaskHeartbeat':
        return this.SendTaskHeartbeat(request);
      case 'ListTagsForResource':
        return this.ListTagsForResource(request);
      case 'TagResource':
        return this.TagResource(request);
      case 'UntagResource':
        return this.UntagResource(request);
    }
  }

  /** Stops every driver and timer without recording anything; executions resume in the next engine. */
  public shutdown(): void {
    for (const runner of this.executions.values()) runner.detach();
  }

  /** Every execution runner (for the facade's waits and tests). */
  public runner(executionArn: string): ExecutionRunner | undefined {
    return this.executions.get(executionArn);
  }

  // ---------------------------------------------------------------------------------------------
  // State machines

  private machineArn(name: string): string {
    return `arn:aws:states:${this.deps.region}:${this.deps.accountId}:stateMachine:${name}`;
  }

  private parseDefinitionOrThrow(definition: string): Definition {
    const parsed = this.deps.language.parseDefinition(definition);
    if (!parsed.ok) {
      const problems = parsed.problems.map((problem) => `${problem.message} at ${problem.path === '' ? '/' : problem.path}`).join('; ');
      throw new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${problems}'`);
    }
    return parsed.definition;
  }

  private machine(arn: string): MachineEntry {
    if (!arn.startsWith('arn:aws:states:') || !arn.includes(':stateMachine:')) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    // A version or alias ARN (name:1, name:alias) runs the machine itself here.
    const base = arn.split(':').slice(0, 7).join(':');
    const entry = this.machines.get(base);
    if (entry === undefined) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return entry;
  }

  protected async CreateStateMachine(request: RequestReader): Promise<Response> {
    const name = request.requiredString('name');
    const definitionText = request.requiredString('definition');
    const roleArn = request.requiredString('roleArn');
    const type = request.optionalString('type') ?? 'STANDARD';
    if (!NAME_PATTERN.test(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw new ApiError('ValidationException', `Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
    if (!roleArn.startsWith('arn:')) throw new ApiError('InvalidArn', `Invalid Arn: '${roleArn}'`);
    const definition = this.parseDefinitionOrThrow(definitionText);
    const arn = this.machineArn(name);
    const existing = this.machines.get(arn);
    if (existing !== undefined) {
      const same = existing.stored.definition === definitionText && existing.stored.roleArn === roleArn && existing.stored.type === type;
      if (!same) throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      return { stateMachineArn: arn, creationDate: seconds(existing.stored.creationDate) };
    }
    const tags = request.raw('tags');
    const stored: StoredStateMachine = {
      stateMachineArn: arn,
      name,
      type,
      definition: definitionText,
      roleArn,
      creationDate: this.deps.runtime.clock.now(),
      revisionId: randomUUID(),
      ...(request.raw('loggingConfiguration') === undefined ? {} : { loggingConfiguration: request.raw('loggingConfiguration') }),
      ...(request.raw('tracingConfiguration') === undefined ? {} : { tracingConfiguration: request.raw('tracingConfiguration') }),
      ...(Array.isArray(tags) ? { tags: tags as { key: string; value: string }[] } : {}),
    };
    this.machines.set(arn, { stored, definition });
    await this.deps.store.saveStateMachine(stored);
    return { stateMachineArn: arn, creationDate: seconds(stored.creationDate) };
  }

  protected DescribeStateMachine(request: RequestReader): Response {
    const { stored } = this.machine(request.requiredString('stateMachineArn'));
    return {
      stateMachineArn: stored.stateMachineArn,
      name: stored.name,
      status: 'ACTIVE',
      definition: stored.definition,
      roleArn: stored.roleArn,
      type: stored.type,
      creationDate: seconds(stored.creationDate),
      loggingConfiguration: stored.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: stored.tracingConfiguration ?? { enabled: false },
      revisionId: stored.revisionId,
    };
  }

  protected DescribeStateMachineForExecution(request: RequestReader): Response {
    const runner = this.execution(request.requiredString('executionArn'));
    const meta = runner.state.meta;
    return {
      stateMachineArn: meta.stateMachineArn,
      name: meta.stateMachineName,
      definition: JSON.stringify(runner.state.definition),
      roleArn: meta.roleArn,
      updateDate: seconds(runner.state.startDate),
    };
  }

  protected ListStateMachines(request: RequestReader): Response {
    const all = [...this.machines.values()].map((entry) => entry.stored).sort((a, b) => a.name.localeCompare(b.name));
    const result = page(all, request.optionalInteger('maxResults', 0, 1000), request.optionalString('nextToken'), 'machines');
    return {
      stateMachines: result.items.map((stored) => ({ stateMachineArn: stored.stateMachineArn, name: stored.name, type: stored.type, creationDate: seconds(stored.creationDate) })),
      ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
    };
  }

  protected async UpdateStateMachine(request: RequestReader): Promise<Response> {
    const entry = this.machine(request.requiredString('stateMachineArn'));
    const definitionText = request.optionalString('definition');
    const roleArn = request.optionalString('roleArn');
    const logging = request.raw('loggingConfiguration');
    const tracing = request.raw('tracingConfiguration');
    if (definitionText === undefined && roleArn === undefined && logging === undefined && tracing === undefined) {
      throw new ApiError('MissingRequiredParameter', 'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified');
    }
    if (roleArn !== undefined && !roleArn.startsWith('arn:')) throw new ApiError('InvalidArn', `Invalid Arn: '${roleArn}'`);
    const definition = definitionText === undefined ? entry.definition : this.parseDefinitionOrThrow(definitionText);
    const updateDate = this.deps.runtime.clock.now();
    const stored: StoredStateMachine = {
      ...entry.stored,
      ...(definitionText === undefined ? {} : { definition: definitionText }),
      ...(roleArn === undefined ? {} : { roleArn }),
      ...(logging === undefined ? {} : { loggingConfiguration: logging }),
      ...(tracing === undefined ? {} : { tracingConfiguration: tracing }),
      updateDate,
      revisionId: randomUUID(),
    };
    this.machines.set(stored.stateMachineArn, { stored, definition });
    await this.deps.store.saveStateMachine(stored);
    return { updateDate: seconds(updateDate), revisionId: stored.revisionId };
  }

  protected async DeleteStateMachine(request: RequestReader): Promise<Response> {
    const arn = request.requiredString('stateMachineArn');
    if (!arn.startsWith('arn:aws:states:')) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const entry = this.machines.get(arn);
    if (entry !== undefined) {
      // Running executions carry their own copy of the definition and run to their end.
      this.machines.delete(arn);
      await this.deps.store.deleteStateMachine(entry.stored.name);
    }
    return {};
  }

  protected ValidateStateMachineDefinition(request: RequestReader): Response {
    const definition = request.requiredString('definition');
    const parsed = this.deps.language.parseDefinition(definition);
    if (parsed.ok) return { result: 'OK', diagnostics: [], truncated: false };
    return {
      result: 'FAIL',
      diagnostics: parsed.problems.map((problem) => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: problem.message, location: problem.path })),
      truncated: false,
    };
  }

  protected ListTagsForResource(request: RequestReader): Response {
    const arn = request.requiredString('resourceArn');
    return { tags: this.machines.get(arn)?.stored.tags ?? [] };
  }

  protected async TagResource(request: RequestReader): Promise<Response> {
    const entry = this.machine(request.requiredString('resourceArn'));
    const added = (request.raw('tags') as { key: string; value: string }[] | undefined) ?? [];
    const tags = [...(entry.stored.tags ?? []).filter((tag) => !added.some((other) => other.key === tag.key)), ...added];
    entry.stored = { ...entry.stored, tags };
    await this.deps.store.saveStateMachine(entry.stored);
    return {};
  }

  protected async UntagResource(request: RequestReader): Promise<Response> {
    const entry = this.machine(request.requiredString('resourceArn'));
    const removed = (request.raw('tagKeys') as string[] | undefined) ?? [];
    entry.stored = { ...entry.stored, tags: (entry.stored.tags ?? []).filter((tag) => !removed.includes(tag.key)) };
    await this.deps.store.saveStateMachine(entry.stored);
    return {};
  }

  // ---------------------------------------------------------------------------------------------
  // Executions

  private execution(arn: string): ExecutionRunner {
    if (!arn.startsWith('arn:aws:states:') || !(arn.includes(':execution:') || arn.includes(':express:'))) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const runner = this.executions.get(arn);
    if (runner === undefined) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return runner;
  }

  private register(runner: ExecutionRunner): void {
    this.executions.set(runner.executionArn, runner);
    if (runner.state.meta.type === 'EXPRESS') return;
    const list = this.executionsByMachine.get(runner.state.meta.stateMachineArn) ?? [];
    list.push(runner.executionArn);
    this.executionsByMachine.set(runner.state.meta.stateMachineArn, list);
  }

  private onRecord(runner: ExecutionRunner, record: JournalRecord): void {
    if (this.deps.hasEventListeners?.() === false) return;
    forEachHistoryEvent(record, true, (event) => this.deps.onEvent({ executionArn: runner.executionArn, stateMachineArn: runner.state.meta.stateMachineArn, event }));
  }

  /** Starts an execution (or returns the running one of that name and input). */
  private async start(stateMachineArn: string, name: string | undefined, inputText: string, traceHeader: string | undefined, parentExecutionArn?: string): Promise<ExecutionRunner> {
    const { stored, definition } = this.machine(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (!NAME_PATTERN.test(executionName)) throw new ApiError('InvalidName', `Invalid Name: '${executionName}'`);
    const input = parseJsonInput(inputText, 'InvalidExecutionInput', 'The execution input');
    const express = stored.type === 'EXPRESS';
    const executionArn = express
      ? `arn:aws:states:${this.deps.region}:${this.deps.accountId}:express:${stored.name}:${executionName}:${randomUUID()}`
      : `arn:aws:states:${this.deps.region}:${this.deps.accountId}:execution:${stored.name}:${executionName}`;
    // Checked without awaiting when nothing is starting, so two concurrent starts cannot both pass.
    const pending = this.starting.get(executionArn);
    const existing = this.executions.get(executionArn) ?? (pending === undefined ? undefined : await pending.catch(() => undefined));
    if (existing !== undefined) {
      // AWS: the same name and input while it runs returns the same execution; otherwise refused.
      if (existing.isRunning && JSON.stringify(existing.state.input) === JSON.stringify(input)) return existing;
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const meta: ExecutionMeta = {
      executionArn,
      name: executionName,
      stateMachineArn: stored.stateMachineArn,
      stateMachineName: stored.name,
      roleArn: stored.roleArn,
      type: stored.type,
      ...(traceHeader === undefined ? {} : { traceHeader }),
      ...(parentExecutionArn === undefined ? {} : { parentExecutionArn }),
    };
    const key: JournalKey = { stateMachineName: stored.name, executionName };
    const journal = (express ? this.expressStore : this.deps.store).journal(key);
    const starting = ExecutionRunner.start(this.runtimeServices, journal, meta, input, definition);
    this.starting.set(executionArn, starting);
    try {
      const runner = await starting;
      this.register(runner);
      runner.run();
      return runner;
    } finally {
      this.starting.delete(executionArn);
    }
  }

  protected async StartExecution(request: RequestReader): Promise<Response> {
    const runner = await this.start(
      request.requiredString('stateMachineArn'),
      request.optionalString('name'),
      request.optionalString('input') ?? '{}',
      request.optionalString('traceHeader'),
    );
    return { executionArn: runner.executionArn, startDate: seconds(runner.state.startDate) };
  }

  protected async StartSyncExecution(request: RequestReader): Promise<Response> {
    const arn = request.requiredString('stateMachineArn');
    if (this.machine(arn).stored.type !== 'EXPRESS') {
      throw new ApiError('StateMachineTypeNotSupported', `This operation is only supported for EXPRESS state machines: '${arn}'`);
    }
    const runner = await this.start(arn, request.optionalString('name'), request.optionalString('input') ?? '{}', request.optionalString('traceHeader'));
    await runner.whenClosed();
    const { state, shown } = runner;
    const duration = (shown.stopDate ?? state.startDate) - state.startDate;
    return {
      ...this.describe(runner),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(duration / 100) * 100) },
    };
  }

  private describe(runner: ExecutionRunner): Response {
    // The status as of the durable records: `state` may be ahead of the disk.
    const { state, shown } = runner;
    const described: Response = {
      executionArn: state.meta.executionArn,
      stateMachineArn: state.meta.stateMachineArn,
      name: state.meta.name,
      status: shown.status,
      startDate: seconds(state.startDate),
      input: JSON.stringify(state.input),
      inputDetails: { included: true },
    };
    if (shown.stopDate !== undefined) described.stopDate = seconds(shown.stopDate);
    if (shown.output !== undefined) {
      described.output = JSON.stringify(shown.output);
      described.outputDetails = { included: true };
    }
    if (shown.error !== undefined) described.error = shown.error;
    if (shown.cause !== undefined) described.cause = shown.cause;
    if (state.meta.traceHeader !== undefined) described.traceHeader = state.meta.traceHeader;
    return described;
  }

  private redriveStatus(runner: ExecutionRunner, status = runner.state.status): { redriveStatus: string; redriveStatusReason?: string } {
    const { state } = runner;
    if (state.meta.type === 'EXPRESS') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is an EXPRESS execution' };
    if (status === 'RUNNING') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is RUNNING and cannot be redriven' };
    if (status === 'SUCCEEDED') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' };
    return { redriveStatus: 'REDRIVABLE' };
  }

  protected DescribeExecution(request: RequestReader): Response {
    const runner = this.execution(request.requiredString('executionArn'));
    const { shown } = runner;
    return {
      ...this.describe(runner),
      redriveCount: shown.redriveCount,
      ...(shown.redriveDate === undefined ? {} : { redriveDate: seconds(shown.redriveDate) }),
      ...this.redriveStatus(runner, shown.status),
    };
  }

  protected async StopExecution(request: RequestReader): Promise<Response> {
    const runner = this.execution(request.requiredString('executionArn'));
    await runner.stop(request.optionalString('error'), request.optionalString('cause'));
    return { stopDate: seconds(runner.state.stopDate ?? this.deps.runtime.clock.now()) };
  }

  protected async RedriveExecution(request: RequestReader): Promise<Response> {
    const runner = this.execution(request.requiredString('executionArn'));
    const status = this.redriveStatus(runner);
    if (status.redriveStatus !== 'REDRIVABLE') throw new ApiError('ExecutionNotRedrivable', `Execution is not redrivable: ${status.redriveStatusReason ?? ''}`);
    const meta = runner.state.meta;
    await runner.redrive(this.deps.store.journal({ stateMachineName: meta.stateMachineName, executionName: meta.name }));
    return { redriveDate: seconds(runner.state.redriveDate ?? this.deps.runtime.clock.now()) };
  }

  protected ListExecutions(request: RequestReader): Response {
    const machineArn = request.requiredString('stateMachineArn');
    const { stored } = this.machine(machineArn);
    if (stored.type === 'EXPRESS') throw new ApiError('StateMachineTypeNotSupported', `This operation is not supported by this type of state machine: '${machineArn}'`);
    const statusFilter = request.optionalString('statusFilter');
    const runners = (this.executionsByMachine.get(stored.stateMachineArn) ?? [])
      .map((arn) => this.executions.get(arn))
      .filter((runner): runner is ExecutionRunner => runner !== undefined && (statusFilter === undefined || runner.shown.status === statusFilter))
      .reverse();
    const result = page(runners, request.optionalInteger('maxResults', 0, 1000), request.optionalString('nextToken'), `${machineArn}|${statusFilter ?? ''}`);
    return {
      executions: result.items.map((runner) => {
        const { state, shown } = runner;
        return {
          executionArn: state.meta.executionArn,
          stateMachineArn: state.meta.stateMachineArn,
          name: state.meta.name,
          status: shown.status,
          startDate: seconds(state.startDate),
          ...(shown.stopDate === undefined ? {} : { stopDate: seconds(shown.stopDate) }),
          redriveCount: shown.redriveCount,
          ...(shown.redriveDate === undefined ? {} : { redriveDate: seconds(shown.redriveDate) }),
        };
      }),
      ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
    };
  }

  protected GetExecutionHistory(request: RequestReader): Response {
    const runner = this.execution(request.requiredString('executionArn'));
    const reverse = request.optionalBoolean('reverseOrder') ?? false;
    const events = historyOf(runner.durableRecords, request.optionalBoolean('includeExecutionData') ?? true);
    if (reverse) events.reverse();
    const result = page(events, request.optionalInteger('maxResults', 0, 1000), request.optionalString('nextToken'), `${runner.executionArn}|${String(reverse)}`);
    return { events: result.items, ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }) };
  }

  // ---------------------------------------------------------------------------------------------
  // Callbacks

  private openTask(token: string): { runner: ExecutionRunner; threadId: string } {
    const executionArn = executionArnOfToken(token);
    if (executionArn === undefined) throw new ApiError('InvalidToken', 'Invalid Token: the task token is malformed');
    const open = this.deps.runtime.tokens.find(token);
    const runner = this.executions.get(executionArn);
    if (open === undefined || runner === undefined) {
      if (runner !== undefined) throw new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
      throw new ApiError('TaskDoesNotExist', 'Task does not exist: no task was issued with this token');
    }
    return { runner, threadId: open.threadId };
  }

  protected async SendTaskSuccess(request: RequestReader): Promise<Response> {
    const token = request.requiredString('taskToken');
    const output = parseJsonInput(request.requiredString('output'), 'InvalidOutput', 'The task output');
    const { runner, threadId } = this.openTask(token);
    if (!(await runner.completeTask(threadId, token, { ok: true, output }))) throw new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    return {};
  }

  protected async SendTaskFailure(request: RequestReader): Promise<Response> {
    const token = request.requiredString('taskToken');
    const error = request.optionalString('error') ?? '';
    const cause = request.optionalString('cause') ?? '';
    const { runner, threadId } = this.openTask(token);
    if (!(await runner.completeTask(threadId, token, { ok: false, error, cause }))) throw new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    return {};
  }

  protected async SendTaskHeartbeat(request: RequestReader): Promise<Response> {
    const token = request.requiredString('taskToken');
    const { runner, threadId } = this.openTask(token);
    if (!(await runner.heartbeat(threadId, token))) throw new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    return {};
  }

  // ---------------------------------------------------------------------------------------------
  // Nested executions (states:startExecution)

  public async startOrAttach(request: { stateMachineArn: string; name: string; input: string; parentExecutionArn: string }): Promise<{ executionArn: string; startDate: number }> {
    const { stored } = this.machine(request.stateMachineArn);
    const arn = `arn:aws:states:${this.deps.region}:${this.deps.accountId}:execution:${stored.name}:${request.name}`;
    const existing = this.executions.get(arn);
    if (existing !== undefined && JSON.stringify(existing.state.input) === JSON.stringify(parseJsonInput(request.input, 'InvalidExecutionInput', 'The execution input'))) {
      return { executionArn: arn, startDate: existing.state.startDate };
    }
    const runner = await this.start(request.stateMachineArn, request.name, request.input, undefined, request.parentExecutionArn);
    return { executionArn: runner.executionArn, startDate: runner.state.startDate };
  }

  public async waitFor(executionArn: string, signal: AbortSignal): Promise<NestedExecutionDescription> {
    const runner = this.execution(executionArn);
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        // AWS stops a .sync child when its parent task is cancelled.
        runner.stop('States.Aborted', 'The parent task was cancelled').then(() => reject(new Error('The parent task was cancelled')), reject);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void runner.whenClosed().then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    const { state } = runner;
    return {
      executionArn: state.meta.executionArn,
      stateMachineArn: state.meta.stateMachineArn,
      name: state.meta.name,
      status: state.status,
      startDate: state.startDate,
      input: JSON.stringify(state.input),
      ...(state.stopDate === undefined ? {} : { stopDate: state.stopDate }),
      ...(state.output === undefined ? {} : { output: JSON.stringify(state.output) }),
      ...(state.error === undefined ? {} : { error: state.error }),
      ...(state.cause === undefined ? {} : { cause: state.cause }),
    };
  }
}
