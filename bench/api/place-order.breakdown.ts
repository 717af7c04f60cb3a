/**
 * Part of `npm run bench:api`: where the time of one `POST /orders` goes. The place-order handler (the same module Lambda runs,
 * configured from the synthesized function's environment and pointed at the local stack's endpoints)
 * runs in this process with every port call timed: catalog, stock, the work-center load queries, the
 * order write (which carries the Idempotency-Key's record in the same transaction) and the Step
 * Functions start (the lifecycle's first step publishes OrderPlaced). Orders are placed one at a time with a pause after each, so
 * that the lifecycle work each one starts (up to its first wait for a person) is done before the
 * next: the figures are per request, without queueing. A diagnostic, not the benchmark.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import type { RunningLocalStack } from '../../local/runtime/local-stack';
import { percentile, table } from '../lifecycle/bench-stack';

const SAMPLES: readonly SeedOrderRequestName[] = ['oakDiningTable', 'walnutExtendingTable', 'officeShelving', 'machineParts', 'hotelFitOut'];

export interface PortTiming {
  readonly call: string;
  readonly perRequest: number;
  readonly p50: number;
  readonly p90: number;
  /** Share of the handler's time spent in this port method. */
  readonly share: number;
}

/** Wraps every method of an adapter so its (async) duration is recorded under `port.method`. */
function timed<T extends object>(port: string, target: T, record: (call: string, ms: number) => void): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as (...a: unknown[]) => unknown;
      return async (...args: unknown[]): Promise<unknown> => {
        const started = performance.now();
        try {
          return await method.apply(object, args);
        } finally {
          record(`${port}.${property}`, performance.now() - started);
        }
      };
    },
  });
}

/**
 * Places `count` orders one after another through the place-order handler with timed ports.
 * Sets this process's environment to the function's (that is how the handler is configured).
 */
export async function placeOrderBreakdown(stack: RunningLocalStack, count: number, pauseMs = 2_000): Promise<{ handlerP50: number; handlerP90: number; ports: PortTiming[]; orderIds: string[] }> {
  const route = stack.app.routes.find((candidate) => candidate.method === 'POST' && candidate.resourcePath === '/orders');
  const spec = route === undefined ? undefined : stack.functions.find(route.functionArn);
  if (spec === undefined) throw new Error('no POST /orders function in the assembly');
  Object.assign(process.env, spec.environment, {
    AWS_REGION: stack.endpoints.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamoDb,
    AWS_ENDPOINT_URL_SFN: stack.endpoints.stepFunctions,
    AWS_ENDPOINT_URL_EVENTBRIDGE: stack.endpoints.awsServices,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const { createPlaceOrderHandler, PLACE_ORDER_CACHE_MS } = await import('../../functions/http/orders/place-order.handler');
  const { createDoorDependencies } = await import('../../functions/http/shared/door-dependencies');
  const real = createDoorDependencies(['catalog', 'stock', 'orders', 'workflow', 'executionArns']);
  const durations = new Map<string, number[]>();
  const record = (call: string, ms: number): void => {
    const list = durations.get(call) ?? [];
    list.push(ms);
    durations.set(call, list);
  };
  const wrap = <T extends object>(port: string, build: () => T): (() => T) => {
    const adapter = timed(port, build(), record);
    return () => adapter;
  };
  const handler = createPlaceOrderHandler({
    now: real.now,
    catalog: wrap('catalog', real.catalog),
    stock: wrap('stock', real.stock),
    orders: wrap('orders', real.orders),
    workflow: wrap('workflow', real.workflow),
    executionArns: real.executionArns,
  }, { cacheMs: PLACE_ORDER_CACHE_MS });
  const context = { functionName: spec.name, awsRequestId: '', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
  const handlerTimes: number[] = [];
  const orderIds: string[] = [];
  // The first request pays for module and connection setup: not counted.
  for (let index = -1; index < count; index += 1) {
    const event = {
      httpMethod: 'POST',
      path: '/orders',
      resource: '/orders',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      multiValueHeaders: {},
      queryStringParameters: null,
      pathParameters: null,
      body: JSON.stringify(seedOrderRequests[SAMPLES[(index + SAMPLES.length) % SAMPLES.length]!]),
      isBase64Encoded: false,
      requestContext: { requestId: randomUUID(), identity: { apiKeyId: 'bench-breakdown' } },
    } as unknown as APIGatewayProxyEvent;
    if (index === -1) durations.clear();
    const started = performance.now();
    const result = await handler(event, { ...context, awsRequestId: randomUUID() });
    if (index >= 0) handlerTimes.push(performance.now() - started);
    if (result.statusCode !== 201) throw new Error(`POST /orders (in process) answered ${result.statusCode}: ${result.body}`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    orderIds.push(String((JSON.parse(result.body) as { orderId?: unknown }).orderId));
    if (index === -1) durations.clear();
  }
  const total = handlerTimes.reduce((a, b) => a + b, 0);
  const ports = [...durations.entries()]
    .map(([call, list]) => ({ call, perRequest: list.length / count, p50: percentile(list, 0.5), p90: percentile(list, 0.9), share: list.reduce((a, b) => a + b, 0) / total }))
    .sort((a, b) => b.share - a.share);
  return { handlerP50: percentile(handlerTimes, 0.5), handlerP90: percentile(handlerTimes, 0.9), ports, orderIds };
}

export function breakdownTable(result: Awaited<ReturnType<typeof placeOrderBreakdown>>): string {
  const inPorts = result.ports.reduce((sum, port) => sum + port.share, 0);
  return table(
    ['call', 'calls / request', 'p50 ms', 'p90 ms', 'share of handler time'],
    [
      ...result.ports.map((port) => [port.call, port.perRequest, port.p50, port.p90, `${(port.share * 100).toFixed(0)} %`] as (string | number)[]),
      ['(the rest: validation, pricing, promise, middy; stock and load reads overlap)', '', '', '', `${Math.max(0, (1 - inPorts) * 100).toFixed(0)} %`],
      ['whole handler', 1, result.handlerP50, result.handlerP90, '100 %'],
    ],
  );
}
