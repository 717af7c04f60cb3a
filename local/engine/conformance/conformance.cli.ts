/**
 * `npm run conformance -- <cases.json> [--verbose] [--only <name-substring>]`: runs the cases
 * through the engine's API and prints pass counts by certainty. Exits 1 when a `spec` or `aws-*`
 * case fails (`peer` cases are reported, not enforced: AWS behaviour is unverified there).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runConformance, tally, type ConformanceCase } from './conformance-runner';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { verbose: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const file = positionals[0];
if (file === undefined) {
  console.error('Usage: npm run conformance -- <cases.json> [--verbose] [--only <name-substring>]');
  process.exit(2);
}
const all = JSON.parse(await readFile(file, 'utf8')) as ConformanceCase[];
const cases = values.only === undefined ? all : all.filter((testCase) => testCase.name.includes(values.only as string));
const started = performance.now();
const results = await runConformance(cases);
for (const result of results) {
  if (result.passed && !values.verbose) continue;
  console.log(`${result.passed ? 'PASS' : 'FAIL'} [${result.certainty}] ${result.name}${result.passed ? '' : `\n     ${result.problems.join('\n     ')}`}`);
}
const counts = tally(results);
const passed = results.filter((result) => result.passed).length;
console.log(`\n${passed}/${results.length} cases passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const [certainty, count] of Object.entries(counts)) console.log(`  ${certainty.padEnd(13)} ${count.passed}/${count.total}`);
const enforcedFailures = results.filter((result) => !result.passed && result.certainty !== 'peer').length;
process.exit(enforcedFailures > 0 ? 1 : 0);
