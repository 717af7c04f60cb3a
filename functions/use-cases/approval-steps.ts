/**
 * Use cases of the human-approval machine: open the request (deadlines in working hours), wait for
 * the first decision (store the callback, then email and Slack once), expire, close (every channel
 * shows the outcome). The stored approval is the source of truth for who decided what and when.
 */
import { createHash } from 'node:crypto';
import { addWorkingHours } from '../domain/calendar/business-calendar';
import type { BusinessCalendar } from '../domain/calendar/business-calendar.types';
import type { Approval, ApprovalKind } from '../domain/approval/approval.types';
import { createEvent } from '../domain/events/order-events';
import { ApprovalAlreadyDecidedError, ApprovalAlreadyExistsError, ApprovalNotFoundError, ConcurrentModificationError } from '../ports/data-errors';
import type { ApprovalRepository } from '../ports/approval-repository';
import type { EventPublisher } from '../ports/event-publisher';
import type { ApprovalChat, EmailSender } from '../ports/notifier';
import type { IdempotencyStore } from '../ports/idempotency-store';
import type { OrderRepository } from '../ports/order-repository';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { approvalChatMessage, approvalEmail, type ApprovalRound } from './approval-messages';
import { openWait, waitKey, type WaitDeps } from './callback-waits';
import type { ApprovalResult } from './lifecycle-steps';
import { commitOrderChange, eventContextOf, onceOnly, requireOrder, type Clock } from './step-support';

export interface ApprovalTimeouts {
  readonly reminderWorkingHours: number;
  readonly escalationWorkingHours: number;
  readonly expiryWorkingHours: number;
}

export interface ApprovalRouting {
  readonly orderReview: readonly string[];
  readonly designApproval: readonly string[];
  readonly escalation: readonly string[];
}

export interface Deadlines {
  readonly reminderSeconds: number;
  readonly escalationSeconds: number;
  readonly expirySeconds: number;
}

/** Reminder, escalation and expiry instants in working hours, as the wait-state timeouts (seconds) between them. */
export function approvalDeadlines(calendar: BusinessCalendar, timeouts: ApprovalTimeouts, requestedAt: string, now: string): Deadlines & { expiresAt: string } {
  const remindAt = addWorkingHours(calendar, requestedAt, timeouts.reminderWorkingHours);
  const escalateAt = addWorkingHours(calendar, remindAt, timeouts.escalationWorkingHours);
  const expiresAt = addWorkingHours(calendar, escalateAt, timeouts.expiryWorkingHours);
  const seconds = (from: string, to: string): number => Math.max(1, Math.ceil((Date.parse(to) - Date.parse(from)) / 1000));
  return {
    reminderSeconds: seconds(now, remindAt),
    escalationSeconds: seconds(remindAt, escalateAt),
    expirySeconds: seconds(escalateAt, expiresAt),
    expiresAt,
  };
}

export interface OpenApprovalDeps {
  readonly approvals: ApprovalRepository;
  readonly orders: OrderRepository;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
  readonly timeouts: ApprovalTimeouts;
  readonly routing: ApprovalRouting;
}

export interface ApprovalRequest {
  readonly orderId: string;
  readonly kind: ApprovalKind;
  readonly designRevision?: number;
  readonly reasons?: readonly string[];
}

/** Not secret (links are signed), but stable: the same child execution always opens the same approval. */
export function approvalIdFor(executionName: string): string {
  return `apr_${createHash('sha256').update(executionName).digest('base64url').slice(0, 24)}`;
}

