/**
 * The client side of `npm run bench:api`, run as its own process so that the load generator does not
 * share an event loop with the API it measures: autocannon posting seed order requests to
 * `POST /orders`, each with its own Idempotency-Key, as an integration would. Prints autocannon's
 * result as one JSON line and writes the order ids of every 2xx answer to `--out`.
 *
 * Options: --url URL --api-key KEY --connections N --duration S --out FILE [--rate requests/s overall]
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'api-key': { type: 'string' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    rate: { type: 'string' },
    out: { type: 'string' },
  },
});
if (args.url === undefined || args['api-key'] === undefined || args.out === undefined) {
  console.error('post-orders.autocannon: --url, --api-key and --out are required');
  process.exit(2);
}

/** Every valid sample, in turn: stock and bought parts, small and large orders. */
const SAMPLES: readonly SeedOrderRequestName[] = ['oakDiningTable', 'walnutExtendingTable', 'officeShelving', 'machineParts', 'hotelFitOut'];
const bodies = SAMPLES.map((name) => JSON.stringify(seedOrderRequests[name]));
let sent = 0;
const orderIds: string[] = [];
const statuses: Record<string, number> = {};
const failureBodies: string[] = [];
/** [answered at (ms since the start), latency (ms)] of every answer, for the latency by second. */
const answers: [number, number][] = [];
const startedAt = Date.now();

const result = await autocannon({
  url: args.url,
  connections: Number(args.connections),
  duration: Number(args.duration),
  ...(args.rate === undefined ? {} : { overallRate: Number(args.rate) }),
  setupClient: (client) => client.on('response', (_status, _bytes, latencyMs) => answers.push([Date.now() - startedAt, latencyMs])),
  requests: [
    {
      method: 'POST',
      path: '/orders',
      setupRequest: (request) => {
        const body = bodies[sent % bodies.length]!;
        sent += 1;
        return { ...request, body, headers: { ...request.headers, 'content-type': 'application/json', 'x-api-key': args['api-key']!, 'idempotency-key': randomUUID() } };
      },
      onResponse: (status, body) => {
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          const orderId = (JSON.parse(body) as { orderId?: unknown }).orderId;
          if (typeof orderId === 'string') orderIds.push(orderId);
        } else if (failureBodies.length < 5) {
          failureBodies.push(`${status}: ${body.slice(0, 300)}`);
        }
      },
    },
  ],
});

const bySecond = new Map<number, number[]>();
for (const [at, latency] of answers) bySecond.set(Math.floor(at / 1000), [...(bySecond.get(Math.floor(at / 1000)) ?? []), latency]);
const rank = (sorted: readonly number[], fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
const seconds = [...bySecond.entries()]
  .sort(([a], [b]) => a - b)
  .map(([second, latencies]) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return { second, answers: sorted.length, p50: rank(sorted, 0.5), p99: rank(sorted, 0.99), max: sorted.at(-1) ?? 0 };
  });
writeFileSync(args.out, `${JSON.stringify({ orderIds, statuses, failureBodies, seconds })}\n`);
console.log(
  JSON.stringify({
    duration: result.duration,
    requests: { total: result.requests.total, average: result.requests.average },
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, average: result.latency.average },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodeStats: result.statusCodeStats,
  }),
);
