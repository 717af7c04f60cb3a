/**
 * `parseDefinition`: parses an Amazon States Language definition (JSON text or object), reports
 * every problem at once (each with a JSON-pointer-like path and a message naming the value), and
 * returns a normalised copy: Map `Iterator` becomes `ItemProcessor`, Map `Parameters` becomes
 * `ItemSelector`.
 *
 * Checked: top-level and per-state fields (unknown fields, fields not allowed for the state's
 * query language), transitions (StartAt, Next, Default, Catch Next within the same scope; Next or
 * End; a terminal state in every scope), state names unique across nested branches, Choice rules,
 * Retry/Catch fields, paths, payload templates, intrinsic functions (syntax
 * and arity), JSONata syntax, variable names, Wait/Task/Map/Fail specifics.
 */
import type { Definition, DefinitionProblem, Json, JsonObject, QueryLanguage } from './contract';
import { COMPARISON_OPERATORS, TYPE_TESTS } from './choice-rules';
import { IntrinsicSyntaxError, looksLikeIntrinsic, parseIntrinsic } from './intrinsic-functions';
import type { ParsedPath } from './json-path';
import { isReferencePath, parsePath, PathSyntaxError } from './json-path';
import { compileJsonata, isJsonataExpression } from './jsonata.evaluator';
import { isTimestamp } from './timestamp';

const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
type StateType = (typeof STATE_TYPES)[number];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const PATHS_IO = ['InputPath', 'OutputPath'];
const ERROR_HANDLING = ['Retry', 'Catch'];

