/**
 * Starts the synthesized app on the local stack for one test file: fresh data folder, free ports,
 * suppliers answering at once unless a test says otherwise, and a client that drives it through its
 * doors only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { LocalClient } from '../../../local/cli/local-client';
import { startLocalStack, type LocalStackOptions, type RunningLocalStack } from '../../../local/runtime/local-stack';
import { seedLocalData } from '../../../local/runtime/seed';

export interface StartedStack {
  readonly stack: RunningLocalStack;
  readonly client: LocalClient;
  readonly dataDir: string;
}

export async function startTestStack(overrides: Partial<LocalStackOptions> = {}): Promise<StartedStack> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'mto-e2e-'));
  const stack = await startLocalStack({
    cdkOutDir: inject('cdkOutDir'),
    dataDir,
    apiPort: 0,
    seed: seedLocalData,
    defaultSupplierBehaviour: { mode: 'normal', acknowledgeAfterMs: 0, shipAfterMs: 0, deliverAfterMs: 0 },
    log: () => undefined,
    // Seconds per start that only speed up the first seconds of a load (npm start, which the crash
    // tests run, keeps it).
    warmUpDynamoDb: false,
    ...overrides,
  });
  const client = new LocalClient({ endpoints: stack.endpoints, iam: stack.secrets.iam });
  return { stack, client, dataDir };
}
