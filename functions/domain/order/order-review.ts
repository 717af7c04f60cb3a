/**
 * Order review rules: clear cases pass automatically, the rest go to a person with the reasons.
 */
import type { Catalog } from '../catalog/catalog.types';
import type { Order } from './order.types';
import { validateOrderRequest } from './order-validation';

/** One rule that sends the order to a person. */
export interface ReviewFinding {
  readonly rule: 'configuration' | 'margin' | 'promise-date' | 'approval-limit';
  readonly message: string;
}

/** The rules' verdict. */
export type ReviewVerdict =
  | { readonly outcome: 'auto-approve'; readonly findings: readonly [] }
  | { readonly outcome: 'needs-human'; readonly findings: readonly ReviewFinding[] };

function euros(cents: number, currency: string): string {
  return `${currency} ${(cents / 100).toFixed(2)}`;
}

/**
 * Reviews an order: the configuration is still valid against the (current) catalog, the quoted
 * margin reaches `policy.minimumMarginFraction`, the promise date is on or before the requested
 * date, and the price is within `policy.autoApprovalLimitCents`. All pass: auto-approve; otherwise
 * a person decides, told every reason.
 */
export function reviewOrder(order: Order, catalog: Catalog): ReviewVerdict {
  const findings: ReviewFinding[] = [];
  const validated = validateOrderRequest(
    { customer: order.customer, lines: order.lines, requestedDeliveryDate: order.requestedDeliveryDate, priority: order.priority },
    catalog,
  );
  if (!validated.ok) {
    for (const problem of validated.problems) findings.push({ rule: 'configuration', message: `${problem.path}: ${problem.message}` });
  }
  const { policy } = catalog;
  if (order.quote.marginFraction < policy.minimumMarginFraction) {
    findings.push({
      rule: 'margin',
      message: `quoted margin ${(order.quote.marginFraction * 100).toFixed(1)} % is below the minimum of ${(policy.minimumMarginFraction * 100).toFixed(1)} %`,
    });
  }
  if (order.promise.date > order.requestedDeliveryDate) {
    findings.push({ rule: 'promise-date', message: `earliest delivery ${order.promise.date} is after the requested ${order.requestedDeliveryDate}` });
  }
  if (order.quote.priceCents > policy.autoApprovalLimitCents) {
    findings.push({
      rule: 'approval-limit',
      message: `order value ${euros(order.quote.priceCents, order.quote.currency)} is above the auto-approval limit of ${euros(policy.autoApprovalLimitCents, order.quote.currency)}`,
    });
  }
  return findings.length === 0 ? { outcome: 'auto-approve', findings: [] } : { outcome: 'needs-human', findings };
}