export function createOpenApproval(deps: OpenApprovalDeps) {
  return async ({ request, executionName }: { orderId: string; request: ApprovalRequest; executionName: string }): Promise<{ approvalId: string; deadlines: Deadlines }> => {
    const approvalId = approvalIdFor(executionName);
    const now = deps.clock();
    const existing = await deps.approvals.get(approvalId);
    if (existing !== undefined) {
      const { expiresAt: _expiresAt, ...deadlines } = approvalDeadlines(deps.calendar, deps.timeouts, existing.requestedAt, now);
      return { approvalId, deadlines };
    }
    const order = await requireOrder(deps.orders, request.orderId);
    const { expiresAt, ...deadlines } = approvalDeadlines(deps.calendar, deps.timeouts, now, now);
    const approval: Approval = {
      approvalId,
      orderId: order.orderId,
      kind: request.kind,
      ...(request.designRevision === undefined ? {} : { designRevision: request.designRevision }),
      approvers: request.kind === 'design-approval' ? deps.routing.designApproval : deps.routing.orderReview,
      status: 'pending',
      requestedAt: now,
      expiresAt,
      callbackId: 'not-waiting-yet',
      linkGeneration: 1,
      subject:
        request.kind === 'design-approval'
          ? `Design revision ${request.designRevision ?? order.designRevision} for ${order.customer.name}`
          : `Order from ${order.customer.name}: ${(order.quote.priceCents / 100).toFixed(2)} ${order.quote.currency}, promised ${order.promise.date}`,
      details: {
        customer: order.customer.name,
        requestedDeliveryDate: order.requestedDeliveryDate,
        promiseDate: order.promise.date,
        margin: `${(order.quote.marginFraction * 100).toFixed(1)} %`,
        ...(request.reasons === undefined || request.reasons.length === 0 ? {} : { reasons: request.reasons.join('; ') }),
      },
      version: 1,
    };
    try {
      await deps.approvals.create(approval);
    } catch (error) {
      if (!(error instanceof ApprovalAlreadyExistsError)) throw error;
    }
    return { approvalId, deadlines };
  };
}

export interface AwaitDecisionDeps extends WaitDeps {
  readonly approvals: ApprovalRepository;
  readonly orders: OrderRepository;
  readonly events: EventPublisher;
  readonly email: EmailSender;
  readonly chat: ApprovalChat;
  readonly workflow: Pick<WorkflowGateway, 'sendTaskSuccess'>;
  readonly routing: ApprovalRouting;
  /** A signed link for one approver (functions/shared/security/approval-link.ts). */
  readonly linkFor: (approval: Approval, approver: string) => Promise<string>;
}

/** The result the machine returns, from the stored approval. */
export function resultOf(approval: Approval): ApprovalResult {
  const outcome = approval.status === 'approved' || approval.status === 'rejected' ? approval.status : 'expired';
  return {
    approvalId: approval.approvalId,
    outcome,
    decidedBy: approval.decision?.decidedBy ?? null,
    decidedAt: approval.decision?.decidedAt ?? null,
    comment: approval.decision?.comment ?? null,
  };
}

export function createAwaitApprovalDecision(deps: AwaitDecisionDeps) {
  return async ({ approvalId, at, round, taskToken, attempt }: { orderId: string; at: string; approvalId: string; round: ApprovalRound; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string }> => {
    const approval = await deps.approvals.get(approvalId);
    if (approval === undefined) throw new ApprovalNotFoundError(approvalId);
    if (approval.status !== 'pending') {
      // Decided while no wait was open (between two rounds): finish this wait with that decision.
      await deps.workflow.sendTaskSuccess(taskToken, resultOf(approval));
      return { callbackId: approval.callbackId };
    }
    const ttlSeconds = (Date.parse(approval.expiresAt) - Date.parse(deps.clock())) / 1000;
    const key = waitKey('approval', approvalId, at);
    const callbackId = await openWait(deps, {
      purpose: 'approval',
      orderId: approval.orderId,
      subjectId: approvalId,
      taskToken,
      at,
      attempt,
      ttlSeconds,
      // Decided while an earlier attempt's token was bound: the approval keeps the decision.
      storedAnswer: async () => {
        const decided = await deps.approvals.get(approvalId);
        return decided === undefined || decided.status === 'pending' ? undefined : resultOf(decided);
      },
      notify: async (newCallbackId) => {
        const approvers = round === 'escalation' ? [...new Set([...approval.approvers, ...deps.routing.escalation])] : approval.approvers;
        let current = await deps.approvals.update({ ...approval, callbackId: newCallbackId, approvers }, approval.version);
        const now = deps.clock();
        for (const approver of round === 'escalation' ? deps.routing.escalation : approvers) {
          await onceOnly(deps.idempotency, now, `${key}/email/${approver}`, async () => {
            const sent = await deps.email.send(approvalEmail(current, round, approver, await deps.linkFor(current, approver)));
            return sent.messageId;
          });
        }
        const firstApprover = approvers[0];
        const pageUrl = firstApprover === undefined ? undefined : await deps.linkFor(current, firstApprover);
        await onceOnly(deps.idempotency, now, `${key}/slack`, async () => {
          const ref = await deps.chat.postApproval(approvalChatMessage(current, round, pageUrl));
          // The approver may decide the moment the email arrives: keep the message on the approval
          // as it is now (close-approval shows the outcome in it), not fail the step on the race.
          current = await updateApproval(deps.approvals, current, (latest) => ({ ...latest, slackMessage: ref }));
          return `${ref.channel}/${ref.ts}`;
        });
        await commitOrderChange(deps, approval.orderId, { at, tag: `approval-${approvalId}-${round}` }, (order) => {
          const context = eventContextOf(order, at);
          if (round === 'request') {
            return { events: [createEvent('ApprovalRequested', context, { approvalId, kind: approval.kind, approvers, expiresAt: approval.expiresAt })] };
          }
          if (round === 'reminder') return { events: [createEvent('ApprovalReminderSent', context, { approvalId, approvers, reminder: 1 })] };
          return { events: [createEvent('ApprovalEscalated', context, { approvalId, escalatedTo: deps.routing.escalation.join(', ') })] };
        });
      },
    });
    return { callbackId };
  };
}

/** Applies `change` to the approval, reading it again when a concurrent write (a decision) won the race. */
async function updateApproval(approvals: ApprovalRepository, approval: Approval, change: (latest: Approval) => Approval, attempts = 4): Promise<Approval> {
  let latest = approval;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await approvals.update(change(latest), latest.version);
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt >= attempts) throw error;
      const reread = await approvals.get(approval.approvalId);
      if (reread === undefined) throw new ApprovalNotFoundError(approval.approvalId, { cause: error });
      latest = reread;
    }
  }
}

