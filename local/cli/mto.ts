/**
 * `npm run mto -- <command>`: drive a running `npm start` from the terminal, through the same doors
 * a shop, an approver, a supplier and the shop floor use.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedCatalog } from '../../functions/domain/catalog/seed';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import { inspectionResults, type OrderLineView } from './inspection-report';
import { labourHoursToBook } from './production-report';
import { LocalApiError, LocalClient } from './local-client';
import { renderTimeline, stageBar } from './render';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE = `usage: npm run mto -- <command>

  orders list [--status S] [--customer C]      list orders, newest first
  orders place [--sample NAME | --file F]      place an order (samples: ${Object.keys(seedOrderRequests).join(', ')})
  orders show <orderId>                        the order as the API returns it
  orders timeline <orderId>                    who did what, when and why
  orders watch <orderId>                       follow an order with a progress display until it ends
  orders cancel <orderId> [--reason TEXT]      cancel (compensates: POs cancelled, stock released)
  approve <orderId|approvalId>                 approve through the link in the approval email
  reject <orderId|approvalId> --comment TEXT   reject through the link, with a comment
  supplier <supplierId> mode <normal|reject|silent|late>
  supplier <supplierId> <acknowledge|reject|ship|deliver> <poId>
  suppliers                                    purchase orders the simulated suppliers received
  shop-floor complete <orderId>                report the build done (materials and labour)
  qc <pass|fail> <orderId>                     report the inspection result

Reads .mto-local/endpoints.json (written by npm start); --data DIR for another data folder.`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = args[index + 1];
  args.splice(index, 2);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const dataDir = option(args, 'data') ?? join(projectRoot, '.mto-local');
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help') {
    console.log(USAGE);
    return 0;
  }
  let client: LocalClient;
  try {
    client = LocalClient.fromDataDir(dataDir);
  } catch {
    console.error(`mto: no running mto-flow found (${join(dataDir, 'endpoints.json')} is missing): start it with \`npm start\``);
    return 1;
  }
  const [command, sub, ...rest] = args;
  switch (`${command} ${sub ?? ''}`.trim()) {
    case 'orders list': {
      const status = option(rest, 'status');
      const customer = option(rest, 'customer');
      const page = await client.listOrders({ ...(status === undefined ? {} : { status }), ...(customer === undefined ? {} : { customer }), limit: 50 });
      for (const order of page.items) {
        const promise = (order.promise as { date?: string } | undefined)?.date ?? '';
        console.log(`${String(order.orderId).padEnd(26)} ${String(order.status).padEnd(26)} promised ${promise}  ${String((order.customer as { name?: string } | undefined)?.name ?? '')}`);
      }
      if (page.items.length === 0) console.log('no orders');
      return 0;
    }
    case 'orders place': {
      const file = option(rest, 'file');
      const sample = (option(rest, 'sample') ?? 'oakDiningTable') as SeedOrderRequestName;
      const request: unknown = file !== undefined ? JSON.parse(readFileSync(file, 'utf8')) : seedOrderRequests[sample];
      if (request === undefined) throw new Error(`no sample named ${sample}; samples: ${Object.keys(seedOrderRequests).join(', ')}`);
      const { body } = await client.placeOrder(request, randomUUID());
      const promise = body.promise as { date: string; criticalPath: { description: string }[] };
      const quote = body.quote as { priceCents: number; currency: string };
      console.log(`placed ${String(body.orderId)}: ${String(body.status)}, promised for ${promise.date}, price ${quote.currency} ${(quote.priceCents / 100).toFixed(2)}`);
      for (const step of promise.criticalPath) console.log(`  - ${step.description}`);
      console.log(`follow it: npm run mto -- orders watch ${String(body.orderId)}`);
      return 0;
    }
    case 'orders show':
      console.log(JSON.stringify(await client.getOrder(required(rest[0], 'orderId')), null, 2));
      return 0;
    case 'orders timeline':
      console.log(renderTimeline(await client.timeline(required(rest[0], 'orderId'))));
      return 0;
    case 'orders watch': {
      const orderId = required(rest[0], 'orderId');
      let last = '';
      for (;;) {
        const order = await client.getOrder(orderId);
        const status = String(order.status);
        const line = `${stageBar(status)}  ${status}`;
        if (line !== last) {
          if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
          else console.log(line);
          last = line;
        }
        if (['delivered', 'cancelled', 'rejected', 'failed'].includes(status)) {
          if (process.stdout.isTTY) process.stdout.write('\n');
          const failure = order.failure as { step?: string; error?: string; cause?: string } | undefined;
          if (failure !== undefined) console.log(`failed at ${failure.step}: ${failure.error}: ${failure.cause}`);
          return 0;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    case 'orders cancel': {
      const reason = option(rest, 'reason') ?? 'Cancelled from the command line';
      console.log(JSON.stringify(await client.cancelOrder(required(rest[0], 'orderId'), reason), null, 2));
      return 0;
    }
    case 'suppliers': {
      for (const po of await client.supplierPurchaseOrders()) console.log(`${po.supplierId.padEnd(16)} ${po.poId.padEnd(28)} order ${po.orderId}  sent: ${po.sent.join(',') || '-'}${po.cancelled ? '  (cancelled)' : ''}`);
      return 0;
    }
    default:
      break;
  }
  if (command === 'approve' || command === 'reject') {
    const id = required(sub, 'orderId or approvalId');
    const comment = option(rest, 'comment');
    if (command === 'reject' && comment === undefined) throw new Error('reject needs --comment "what must change"');
    const link = (await client.findApprovalLink({ approvalId: id })) ?? (await client.findApprovalLink({ orderId: id }));
    if (link === undefined) throw new Error(`no approval email for ${id} in the outbox yet`);
    const result = await client.decideByLink(link, command, comment);
    console.log(`${command === 'approve' ? 'approved' : 'rejected'}: the page answered ${result.status}`);
    return result.status < 400 ? 0 : 1;
  }
  if (command === 'supplier') {
    const supplierId = required(sub, 'supplierId');
    const [action, value] = rest;
    if (action === 'mode') {
      console.log(JSON.stringify(await client.supplierBehaviour(supplierId, { mode: required(value, 'mode') })));
      return 0;
    }
    if (action === 'acknowledge' || action === 'reject' || action === 'ship' || action === 'deliver') {
      console.log(JSON.stringify(await client.supplierAct(supplierId, required(value, 'poId'), action)));
      return 0;
    }
  }
  if (command === 'shop-floor' && sub === 'complete') {
    const orderId = required(rest[0], 'orderId');
    const order = await client.getOrder(orderId);
    const result = await client.reportProgress(orderId, { event: 'production-completed', reportId: randomUUID(), reportedBy: 'cli', labourHours: labourHoursToBook(order, seedCatalog), consumedMaterials: [] });
    console.log(`reported: ${result.status}`);
    return 0;
  }
  if (command === 'qc' && (sub === 'pass' || sub === 'fail')) {
    const orderId = required(rest[0], 'orderId');
    const order = await client.getOrder(orderId);
    const lines = inspectionResults(order.lines as OrderLineView[], seedCatalog, sub);
    const result = await client.reportInspection(orderId, { reportId: randomUUID(), inspector: 'cli', lines });
    console.log(`reported: ${result.status}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new Error(`missing <${name}>`);
  return value;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`mto: ${error instanceof LocalApiError || error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

