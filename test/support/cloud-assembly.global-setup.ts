/**
 * Synthesizes the CDK app once for the end-to-end project (real esbuild bundling, as `npm start`
 * does) into `.mto-local/e2e-cdk.out` and hands its path to the tests through
 * `inject('cdkOutDir')`. The assembly lives inside the project so the bundles resolve the AWS SDK
 * from the project's node_modules, as Lambda's runtime provides it.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    cdkOutDir: string;
  }
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function setup(project: TestProject): void {
  const cdkOutDir = join(projectRoot, '.mto-local', 'e2e-cdk.out');
  const synth = spawnSync(join(projectRoot, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', cdkOutDir], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (synth.status !== 0) {
    throw new Error(`cdk synth failed for the end-to-end tests (exit ${String(synth.status)}):\n${synth.stderr.slice(-4_000)}`);
  }
  project.provide('cdkOutDir', cdkOutDir);
}
