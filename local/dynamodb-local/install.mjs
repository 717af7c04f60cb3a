#!/usr/bin/env node
// Fetches the real DynamoDB Local (Java) once, from the npm registry, into node_modules/.cache.
//
// Why not a dependency: amplify-dynamodb-simulator ships the jar we need, but installing it pulls
// ~280 packages through amplify-cli-core. We only need its `emulator/` folder, so we `npm pack` the
// tarball (same registry, same integrity checks) and unpack that folder alone. Idempotent: a
// second run with the jar present does nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EMULATOR_DIR = join(projectRoot, 'node_modules/.cache/mto-dynamodb-local/emulator');

function fail(message) {
  console.error(`mto-flow: ${message}`);
  process.exit(1);
}

function checkJava() {
  try {
    const out = execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out;
  } catch (error) {
    if (error && error.code === 'ENOENT') {
      fail('Java 17 or newer is required for DynamoDB Local but `java` was not found on PATH. Install it (Debian: apt-get install openjdk-17-jre-headless) and retry.');
    }
    // `java -version` prints to stderr and exits 0; any other failure is reported as is.
    return '';
  }
}

if (existsSync(join(EMULATOR_DIR, 'DynamoDBLocal.jar'))) {
  checkJava();
  process.exit(0);
}

checkJava();
const work = mkdtempSync(join(tmpdir(), 'mto-ddb-local-'));
try {
  const tarball = execFileSync('npm', ['pack', SIMULATOR_PACKAGE, '--silent', '--pack-destination', work], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', join(work, tarball), '-C', work, 'package/emulator']);
  mkdirSync(dirname(EMULATOR_DIR), { recursive: true });
  rmSync(EMULATOR_DIR, { recursive: true, force: true });
  renameSync(join(work, 'package/emulator'), EMULATOR_DIR);
  console.log(`mto-flow: DynamoDB Local unpacked into ${EMULATOR_DIR}`);
} catch (error) {
  fail(`could not fetch DynamoDB Local (${SIMULATOR_PACKAGE}) from the npm registry: ${error.message}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
