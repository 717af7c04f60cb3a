/**
 * Finds what must never happen twice in an order's life, from the outside views of the local stack
 * (the event archive, the email outbox): the crash and fault tests assert the lists are empty, so a
 * failure names each duplicate.
 *
 * Events carry a deterministic `detail.eventId`: a republished event (same id) is a duplicate
 * delivery that consumers drop, as the event contract says. A step that ran twice and did its work
 * twice shows up as the same occurrence under two different ids (or as two emails for one approval).
 */
import type { ArchivedEvent, OutboxEmailView } from '../../../local/cli/local-client';

/** Event types that happen once per order (or once per subject: a PO, an approval) on a path without revisions or rework. */
const ONCE_PER_SUBJECT = [
  'Order.Placed',
  'Order.DesignApproved',
  'Stock.Reserved',
  'PurchaseOrder.Placed',
  'PurchaseOrder.Acknowledged',
  'PurchaseOrder.Delivered',
  'PurchaseOrder.Cancelled',
  'Order.MaterialsReady',
  'Production.Released',
  'Order.InspectionPassed',
  'Order.ShipmentBooked',
  'Order.Delivered',
  'Order.Failed',
  'Order.Compensated',
  'Approval.Requested',
  'Approval.Decided',
] as const;

function subjectOf(event: ArchivedEvent): string {
  const detail = event.detail;
  const subject = detail.poId ?? detail.approvalId ?? '';
  return `${String(detail.orderId)} ${event['detail-type']} ${typeof subject === 'string' ? subject : JSON.stringify(subject)}`.trim();
}

/** Envelope ids seen twice (the bus archived one entry twice, e.g. replayed after a restart). */
export function duplicateEnvelopeIds(events: readonly ArchivedEvent[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const event of events) {
    if (seen.has(event.id)) duplicates.push(`event id ${event.id} (${event['detail-type']}) is archived twice`);
    seen.add(event.id);
  }
  return duplicates;
}

/** Occurrences that should be single but carry several event ids: work done twice. */
export function duplicateOccurrences(events: readonly ArchivedEvent[], orderIds: readonly string[]): string[] {
  const ids = new Map<string, Set<string>>();
  for (const event of events) {
    if (!orderIds.includes(String(event.detail.orderId))) continue;
    if (!(ONCE_PER_SUBJECT as readonly string[]).includes(event['detail-type'])) continue;
    const key = subjectOf(event);
    const set = ids.get(key) ?? new Set<string>();
    set.add(typeof event.detail.eventId === 'string' ? event.detail.eventId : event.id);
    ids.set(key, set);
  }
  return [...ids].filter(([, set]) => set.size > 1).map(([key, set]) => `${key} happened ${set.size} times (event ids ${[...set].join(', ')})`);
}

/** The approval a message links to (`/approvals/{approvalId}?...`), if any. */
export function approvalIdOf(email: OutboxEmailView): string | undefined {
  return /\/approvals\/([A-Za-z0-9_-]+)\?/.exec(`${email.text ?? ''}\n${email.html ?? ''}`)?.[1];
}

/** Approvals whose request went out more than once (reminders aside: their subject says so). */
export function duplicateApprovalEmails(emails: readonly OutboxEmailView[]): string[] {
  const counts = new Map<string, number>();
  for (const email of emails) {
    const approvalId = approvalIdOf(email);
    if (approvalId === undefined || /remind|escalat/i.test(email.subject)) continue;
    counts.set(approvalId, (counts.get(approvalId) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([approvalId, count]) => `approval ${approvalId} was requested by ${count} emails`);
}
