/**
 * The local EventBridge: accepts PutEvents entries, keeps every event in an archive (JSON lines on
 * disk), and delivers each to the targets of every enabled rule on its bus whose pattern matches,
 * exactly as the synthesized AWS::Events::Rule resources say.
 *
 * Delivery is asynchronous (PutEvents returns before targets run, as on AWS) and retried with
 * backoff; an event that cannot be delivered is recorded as a dead letter, never dropped silently.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { PutEventsResultEntry } from '../engine';
import { JsonLinesLog } from '../outbox/json-lines-log';
import { matchesEventPattern } from './event-pattern';

export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

export interface RuleTarget {
  readonly id: string;
  readonly arn: string;
  /** A constant JSON text sent instead of the event. */
  readonly input?: string;
  /** A JSONPath-like `$.detail` selecting part of the event. */
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly inputPathsMap?: Record<string, string>; readonly inputTemplate: string };
}

export interface LocalRule {
  readonly name: string;
  readonly busName: string;
  readonly pattern: unknown;
  readonly targets: readonly RuleTarget[];
}

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: readonly string[];
  readonly Time?: string | number;
}

export type { PutEventsResultEntry };

export interface DeadLetter {
  readonly ruleName: string;
  readonly targetArn: string;
  readonly event: EventBridgeEvent;
  readonly error: string;
  readonly at: string;
}

/** Delivers a payload to a rule target (a Lambda function, a state machine, a log group...). */
export type TargetDelivery = (targetArn: string, payload: unknown) => Promise<void>;

export interface LocalEventBusOptions {
  readonly region: string;
  readonly accountId: string;
  readonly rules: readonly LocalRule[];
  readonly deliver: TargetDelivery;
  readonly dataDir?: string;
  /** Delivery attempts per target before the event becomes a dead letter (AWS default retries for 24 h). */
  readonly maxAttempts?: number;
  readonly retryBaseDelayMs?: number;
}

function selectPath(event: unknown, path: string): unknown {
  if (path === '$') return event;
  let current: unknown = event;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (key === '') continue;
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

/** Applies an InputTransformer: `<name>` placeholders in the template take values selected from the event. */
function transform(event: EventBridgeEvent, transformer: NonNullable<RuleTarget['inputTransformer']>): unknown {
  const values = Object.fromEntries(
    Object.entries(transformer.inputPathsMap ?? {}).map(([name, path]) => [name, selectPath(event, path)]),
  );
  const text = transformer.inputTemplate.replace(/<([\w.-]+)>/g, (match, name: string) => {
    if (!(name in values)) return match;
    const value = values[name];
    return typeof value === 'string' ? value : JSON.stringify(value ?? null);
  });
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class LocalEventBus {
  public readonly archive: JsonLinesLog<EventBridgeEvent & { readonly busName: string }>;
  public readonly deadLetters: JsonLinesLog<DeadLetter>;
  private readonly inFlight = new Set<Promise<void>>();

  public constructor(private readonly options: LocalEventBusOptions) {
    this.archive = new JsonLinesLog(options.dataDir === undefined ? undefined : join(options.dataDir, 'events.jsonl'));
    this.deadLetters = new JsonLinesLog(options.dataDir === undefined ? undefined : join(options.dataDir, 'events-dead-letters.jsonl'));
  }

  /** PutEvents: validates each entry as AWS does, archives and routes the valid ones. */
  public putEvents(entries: readonly PutEventsEntry[], now = new Date()): PutEventsResultEntry[] {
    return entries.map((entry) => {
      if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and Detail are required' };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object' };
      }
      const busName = (entry.EventBusName ?? 'default').split('/').pop() ?? 'default';
      const time = entry.Time === undefined ? now : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
      const event: EventBridgeEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: this.options.accountId,
        time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: this.options.region,
        resources: entry.Resources ?? [],
        detail,
      };
      this.archive.append({ ...event, busName });
      this.route(busName, event);
      return { EventId: event.id };
    });
  }

  private route(busName: string, event: EventBridgeEvent): void {
    for (const rule of this.options.rules) {
      if (rule.busName !== busName || !matchesEventPattern(rule.pattern, event)) continue;
      for (const target of rule.targets) {
        const payload =
          target.input !== undefined ? (JSON.parse(target.input) as unknown)
          : target.inputPath !== undefined ? selectPath(event, target.inputPath)
          : target.inputTransformer !== undefined ? transform(event, target.inputTransformer)
          : event;
        const delivery = this.deliverWithRetry(rule, target, event, payload).finally(() => this.inFlight.delete(delivery));
        this.inFlight.add(delivery);
      }
    }
  }

  private async deliverWithRetry(rule: LocalRule, target: RuleTarget, event: EventBridgeEvent, payload: unknown): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const base = this.options.retryBaseDelayMs ?? 200;
    let lastError = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      try {
        await this.options.deliver(target.arn, payload);
        return;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
      }
    }
    this.deadLetters.append({ ruleName: rule.name, targetArn: target.arn, event, error: lastError, at: new Date().toISOString() });
  }

  /** Resolves once every delivery started so far has finished (tests, clean shutdown). */
  public async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
