/**
 * Bundle size and cold module-init time per Lambda, next to a bare handler that imports only the
 * same AWS SDK clients (the floor). Bundles are built with the options infra uses for NodejsFunction
 * (esbuild, ESM, minified, AWS SDK external). Init time: fresh Node processes importing the bundle,
 * interleaved with fresh processes importing its floor in alternating pairs (floor-handler, then
 * handler-floor, ...), so both see the same machine load and neither always runs second; the row
 * gives each one's median and the ratio of the medians. The floor imports exactly the AWS SDK
 * packages the bundle's metafile says it imports.
 *
 * Not a test: `npm run bench:bundles [-- --pairs 21] [-- --only <name part>,<name part>]`; results in
 * bench/results/bundles.md (only written for a full run).
 */
import { build, type Metafile } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROUTES } from '../../functions/http/routes';
import { STEP_NAMES, stepEntry } from '../../workflows/step-names';
import { existsSync } from 'node:fs';
import { DEFAULT_CALENDAR, DEFAULT_THRESHOLDS } from '../../infra/settings';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Inside the repository so the external AWS SDK resolves from node_modules, as the runtime provides it.
const OUT = path.join(ROOT, 'bench', 'results', 'bundles');
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}
/** Pairs of cold starts per Lambda: 21 keeps the median steady on a shared 2-core machine. */
const PAIRS = Number(option('pairs') ?? 21);
const ONLY = option('only');
const SIZE_LIMIT = 500 * 1024;
const RATIO_LIMIT = 1.5;

const banner = "import { createRequire as __mtoCreateRequire } from 'node:module'; const require = __mtoCreateRequire(import.meta.url);";

async function bundle(entryAbsolute: string, outfile: string): Promise<{ bytes: number; sdk: string[] }> {
  const result = await build({
    entryPoints: [entryAbsolute],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    banner: { js: banner },
    metafile: true,
    logLevel: 'silent',
  });
  const meta: Metafile = result.metafile;
  const sdk = new Set<string>();
  for (const input of Object.values(meta.inputs)) {
    for (const imported of input.imports) {
      if (imported.external && imported.path.startsWith('@aws-sdk/')) sdk.add(imported.path.split('/').slice(0, 2).join('/'));
    }
  }
  return { bytes: statSync(outfile).size, sdk: [...sdk].sort() };
}

/**
 * Milliseconds from the start of the import to its end in a fresh process: wall clock, and the
 * process's CPU time over the same span (less sensitive to other work on a shared machine).
 */
function importMs(file: string): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(file)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  const env = { ...process.env, TABLE_NAME: 't', EVENT_BUS_NAME: 'b', SENDER_EMAIL: 'a@b.example', SLACK_CHANNEL: 'C1', PUBLIC_BASE_URL: 'https://x.example', ORDER_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', POWERTOOLS_TRACE_ENABLED: 'false', AWS_REGION: 'us-east-1',
    APPROVERS: JSON.stringify({ orderReview: ['a@b.example'], designApproval: ['a@b.example'], escalation: ['a@b.example'], buyers: ['a@b.example'] }),
    THRESHOLDS: JSON.stringify(DEFAULT_THRESHOLDS), BUSINESS_CALENDAR: JSON.stringify(DEFAULT_CALENDAR) };
  try {
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { wall: number; cpu: number };
  } catch (error) {
    const raw = (error as { stderr?: unknown }).stderr;
    const stderr = typeof raw === 'string' ? raw : '';
    throw new Error(`importing ${path.relative(ROOT, file)} failed: ${stderr.split('\n').filter((line) => /Error/.test(line)).slice(-2).join(' | ').slice(0, 400)}`);
  }
}

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
};

/**
 * Cold init of a bundle and of its floor, median of PAIRS fresh processes each, measured in
 * alternating pairs (floor then bundle, bundle then floor, ...): on a busy machine a floor measured
 * once, minutes earlier, makes the ratio meaningless, and always running second would favour one.
 */
