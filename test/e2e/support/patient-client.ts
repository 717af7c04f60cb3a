/**
 * The local client, acting as a shipping desk that follows docs/api.md: a 409 `not-waiting` from
 * the shipping door ("the stage's wait is not open yet, retry shortly") is retried, instead of being
 * taken as done. The order driver calls each door once per status it sees, so without this a report
 * sent a moment before the wait opened would be lost and the order would never leave `shipping`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalApiError, LocalClient } from '../../../local/cli/local-client';
import type { LocalEndpoints } from '../../../local/runtime/local-stack';

const NOT_WAITING = 'urn:mto-flow:problem:not-waiting';

function isNotWaiting(error: unknown): boolean {
  if (!(error instanceof LocalApiError) || error.status !== 409) return false;
  const body = error.body as { type?: unknown } | null;
  return typeof body === 'object' && body !== null && body.type === NOT_WAITING;
}

export class PatientLocalClient extends LocalClient {
  /** The client of the `npm start` whose data folder this is (its endpoints.json and secrets.json). */
  public static forDataDir(dataDir: string): PatientLocalClient {
    const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as LocalEndpoints;
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { iam: { accessKeyId: string; secretAccessKey: string } };
    return new PatientLocalClient({ endpoints, iam: secrets.iam });
  }

  public override async reportShipment(orderId: string, report: unknown): Promise<{ status: number; body: unknown }> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await super.reportShipment(orderId, report);
      } catch (error) {
        if (!isNotWaiting(error) || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}