export function createExpireApproval(deps: { readonly approvals: ApprovalRepository }) {
  return async ({ approvalId }: { orderId: string; approvalId: string }): Promise<ApprovalResult> => {
    try {
      return resultOf(await deps.approvals.expire(approvalId));
    } catch (error) {
      // Decided at the last moment, or a retry after the expiry was stored: the stored outcome wins.
      if (error instanceof ApprovalAlreadyDecidedError) {
        const approval = await deps.approvals.get(approvalId);
        if (approval !== undefined) return resultOf(approval);
      }
      throw error;
    }
  };
}

export function createCloseApproval(deps: { readonly approvals: ApprovalRepository; readonly orders: OrderRepository; readonly chat: ApprovalChat; readonly events: EventPublisher; readonly idempotency: IdempotencyStore; readonly clock: Clock }) {
  return async ({ approvalId, at }: { orderId: string; at: string; approvalId: string; decision?: unknown }): Promise<ApprovalResult> => {
    const approval = await deps.approvals.get(approvalId);
    if (approval === undefined) throw new ApprovalNotFoundError(approvalId);
    const result = resultOf(approval);
    const now = deps.clock();
    const summary =
      result.outcome === 'expired'
        ? `Expired at ${approval.expiresAt} with no decision`
        : `${result.outcome === 'approved' ? 'Approved' : 'Rejected'} by ${result.decidedBy ?? 'unknown'} at ${result.decidedAt ?? now} (${approval.decision?.channel ?? 'unknown channel'})${result.comment === null ? '' : `: "${result.comment}"`}`;
    if (approval.slackMessage !== undefined) {
      const ref = approval.slackMessage;
      // Replacing the message's buttons with the outcome is naturally idempotent: a retry shows the same.
      await deps.chat.showOutcome(ref, { approvalId, title: approval.subject, summary });
    }
    await commitOrderChange(deps, approval.orderId, { at, tag: `approval-${approvalId}-closed` }, (order) => {
      const decision = approval.decision;
      if (decision === undefined) return { events: [createEvent('ApprovalExpired', eventContextOf(order, at), { approvalId, kind: approval.kind })] };
      const approver = { kind: 'approver' as const, id: decision.decidedBy };
      return {
        events: [
          createEvent('ApprovalDecided', eventContextOf(order, at, approver, decision.comment), {
            approvalId,
            kind: approval.kind,
            outcome: decision.outcome,
            decidedBy: decision.decidedBy,
            decidedAt: decision.decidedAt,
            channel: decision.channel,
            ...(approval.designRevision === undefined ? {} : { designRevision: approval.designRevision }),
          }),
        ],
      };
    });
    return result;
  };
}
