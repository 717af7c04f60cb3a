/**
 * "Act on this report once": machines (shop-floor terminals, QC stations, shipping systems) retry a
 * report they got no answer for, each report carrying its own id. The id is claimed before the work,
 * so a retry of a report that was acted on is a harmless duplicate; a failed attempt gives the claim
 * back, so the retry is acted on.
 */
import type { WebhookDedupStore } from '../ports/webhook-dedup-store';

export type ReportOutcome = 'recorded' | 'duplicate';

/** Longer than any sender's retry window. */
const REPORT_DEDUP_TTL_SECONDS = 7 * 24 * 3600;

/** Runs `work` once per (source, reportId); a repeat answers 'duplicate' and does nothing. */
export async function actOnce(deps: { readonly webhookDedup: WebhookDedupStore; readonly now: () => Date }, source: string, reportId: string, work: () => Promise<void>): Promise<ReportOutcome> {
  const first = await deps.webhookDedup.claim({ source, webhookId: reportId, receivedAt: deps.now().toISOString(), ttlSeconds: REPORT_DEDUP_TTL_SECONDS });
  if (!first) return 'duplicate';
  try {
    await work();
  } catch (error) {
    await deps.webhookDedup.release(source, reportId);
    throw error;
  }
  return 'recorded';
}
