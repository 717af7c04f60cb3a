/**
 * A counting pass-through in front of DynamoDB Local, for the lifecycle benchmark's `--count-dynamodb`:
 * the functions are pointed at it through the stack's `functionEnvironment`
 * (`AWS_ENDPOINT_URL_DYNAMODB`, a configuration the runtime already offers), and it records every
 * request's operation (`X-Amz-Target`) and round-trip time before passing it on unchanged. It costs
 * one extra local hop per request on the main thread, so it is off by default.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { percentile, table } from './bench-stack';

export class DynamoDbCounter {
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private upstream: URL | undefined;
  private readonly durations = new Map<string, number[]>();
  private readonly kinds = new Map<string, number>();
  private recording = false;

  public constructor() {
    this.server = createServer((incoming, outgoing) => {
      const upstream = this.upstream;
      if (upstream === undefined) {
        outgoing.writeHead(503).end();
        return;
      }
      const started = performance.now();
      const target = String(incoming.headers['x-amz-target'] ?? 'unknown').replace(/^DynamoDB_\d+\./, '');
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host }, agent: this.agent },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          answer.on('end', () => {
            if (!this.recording) return;
            const ms = performance.now() - started;
            const list = this.durations.get(target) ?? [];
            list.push(ms);
            this.durations.set(target, list);
            const kind = `${target} ${itemKinds(target, Buffer.concat(chunks).toString('utf8'))}`;
            this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
          });
        },
      );
      forward.on('error', () => outgoing.destroy());
      incoming.pipe(forward);
    });
  }

  /** Listens on a free port of 127.0.0.1; returns its endpoint for `AWS_ENDPOINT_URL_DYNAMODB`. */
  public async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Where requests go: DynamoDB Local's endpoint, known once the stack has started it. */
  public forwardTo(endpoint: string): void {
    this.upstream = new URL(endpoint);
  }

  public start(): void {
    this.durations.clear();
    this.kinds.clear();
    this.recording = true;
  }

  public stop(): void {
    this.recording = false;
  }

  public summary(): { operation: string; calls: number; p50: number; p99: number }[] {
    return [...this.durations.entries()].map(([operation, list]) => ({ operation, calls: list.length, p50: percentile(list, 0.5), p99: percentile(list, 0.99) })).sort((a, b) => b.calls - a.calls);
  }

  /** Requests by operation and the kinds of item they touch (`ORDER/TIMELINE`, `IDEMPOTENCY/...`), most first. */
  public byItemKind(): { kind: string; calls: number }[] {
    return [...this.kinds.entries()].map(([kind, calls]) => ({ kind, calls })).sort((a, b) => b.calls - a.calls);
  }

  /** The report's tables: requests by operation and by the kinds of item touched, per `unit` (e.g. per completed order). */
  public reportLines(title: string, units: number, unit: string): string[] {
    const per = (calls: number): number => calls / Math.max(1, units);
    const operations = this.summary();
    const all = operations.reduce((sum, row) => sum + row.calls, 0);
    return [
      '',
      `## ${title}`,
      '',
      table(['operation', 'requests', unit, 'p50 ms', 'p99 ms'], [...operations.map((row) => [row.operation, row.calls, per(row.calls), row.p50, row.p99] as (string | number)[]), ['all', all, per(all), '', '']]),
      '',
      'By the kinds of item touched (partition/sort key prefixes; the 20 most frequent):',
      '',
      table(['request', 'requests', unit], this.byItemKind().slice(0, 20).map((row) => [row.kind, row.calls, per(row.calls)])),
    ];
  }

  public async close(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

type AttributeMap = Record<string, { S?: string } | undefined>;

/** `PK-PREFIX/SK-PREFIX` of an item key: the entity kinds of the single-table design (keys.ts). */
function kindOfKey(key: AttributeMap | undefined): string {
  const prefix = (value: string | undefined): string => (value ?? '?').split('#')[0] ?? '?';
  return `${prefix(key?.pk?.S)}/${prefix(key?.sk?.S)}`;
}

/** What a request touches, read from its JSON body (the DynamoDB JSON protocol). */
function itemKinds(operation: string, body: string): string {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return '';
  }
  switch (operation) {
    case 'PutItem':
      return kindOfKey(request.Item as AttributeMap);
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return kindOfKey(request.Key as AttributeMap);
    case 'Query': {
      const values = Object.values((request.ExpressionAttributeValues ?? {}) as AttributeMap);
      return `${typeof request.IndexName === 'string' ? `${request.IndexName} ` : ''}${(values[0]?.S ?? '?').split('#')[0] ?? '?'}`;
    }
    case 'TransactWriteItems':
      return ((request.TransactItems ?? []) as Record<string, { Item?: AttributeMap; Key?: AttributeMap }>[])
        .map((item) => Object.entries(item).map(([action, detail]) => `${action} ${kindOfKey(detail.Item ?? detail.Key)}`).join(''))
        .sort()
        .join(' + ');
    default:
      return '';
  }
}