/** Fields each state type may carry, whatever the query language. */
const FIELDS: Readonly<Record<StateType, readonly string[]>> = {
  Pass: [...COMMON, ...FLOW, ...PATHS_IO, 'Parameters', 'Result', 'ResultPath', 'Output', 'Assign'],
  Task: [
    ...COMMON,
    ...FLOW,
    ...PATHS_IO,
    ...ERROR_HANDLING,
    'Resource',
    'Parameters',
    'Arguments',
    'ResultSelector',
    'ResultPath',
    'Output',
    'Assign',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
  ],
  Choice: [...COMMON, ...PATHS_IO, 'Choices', 'Default', 'Output', 'Assign'],
  Wait: [...COMMON, ...FLOW, ...PATHS_IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', 'Output', 'Assign'],
  Succeed: [...COMMON, ...PATHS_IO, 'Output'],
  Fail: [...COMMON, 'Error', 'Cause', 'ErrorPath', 'CausePath'],
  Parallel: [...COMMON, ...FLOW, ...PATHS_IO, ...ERROR_HANDLING, 'Branches', 'Parameters', 'Arguments', 'ResultSelector', 'ResultPath', 'Output', 'Assign'],
  Map: [
    ...COMMON,
    ...FLOW,
    ...PATHS_IO,
    ...ERROR_HANDLING,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'Items',
    'ItemSelector',
    'Parameters',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'Label',
    'ResultSelector',
    'ResultPath',
    'Output',
    'Assign',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
  ],
};

/** Fields that exist only under JSONPath, and their JSONata replacement where there is one. */
const JSONPATH_ONLY: Readonly<Record<string, string | undefined>> = {
  InputPath: undefined,
  OutputPath: 'Output',
  Parameters: 'Arguments (or ItemSelector on Map)',
  ResultSelector: 'Output',
  ResultPath: 'Output',
  ItemsPath: 'Items',
  SecondsPath: 'Seconds',
  TimestampPath: 'Timestamp',
  TimeoutSecondsPath: 'TimeoutSeconds',
  HeartbeatSecondsPath: 'HeartbeatSeconds',
  ErrorPath: 'Error',
  CausePath: 'Cause',
  MaxConcurrencyPath: 'MaxConcurrency',
  ToleratedFailurePercentagePath: 'ToleratedFailurePercentage',
  ToleratedFailureCountPath: 'ToleratedFailureCount',
};
const JSONATA_ONLY = new Set(['Arguments', 'Output', 'Items']);

const TOP_LEVEL_FIELDS = new Set(['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage']);
const BRANCH_FIELDS = new Set(['StartAt', 'States', 'Comment']);
const PROCESSOR_FIELDS = new Set(['StartAt', 'States', 'Comment', 'ProcessorConfig']);
const RETRIER_FIELDS = new Set(['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment']);
const CATCHER_FIELDS = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Output', 'Assign', 'Comment']);
const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const MAX_STATE_NAME = 80;
const MAX_VARIABLE_NAME = 80;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
const pointer = (...parts: (string | number)[]): string => parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

class DefinitionChecker {
  public readonly problems: DefinitionProblem[] = [];
  private readonly stateNames = new Map<string, string>();

  private report(path: string, message: string): void {
    this.problems.push({ path: path === '' ? '/' : path, message });
  }

  /** A top-level definition or a Parallel branch / Map ItemProcessor. */
  public checkMachine(machine: unknown, path: string, inherited: QueryLanguage, topLevel: boolean, processor = false): void {
    if (!isObject(machine)) {
      this.report(path, `must be an object with StartAt and States, got ${show(machine)}`);
      return;
    }
    const allowed = topLevel ? TOP_LEVEL_FIELDS : processor ? PROCESSOR_FIELDS : BRANCH_FIELDS;
    for (const key of Object.keys(machine)) if (!allowed.has(key)) this.report(`${path}/${key}`, `field '${key}' is not allowed here`);
    let language = inherited;
    if (topLevel && machine.QueryLanguage !== undefined) {
      if (machine.QueryLanguage === 'JSONPath' || machine.QueryLanguage === 'JSONata') language = machine.QueryLanguage;
      else this.report(`${path}/QueryLanguage`, `QueryLanguage must be 'JSONPath' or 'JSONata', got ${show(machine.QueryLanguage)}`);
    }
    if (topLevel) {
      if (machine.TimeoutSeconds !== undefined && !(isInteger(machine.TimeoutSeconds) && machine.TimeoutSeconds > 0))
        this.report(`${path}/TimeoutSeconds`, `TimeoutSeconds must be a positive integer, got ${show(machine.TimeoutSeconds)}`);
      if (machine.Version !== undefined && typeof machine.Version !== 'string') this.report(`${path}/Version`, `Version must be a string, got ${show(machine.Version)}`);
    }
    if (machine.Comment !== undefined && typeof machine.Comment !== 'string') this.report(`${path}/Comment`, `Comment must be a string, got ${show(machine.Comment)}`);
    const states = machine.States;
    if (!isObject(states) || Object.keys(states).length === 0) {
      this.report(`${path}/States`, `States must be a non-empty object of states, got ${show(states)}`);
      return;
    }
    const names = new Set(Object.keys(states));
    if (typeof machine.StartAt !== 'string') this.report(`${path}/StartAt`, `StartAt must be a string naming a state, got ${show(machine.StartAt)}`);
    else if (!names.has(machine.StartAt)) this.report(`${path}/StartAt`, `StartAt '${machine.StartAt}' does not name a state in ${topLevel ? 'States' : 'this branch'}`);
    let terminal = false;
    for (const [name, state] of Object.entries(states)) {
      const statePath = `${path}/States${pointer(name)}`;
      if (name.length === 0 || name.length > MAX_STATE_NAME) this.report(statePath, `state name '${name}' must be 1 to ${MAX_STATE_NAME} characters long`);
      const seen = this.stateNames.get(name);
      if (seen !== undefined) this.report(statePath, `state name '${name}' is already used at ${seen}; state names must be unique across the whole state machine, nested branches included`);
      else this.stateNames.set(name, statePath);
      if (this.checkState(state, statePath, names, language)) terminal = true;
    }
    if (!terminal) this.report(`${path}/States`, `no terminal state: at least one state needs "End": true or must be a Succeed or Fail state`);
  }

  private checkNext(value: unknown, path: string, names: ReadonlySet<string>, field = 'Next'): void {
    if (typeof value !== 'string') this.report(path, `${field} must be a string naming a state, got ${show(value)}`);
    else if (!names.has(value)) this.report(path, `${field} '${value}' does not name a state in the same scope`);
  }

  /** Checks one state; answers whether it is terminal. */
  private checkState(state: unknown, path: string, names: ReadonlySet<string>, inherited: QueryLanguage): boolean {
    if (!isObject(state)) {
      this.report(path, `a state must be an object, got ${show(state)}`);
      return false;
    }
    const type = state.Type;
    if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
      this.report(`${path}/Type`, `unknown state type ${show(type)}; expected one of ${STATE_TYPES.join(', ')}`);
      return false;
    }
    const stateType = type as StateType;
    let language = inherited;
    if (state.QueryLanguage !== undefined) {
      if (state.QueryLanguage !== 'JSONPath' && state.QueryLanguage !== 'JSONata') this.report(`${path}/QueryLanguage`, `QueryLanguage must be 'JSONPath' or 'JSONata', got ${show(state.QueryLanguage)}`);
      else if (inherited === 'JSONata' && state.QueryLanguage === 'JSONPath') this.report(`${path}/QueryLanguage`, `a state cannot use JSONPath when its state machine (or enclosing state) uses JSONata`);
      else language = state.QueryLanguage;
    }
    const allowed = FIELDS[stateType];
    for (const key of Object.keys(state)) {
      if (!allowed.includes(key)) this.report(`${path}/${key}`, `field '${key}' is not allowed in a ${stateType} state`);
      else if (language === 'JSONata' && Object.hasOwn(JSONPATH_ONLY, key)) {
        const instead = JSONPATH_ONLY[key];
        this.report(`${path}/${key}`, `field '${key}' is not allowed when the query language is JSONata${instead ? ` (use ${instead})` : ''}`);
      } else if (language === 'JSONPath' && JSONATA_ONLY.has(key)) this.report(`${path}/${key}`, `field '${key}' is only allowed when the query language is JSONata`);
    }
    if (state.Comment !== undefined && typeof state.Comment !== 'string') this.report(`${path}/Comment`, `Comment must be a string, got ${show(state.Comment)}`);

    // Transitions.
    let terminal = false;
    if (stateType === 'Succeed' || stateType === 'Fail') terminal = true;
    else if (stateType !== 'Choice') {
      const hasNext = state.Next !== undefined;
      const hasEnd = state.End !== undefined;
      if (hasEnd && state.End !== true) this.report(`${path}/End`, `End must be true when present, got ${show(state.End)}`);
      if (hasNext && hasEnd) this.report(path, `a ${stateType} state must have either Next or End, not both`);
      else if (!hasNext && !hasEnd) this.report(path, `a ${stateType} state must have Next or "End": true`);
      if (hasNext) this.checkNext(state.Next, `${path}/Next`, names);
      terminal = state.End === true;
    }

    // Language-specific value checks shared by several types.
    if (language === 'JSONPath') {
      for (const field of ['InputPath', 'OutputPath'] as const) if (state[field] !== undefined && state[field] !== null) this.checkPath(state[field], `${path}/${field}`, field, false);
      if (state.ResultPath !== undefined && state.ResultPath !== null) this.checkResultPath(state.ResultPath, `${path}/ResultPath`);
      for (const field of ['Parameters', 'ResultSelector'] as const) if (state[field] !== undefined) this.checkPayloadTemplate(state[field], `${path}/${field}`);
      if (state.Assign !== undefined) this.checkAssign(state.Assign, `${path}/Assign`, language);
    } else {
      for (const field of ['Arguments', 'Output'] as const) if (state[field] !== undefined) this.checkJsonataTemplate(state[field], `${path}/${field}`);
      if (state.Assign !== undefined) this.checkAssign(state.Assign, `${path}/Assign`, language);
      if (stateType === 'Task' && state.Arguments !== undefined && !isObject(state.Arguments) && !isJsonataExpression(state.Arguments))
        this.report(`${path}/Arguments`, `Arguments must be an object or a JSONata expression, got ${show(state.Arguments)}`);
    }
    if (state.Retry !== undefined) this.checkRetry(state.Retry, `${path}/Retry`);
    if (state.Catch !== undefined) this.checkCatch(state.Catch, `${path}/Catch`, names, language);

    switch (stateType) {
      case 'Task':
        this.checkTask(state, path, language);
        break;
      case 'Choice':
        this.checkChoice(state, path, names, language);
        break;
      case 'Wait':
        this.checkWait(state, path, language);
        break;
      case 'Fail':
        this.checkFail(state, path, language);
        break;
      case 'Parallel':
        if (!Array.isArray(state.Branches) || state.Branches.length === 0) this.report(`${path}/Branches`, `Branches must be a non-empty array of state machines, got ${show(state.Branches)}`);
        else state.Branches.forEach((branch, i) => this.checkMachine(branch, `${path}/Branches/${i}`, language, false));
        break;
      case 'Map':
        this.checkMap(state, path, language);
        break;
      default:
        break;
    }
    return terminal;
  }

  private checkTask(state: JsonObject, path: string, language: QueryLanguage): void {
    if (typeof state.Resource !== 'string' || !/^arn:[^:]+:[^:]+:/.test(state.Resource)) this.report(`${path}/Resource`, `Resource must be an ARN string, got ${show(state.Resource)}`);
    for (const [field, pathField] of [
      ['TimeoutSeconds', 'TimeoutSecondsPath'],
      ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
    ] as const) {
      if (state[field] !== undefined && state[pathField] !== undefined) this.report(`${path}/${pathField}`, `a Task state cannot have both ${field} and ${pathField}`);
      this.checkPositiveIntegerOrExpression(state[field], `${path}/${field}`, field, language, 1);
      if (state[pathField] !== undefined) this.checkPath(state[pathField], `${path}/${pathField}`, pathField, true);
    }
    if (isInteger(state.TimeoutSeconds) && isInteger(state.HeartbeatSeconds) && state.HeartbeatSeconds >= state.TimeoutSeconds)
      this.report(`${path}/HeartbeatSeconds`, `HeartbeatSeconds (${state.HeartbeatSeconds}) must be smaller than TimeoutSeconds (${state.TimeoutSeconds})`);
    if (state.Credentials !== undefined && language === 'JSONPath') this.checkPayloadTemplate(state.Credentials, `${path}/Credentials`);
  }

  private checkPositiveIntegerOrExpression(value: Json | undefined, path: string, field: string, language: QueryLanguage, min: number): void {
    if (value === undefined) return;
    if (language === 'JSONata' && isJsonataExpression(value)) {
      this.checkJsonata(value, path);
      return;
    }
    if (!isInteger(value) || value < min) this.report(path, `${field} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer${language === 'JSONata' ? ' or a JSONata expression' : ''}, got ${show(value)}`);
  }

  private checkWait(state: JsonObject, path: string, language: QueryLanguage): void {
    const present = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((f) => state[f] !== undefined);
    if (present.length !== 1) this.report(path, `a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; got ${present.length === 0 ? 'none' : present.join(', ')}`);
    this.checkPositiveIntegerOrExpression(state.Seconds, `${path}/Seconds`, 'Seconds', language, 0);
    if (state.Timestamp !== undefined && !(language === 'JSONata' && isJsonataExpression(state.Timestamp)) && !isTimestamp(state.Timestamp))
      this.report(`${path}/Timestamp`, `Timestamp must be an ISO-8601 date-time such as 2026-01-31T09:00:00Z, got ${show(state.Timestamp)}`);
    if (language === 'JSONata' && isJsonataExpression(state.Timestamp)) this.checkJsonata(state.Timestamp, `${path}/Timestamp`);
    for (const field of ['SecondsPath', 'TimestampPath'] as const) if (state[field] !== undefined) this.checkPath(state[field], `${path}/${field}`, field, true);
  }

  private checkFail(state: JsonObject, path: string, language: QueryLanguage): void {
    for (const [field, pathField] of [
      ['Error', 'ErrorPath'],
      ['Cause', 'CausePath'],
    ] as const) {
      if (state[field] !== undefined && state[pathField] !== undefined) this.report(`${path}/${pathField}`, `a Fail state cannot have both ${field} and ${pathField}`);
      const value = state[field];
      if (value !== undefined) {
        if (typeof value !== 'string') this.report(`${path}/${field}`, `${field} must be a string, got ${show(value)}`);
        else if (language === 'JSONata' && isJsonataExpression(value)) this.checkJsonata(value, `${path}/${field}`);
      }
      const dynamic = state[pathField];
      if (dynamic !== undefined) {
        if (typeof dynamic === 'string' && looksLikeIntrinsic(dynamic)) this.checkIntrinsic(dynamic, `${path}/${pathField}`);
        else this.checkPath(dynamic, `${path}/${pathField}`, pathField, true);
      }
    }
  }

  private checkMap(state: JsonObject, path: string, language: QueryLanguage): void {
    if (state.ItemProcessor !== undefined && state.Iterator !== undefined) this.report(`${path}/Iterator`, 'a Map state cannot have both ItemProcessor and its deprecated alias Iterator');
    const processor = state.ItemProcessor ?? state.Iterator;
    const processorField = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
    if (processor === undefined) this.report(path, 'a Map state needs an ItemProcessor (or the deprecated Iterator)');
    else {
      this.checkMachine(processor, `${path}/${processorField}`, language, false, true);
      if (isObject(processor) && processor.ProcessorConfig !== undefined) {
        const config = processor.ProcessorConfig;
        if (!isObject(config)) this.report(`${path}/${processorField}/ProcessorConfig`, `ProcessorConfig must be an object, got ${show(config)}`);
        else if (config.Mode !== undefined && config.Mode !== 'INLINE' && config.Mode !== 'DISTRIBUTED')
          this.report(`${path}/${processorField}/ProcessorConfig/Mode`, `Mode must be INLINE or DISTRIBUTED, got ${show(config.Mode)}`);
      }
    }
    if (state.ItemSelector !== undefined && state.Parameters !== undefined) this.report(`${path}/Parameters`, 'a Map state cannot have both ItemSelector and its deprecated alias Parameters');
    if (state.ItemSelector !== undefined) {
      if (language === 'JSONPath') this.checkPayloadTemplate(state.ItemSelector, `${path}/ItemSelector`);
      else this.checkJsonataTemplate(state.ItemSelector, `${path}/ItemSelector`);
    }
    if (state.ItemsPath !== undefined && language === 'JSONPath') this.checkPath(state.ItemsPath, `${path}/ItemsPath`, 'ItemsPath', true);
    if (state.Items !== undefined && language === 'JSONata') {
      if (isJsonataExpression(state.Items)) this.checkJsonata(state.Items, `${path}/Items`);
      else if (!Array.isArray(state.Items)) this.report(`${path}/Items`, `Items must be an array or a JSONata expression, got ${show(state.Items)}`);
      else this.checkJsonataTemplate(state.Items, `${path}/Items`);
    }
    if (state.MaxConcurrency !== undefined && state.MaxConcurrencyPath !== undefined) this.report(`${path}/MaxConcurrencyPath`, 'a Map state cannot have both MaxConcurrency and MaxConcurrencyPath');
    this.checkPositiveIntegerOrExpression(state.MaxConcurrency, `${path}/MaxConcurrency`, 'MaxConcurrency', language, 0);
    for (const field of ['MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath'] as const)
      if (state[field] !== undefined && language === 'JSONPath') this.checkPath(state[field], `${path}/${field}`, field, true);
    const percentage = state.ToleratedFailurePercentage;
    if (percentage !== undefined && !(language === 'JSONata' && isJsonataExpression(percentage)) && !(typeof percentage === 'number' && percentage >= 0 && percentage <= 100))
      this.report(`${path}/ToleratedFailurePercentage`, `ToleratedFailurePercentage must be a number from 0 to 100, got ${show(percentage)}`);
    this.checkPositiveIntegerOrExpression(state.ToleratedFailureCount, `${path}/ToleratedFailureCount`, 'ToleratedFailureCount', language, 0);
  }

  private checkChoice(state: JsonObject, path: string, names: ReadonlySet<string>, language: QueryLanguage): void {
    if (state.Default !== undefined) this.checkNext(state.Default, `${path}/Default`, names, 'Default');
    if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
      this.report(`${path}/Choices`, `a Choice state needs a non-empty Choices array, got ${show(state.Choices)}`);
      return;
    }
    state.Choices.forEach((rule, i) => {
      const rulePath = `${path}/Choices/${i}`;
      if (!isObject(rule)) {
        this.report(rulePath, `a Choice rule must be an object, got ${show(rule)}`);
        return;
      }
      this.checkNext(rule.Next, `${rulePath}/Next`, names);
      if (rule.Assign !== undefined) this.checkAssign(rule.Assign, `${rulePath}/Assign`, language);
      if (language === 'JSONata') {
        for (const key of Object.keys(rule)) if (!['Condition', 'Next', 'Output', 'Assign', 'Comment'].includes(key)) this.report(`${rulePath}/${key}`, `field '${key}' is not allowed in a JSONata Choice rule (use Condition)`);
        if (rule.Condition === undefined) this.report(rulePath, 'a JSONata Choice rule needs a Condition');
        else if (isJsonataExpression(rule.Condition)) this.checkJsonata(rule.Condition, `${rulePath}/Condition`);
        else if (typeof rule.Condition !== 'boolean') this.report(`${rulePath}/Condition`, `Condition must be a JSONata expression or a boolean, got ${show(rule.Condition)}`);
        if (rule.Output !== undefined) this.checkJsonataTemplate(rule.Output, `${rulePath}/Output`);
      } else {
        this.checkRule(rule, rulePath, true);
      }
    });
  }

  /** A JSONPath Choice rule: boolean (And/Or/Not) or a data test on Variable. */
  private checkRule(rule: unknown, path: string, topLevel: boolean): void {
    if (!isObject(rule)) {
      this.report(path, `a Choice rule must be an object, got ${show(rule)}`);
      return;
    }
    const extra = topLevel ? ['Next', 'Assign', 'Comment'] : ['Comment'];
    if (!topLevel && rule.Next !== undefined) this.report(`${path}/Next`, 'a nested Choice rule (inside And, Or or Not) cannot have Next');
    const operators = Object.keys(rule).filter((k) => !extra.includes(k) && k !== 'Variable');
    if (rule.And !== undefined || rule.Or !== undefined || rule.Not !== undefined) {
      if (operators.length !== 1) this.report(path, `a Choice rule needs exactly one of And, Or, Not or a comparison; got ${operators.join(', ')}`);
      if (rule.Variable !== undefined) this.report(`${path}/Variable`, 'Variable cannot be combined with And, Or or Not');
      for (const op of ['And', 'Or'] as const) {
        const value = rule[op];
        if (value === undefined) continue;
        if (!Array.isArray(value) || value.length === 0) this.report(`${path}/${op}`, `${op} must be a non-empty array of rules, got ${show(value)}`);
        else value.forEach((inner, i) => this.checkRule(inner, `${path}/${op}/${i}`, false));
      }
      if (rule.Not !== undefined) this.checkRule(rule.Not, `${path}/Not`, false);
      return;
    }
    if (rule.Variable === undefined) this.report(path, 'a Choice rule needs Variable with a comparison, or And, Or or Not');
    else this.checkPath(rule.Variable, `${path}/Variable`, 'Variable', false);
    if (operators.length !== 1) {
      this.report(path, operators.length === 0 ? 'a Choice rule needs a comparison operator such as StringEquals' : `a Choice rule needs exactly one comparison operator, got ${operators.join(', ')}`);
    }
    for (const op of operators) {
      const value = rule[op];
      const comparison = COMPARISON_OPERATORS.get(op);
      if (TYPE_TESTS.has(op)) {
        if (typeof value !== 'boolean') this.report(`${path}/${op}`, `${op} must be true or false, got ${show(value)}`);
      } else if (comparison === undefined) this.report(`${path}/${op}`, `unknown Choice rule field or operator '${op}'`);
      else if (comparison.path) this.checkPath(value, `${path}/${op}`, op, false);
      else if (comparison.kind === 'String' && typeof value !== 'string') this.report(`${path}/${op}`, `${op} must be a string, got ${show(value)}`);
      else if (comparison.kind === 'Numeric' && typeof value !== 'number') this.report(`${path}/${op}`, `${op} must be a number, got ${show(value)}`);
      else if (comparison.kind === 'Boolean' && typeof value !== 'boolean') this.report(`${path}/${op}`, `${op} must be true or false, got ${show(value)}`);
      else if (comparison.kind === 'Timestamp' && !isTimestamp(value)) this.report(`${path}/${op}`, `${op} must be an ISO-8601 timestamp such as 2026-01-31T09:00:00Z, got ${show(value)}`);
    }
  }

  private checkErrorEquals(value: unknown, path: string, isLast: boolean, kind: string): void {
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v.length > 0)) {
      this.report(path, `ErrorEquals must be a non-empty array of error names, got ${show(value)}`);
      return;
    }
    if (value.includes('States.ALL')) {
      if (value.length > 1) this.report(path, `'States.ALL' must appear alone in ErrorEquals, got ${show(value)}`);
      if (!isLast) this.report(path, `a ${kind} with 'States.ALL' must be the last one`);
    }
  }

  private checkRetry(retry: unknown, path: string): void {
    if (!Array.isArray(retry)) {
      this.report(path, `Retry must be an array of retriers, got ${show(retry)}`);
      return;
    }
    retry.forEach((retrier, i) => {
      const p = `${path}/${i}`;
      if (!isObject(retrier)) {
        this.report(p, `a retrier must be an object, got ${show(retrier)}`);
        return;
      }
      for (const key of Object.keys(retrier)) if (!RETRIER_FIELDS.has(key)) this.report(`${p}/${key}`, `field '${key}' is not allowed in a retrier`);
      this.checkErrorEquals(retrier.ErrorEquals, `${p}/ErrorEquals`, i === retry.length - 1, 'retrier');
      const { IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy } = retrier;
      if (IntervalSeconds !== undefined && !(isInteger(IntervalSeconds) && IntervalSeconds >= 1 && IntervalSeconds <= 99999999))
        this.report(`${p}/IntervalSeconds`, `IntervalSeconds must be a positive integer, got ${show(IntervalSeconds)}`);
      if (MaxAttempts !== undefined && !(isInteger(MaxAttempts) && MaxAttempts >= 0 && MaxAttempts <= 99999999))
        this.report(`${p}/MaxAttempts`, `MaxAttempts must be a non-negative integer, got ${show(MaxAttempts)}`);
      if (BackoffRate !== undefined && !(typeof BackoffRate === 'number' && BackoffRate >= 1)) this.report(`${p}/BackoffRate`, `BackoffRate must be a number of at least 1.0, got ${show(BackoffRate)}`);
      if (MaxDelaySeconds !== undefined && !(isInteger(MaxDelaySeconds) && MaxDelaySeconds >= 1 && MaxDelaySeconds <= 31622400))
        this.report(`${p}/MaxDelaySeconds`, `MaxDelaySeconds must be a positive integer, got ${show(MaxDelaySeconds)}`);
      if (JitterStrategy !== undefined && JitterStrategy !== 'FULL' && JitterStrategy !== 'NONE') this.report(`${p}/JitterStrategy`, `JitterStrategy must be FULL or NONE, got ${show(JitterStrategy)}`);
    });
  }

  private checkCatch(catchers: unknown, path: string, names: ReadonlySet<string>, language: QueryLanguage): void {
    if (!Array.isArray(catchers)) {
      this.report(path, `Catch must be an array of catchers, got ${show(catchers)}`);
      return;
    }
    catchers.forEach((catcher, i) => {
      const p = `${path}/${i}`;
      if (!isObject(catcher)) {
        this.report(p, `a catcher must be an object, got ${show(catcher)}`);
        return;
      }
      for (const key of Object.keys(catcher)) {
        if (!CATCHER_FIELDS.has(key)) this.report(`${p}/${key}`, `field '${key}' is not allowed in a catcher`);
        else if (language === 'JSONata' && key === 'ResultPath') this.report(`${p}/${key}`, "field 'ResultPath' is not allowed when the query language is JSONata (use Output)");
        else if (language === 'JSONPath' && key === 'Output') this.report(`${p}/${key}`, "field 'Output' is only allowed when the query language is JSONata");
      }
      this.checkErrorEquals(catcher.ErrorEquals, `${p}/ErrorEquals`, i === catchers.length - 1, 'catcher');
      this.checkNext(catcher.Next, `${p}/Next`, names);
      if (language === 'JSONPath' && catcher.ResultPath !== undefined && catcher.ResultPath !== null) this.checkResultPath(catcher.ResultPath, `${p}/ResultPath`);
      if (language === 'JSONata' && catcher.Output !== undefined) this.checkJsonataTemplate(catcher.Output, `${p}/Output`);
      if (catcher.Assign !== undefined) this.checkAssign(catcher.Assign, `${p}/Assign`, language);
    });
  }

  private parsePathOrReport(value: unknown, path: string, field: string): ParsedPath | undefined {
    if (typeof value !== 'string') {
      this.report(path, `${field} must be a JSONPath string, got ${show(value)}`);
      return undefined;
    }
    try {
      return parsePath(value);
    } catch (error) {
      if (error instanceof PathSyntaxError) {
        this.report(path, `${field}: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  }

  /** A Path; with `definite`, a Reference Path (one value: names and indexes only). */
  private checkPath(value: unknown, path: string, field: string, definite: boolean): void {
    const parsed = this.parsePathOrReport(value, path, field);
    if (parsed && definite && !parsed.definite) this.report(path, `${field} must be a reference path selecting a single value (no wildcards, slices, filters or '..'), got '${parsed.text}'`);
  }

  private checkResultPath(value: unknown, path: string): void {
    const parsed = this.parsePathOrReport(value, path, 'ResultPath');
    if (parsed && !isReferencePath(parsed)) this.report(path, `ResultPath must be a reference path into the state's input such as $.result, got '${parsed.text}'`);
  }

  private checkIntrinsic(text: string, path: string): void {
    try {
      parseIntrinsic(text);
    } catch (error) {
      if (error instanceof IntrinsicSyntaxError) this.report(path, error.message);
      else throw error;
    }
  }

  private checkPayloadTemplate(template: unknown, path: string): void {
    if (Array.isArray(template)) {
      template.forEach((item, i) => this.checkPayloadTemplate(item, `${path}/${i}`));
      return;
    }
    if (!isObject(template)) return;
    for (const [key, value] of Object.entries(template)) {
      const p = `${path}${pointer(key)}`;
      if (key.endsWith('.$')) {
        if (Object.hasOwn(template, key.slice(0, -2))) this.report(p, `the fields '${key.slice(0, -2)}' and '${key}' would both produce '${key.slice(0, -2)}'`);
        if (typeof value !== 'string') this.report(p, `the value of '${key}' must be a path or an intrinsic function string, got ${show(value)}`);
        else if (looksLikeIntrinsic(value)) this.checkIntrinsic(value, p);
        else this.checkPath(value, p, key, false);
      } else this.checkPayloadTemplate(value, p);
    }
  }

  private checkAssign(assign: unknown, path: string, language: QueryLanguage): void {
    if (!isObject(assign)) {
      this.report(path, `Assign must be an object of variable names to values, got ${show(assign)}`);
      return;
    }
    for (const key of Object.keys(assign)) {
      const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
      const p = `${path}${pointer(key)}`;
      if (!VARIABLE_NAME.test(name) || name.length > MAX_VARIABLE_NAME) this.report(p, `'${name}' is not a valid variable name (a letter or _ then letters, digits or _, at most ${MAX_VARIABLE_NAME} characters)`);
      else if (name === 'states') this.report(p, "'states' is reserved and cannot be assigned");
    }
    if (language === 'JSONPath') this.checkPayloadTemplate(assign, path);
    else this.checkJsonataTemplate(assign, path);
  }

  private checkJsonata(expression: string, path: string): void {
    try {
      compileJsonata(expression);
    } catch (error) {
      this.report(path, `invalid JSONata expression '${expression}': ${(error as Error).message}`);
    }
  }

  private checkJsonataTemplate(template: unknown, path: string): void {
    if (isJsonataExpression(template)) this.checkJsonata(template, path);
    else if (Array.isArray(template)) template.forEach((item, i) => this.checkJsonataTemplate(item, `${path}/${i}`));
    else if (isObject(template)) for (const [key, value] of Object.entries(template)) this.checkJsonataTemplate(value, `${path}${pointer(key)}`);
  }
}

/** Copies the definition with Map aliases normalised (Iterator -> ItemProcessor, Parameters -> ItemSelector). */
const normalise = (machine: JsonObject): JsonObject => {
  const states = machine.States as Record<string, JsonObject>;
  const out: Record<string, JsonObject> = {};
  for (const [name, original] of Object.entries(states)) {
    const state = { ...original };
    if (state.Type === 'Map') {
      if (state.Iterator !== undefined && state.ItemProcessor === undefined) {
        state.ItemProcessor = state.Iterator;
        delete state.Iterator;
      }
      if (state.Parameters !== undefined && state.ItemSelector === undefined) {
        state.ItemSelector = state.Parameters;
        delete state.Parameters;
      }
      if (isObject(state.ItemProcessor)) state.ItemProcessor = normalise(state.ItemProcessor);
    }
    if (state.Type === 'Parallel' && Array.isArray(state.Branches)) state.Branches = state.Branches.map((b) => normalise(b as JsonObject));
    out[name] = state;
  }
  return { ...machine, States: out };
};

/** Parses (JSON text or object) and validates a definition; never throws. */
export const parseDefinition = (definition: unknown): { ok: true; definition: Definition } | { ok: false; problems: DefinitionProblem[] } => {
  let value: unknown = definition;
  if (typeof definition === 'string') {
    try {
      value = JSON.parse(definition) as unknown;
    } catch (error) {
      return { ok: false, problems: [{ path: '/', message: `the definition is not valid JSON: ${(error as Error).message}` }] };
    }
  }
  if (!isObject(value)) return { ok: false, problems: [{ path: '/', message: `the definition must be a JSON object with StartAt and States, got ${show(value)}` }] };
  const checker = new DefinitionChecker();
  checker.checkMachine(value, '', 'JSONPath', true);
  if (checker.problems.length > 0) return { ok: false, problems: checker.problems };
  return { ok: true, definition: normalise(structuredClone(value)) as unknown as Definition };
};