function pairedInitMs(file: string, floorFile: string): { ms: number; floorMs: number; cpuRatio: number } {
  const ms: { wall: number; cpu: number }[] = [];
  const floorMs: { wall: number; cpu: number }[] = [];
  for (let pair = 0; pair < PAIRS; pair += 1) {
    if (pair % 2 === 0) {
      floorMs.push(importMs(floorFile));
      ms.push(importMs(file));
    } else {
      ms.push(importMs(file));
      floorMs.push(importMs(floorFile));
    }
  }
  const wall = (samples: { wall: number }[]): number => median(samples.map((sample) => sample.wall));
  const cpu = (samples: { cpu: number }[]): number => median(samples.map((sample) => sample.cpu));
  return { ms: wall(ms), floorMs: wall(floorMs), cpuRatio: cpu(ms) / cpu(floorMs) };
}

const entries = [
  ...STEP_NAMES.map((name) => ({ name: `step ${name}`, entry: stepEntry(name) })),
  ...ROUTES.filter((route) => existsSync(path.join(ROOT, route.entry))).map((route) => ({ name: `http ${route.operationId}`, entry: route.entry })),
].filter(({ name }) => ONLY === undefined || ONLY.split(',').some((part) => name.includes(part)));

mkdirSync(OUT, { recursive: true });
const rows: string[] = [];
const sizes: number[] = [];
const ratios: number[] = [];
const floors = new Map<string, { bytes: number; file: string }>();
for (const { name, entry } of entries) {
  const slug = name.replace(/\W+/g, '-');
  const bundled = await bundle(path.join(ROOT, entry), path.join(OUT, slug, 'index.mjs'));
  const key = bundled.sdk.join(',');
  if (!floors.has(key)) {
    const bareSource = path.join(OUT, `bare-${floors.size}.mjs`);
    writeFileSync(bareSource, `${bundled.sdk.map((module) => `import '${module}';`).join('\n')}\nexport const handler = async () => ({});\n`);
    const bareFile = path.join(OUT, `bare-${floors.size}`, 'index.mjs');
    const bare = await bundle(bareSource, bareFile);
    floors.set(key, { bytes: bare.bytes, file: bareFile });
  }
  const floor = floors.get(key)!;
  const { ms, floorMs, cpuRatio } = pairedInitMs(path.join(OUT, slug, 'index.mjs'), floor.file);
  const ratio = ms / floorMs;
  sizes.push(bundled.bytes);
  ratios.push(ratio);
  const ok = bundled.bytes < SIZE_LIMIT && ratio <= RATIO_LIMIT;
  rows.push(`| ${name} | ${(bundled.bytes / 1024).toFixed(0)} KB | ${ms.toFixed(1)} ms | ${floorMs.toFixed(1)} ms | ${ratio.toFixed(2)}x | ${cpuRatio.toFixed(2)}x | ${bundled.sdk.map((module) => module.replace('@aws-sdk/', '')).join(', ')} | ${ok ? 'ok' : 'OVER'} |`);
  console.log(rows.at(-1));
}
const table = [
  `# Lambda bundles (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${PAIRS} alternating pairs of cold imports)`,
  '',
  `Goal: under ${SIZE_LIMIT / 1024} KB and within ${RATIO_LIMIT}x of a bare handler importing the same AWS SDK clients.`,
  '',
  `Cold init: the median of ${PAIRS} fresh Node processes importing the bundle, each paired with a fresh process importing its floor (alternating which goes first); ratio = median / floor median (the goal); CPU ratio = the same for the process CPU time spent importing, which other work on a shared machine disturbs less. The floor imports exactly the AWS SDK packages in the bundle's esbuild metafile.`,
  '',
  `Summary: largest bundle ${(Math.max(...sizes) / 1024).toFixed(0)} KB, highest ratio ${Math.max(...ratios).toFixed(2)}x, ${rows.filter((row) => row.endsWith('OVER |')).length} of ${rows.length} over the goal.`,
  '',
  '| Lambda | bundle | cold init | bare floor | ratio | CPU ratio | AWS SDK clients | goal |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
if (ONLY === undefined) {
  writeFileSync(path.join(ROOT, 'bench', 'results', 'bundles.md'), table);
  console.log(`\nwrote bench/results/bundles.md`);
} else {
  console.log(`\n(--only: bench/results/bundles.md not written)\n${table}`);
}
