/**
 * `npm run demo`: places five orders on a running `npm start` and drives each to its end through
 * mto-flow's doors, one path of the make-to-order lifecycle each, then prints every timeline and a
 * summary (path taken, lead time, quoted against actual cost).
 */
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import { LocalClient } from '../cli/local-client';
import { renderTimeline } from '../cli/render';
import { driveOrder, type DrivenOrder, type OrderScript } from './order-driver';

interface Scenario {
  readonly title: string;
  readonly sample: SeedOrderRequestName;
  readonly script: OrderScript;
  /** Supplier behaviours this scenario needs while it runs. */
  readonly suppliers?: Readonly<Record<string, string>>;
}

export const SCENARIOS: readonly Scenario[] = [
  { title: 'clean order', sample: 'oakDiningTable', script: {} },
  { title: 'design rejected, revised, approved', sample: 'walnutExtendingTable', script: { rejectFirstDesign: 'Trestle legs must sit 100 mm further in; please revise.' } },
  { title: 'supplier rejects, PO re-sourced to the alternate', sample: 'machineParts', script: {}, suppliers: { 'sup-steelstock': 'reject' } },
  { title: 'QC fails, rework, passes', sample: 'officeShelving', script: { failFirstInspection: true } },
  { title: 'cancelled while procuring (compensation)', sample: 'hotelFitOut', script: { cancelWhileProcuring: 'The hotel postponed its refurbishment.' }, suppliers: { 'sup-nordic-timber': 'silent' } },
];

function money(cents: unknown): string {
  return typeof cents === 'number' ? (cents / 100).toFixed(2) : '-';
}

export async function runDemo(client: LocalClient, log: (line: string) => void = console.log): Promise<{ scenario: Scenario; result: DrivenOrder }[]> {
  const run = async (scenario: Scenario): Promise<{ scenario: Scenario; result: DrivenOrder }> => {
    const index = SCENARIOS.indexOf(scenario);
    const { body } = await client.placeOrder(seedOrderRequests[scenario.sample], randomUUID());
    const orderId = String(body.orderId);
    log(`#${index + 1} ${scenario.title}: placed ${orderId}, promised for ${String((body.promise as { date?: string }).date)}`);
    const result = await driveOrder(client, orderId, scenario.script, { onStatus: (status) => log(`#${index + 1} ${orderId} -> ${status}`) });
    return { scenario, result };
  };
  // A supplier told to reject or go silent does so for every PO it gets, and which order's PO reaches
  // it depends on who reserves the stock first: such a scenario runs alone, the others together.
  const alone = SCENARIOS.filter((scenario) => scenario.suppliers !== undefined);
  const together = SCENARIOS.filter((scenario) => scenario.suppliers === undefined);
  const results = new Map<Scenario, { scenario: Scenario; result: DrivenOrder }>();
  for (const scenario of alone) {
    const suppliers = Object.entries(scenario.suppliers ?? {});
    try {
      for (const [supplierId, mode] of suppliers) await client.supplierBehaviour(supplierId, { mode });
      results.set(scenario, await run(scenario));
    } finally {
      for (const [supplierId] of suppliers) await client.supplierBehaviour(supplierId, { mode: 'normal' });
    }
  }
  for (const done of await Promise.all(together.map(run))) results.set(done.scenario, done);
  return SCENARIOS.map((scenario) => results.get(scenario)!);
}

export async function printReport(client: LocalClient, results: { scenario: Scenario; result: DrivenOrder }[], log: (line: string) => void = console.log): Promise<void> {
  for (const [index, { scenario, result }] of results.entries()) {
    log(`\n#${index + 1} ${scenario.title} - ${result.orderId} (${result.finalStatus})`);
    log(renderTimeline(await client.timeline(result.orderId)));
  }
  log('\n  # | scenario                                          | order                     | path taken                                                        | lead time | quoted cost | actual cost | price    | margin');
  for (const [index, { scenario, result }] of results.entries()) {
    const quote = result.order.quote as { estimatedCost?: { totalCents?: number }; priceCents?: number } | undefined;
    const actual = result.order.actualCost as { cost?: { totalCents?: number }; marginFraction?: number } | undefined;
    const margin = actual?.marginFraction === undefined ? '-' : `${(actual.marginFraction * 100).toFixed(1)} %`;
    log(
      `  ${index + 1} | ${scenario.title.padEnd(49)} | ${result.orderId.padEnd(25)} | ${result.path.join(' > ').padEnd(65)} | ${`${result.seconds.toFixed(1)} s`.padStart(9)} | ${money(quote?.estimatedCost?.totalCents).padStart(11)} | ${money(actual?.cost?.totalCents).padStart(11)} | ${money(quote?.priceCents).padStart(8)} | ${margin}`,
    );
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dataDir = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1]! : join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), '.mto-local');
  let client: LocalClient;
  try {
    client = LocalClient.fromDataDir(dataDir);
  } catch {
    console.error(`demo: no running mto-flow found (${join(dataDir, 'endpoints.json')}): start it with \`npm start\` in another terminal first`);
    process.exit(1);
  }
  try {
    const results = await runDemo(client);
    await printReport(client, results);
    const unexpected = results.filter(({ scenario, result }) => result.finalStatus !== (scenario.script.cancelWhileProcuring === undefined ? 'delivered' : 'cancelled'));
    process.exit(unexpected.length === 0 ? 0 : 1);
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
