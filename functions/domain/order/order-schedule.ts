/**
 * The schedule check between stages: the expected finish against the promise date, recorded on the
 * order with the time spent waiting on people and suppliers (cost of delay). When the expected
 * finish moves past the promise date (or further past it than the last check found), the order is
 * at risk: `OrderAtRisk` names the cause before the date is missed, and its timeline entry records
 * the slip. No status changes: being at risk is not a lifecycle state.
 */
import type { Approval } from '../approval/approval.types';
import type { Catalog } from '../catalog/catalog.types';
import { createEvent } from '../events/order-events';
import { expectedFinish, slipDays, waitingTime, type ProgressFacts } from '../planning/expected-finish';
import type { Order, ScheduleAssessment } from './order.types';
import type { TransitionContext, TransitionResult } from './order-transitions';

/** A schedule check's facts: progress plus the approvals that made the order wait on people. */
export interface ScheduleFacts extends ProgressFacts {
  readonly approvals: readonly Approval[];
}

/** The check's result: the order with its new `schedule`, `OrderAtRisk` when the slip is new or grew. */
export interface ScheduleResult extends TransitionResult {
  readonly assessment: ScheduleAssessment;
}

export function assessSchedule(order: Order, facts: ScheduleFacts, catalog: Catalog, context: TransitionContext): ScheduleResult {
  const finish = expectedFinish(order, facts, catalog);
  const waiting = waitingTime(facts.approvals, facts.purchaseOrders, facts.now);
  const atRisk = finish.date > order.promise.date;
  const assessment: ScheduleAssessment = {
    assessedAt: context.now,
    stage: facts.stage,
    expectedFinish: finish.date,
    atRisk,
    ...(atRisk ? { cause: finish.cause } : {}),
    waitingOnPeopleHours: waiting.onPeopleHours,
    waitingOnSuppliersHours: waiting.onSuppliersHours,
  };
  const next: Order = { ...order, schedule: assessment, updatedAt: context.now };
  const previous = order.schedule;
  const slipIsNewOrGrew = atRisk && (previous === undefined || !previous.atRisk || finish.date > previous.expectedFinish);
  if (!slipIsNewOrGrew) return { order: next, events: [], assessment };
  const event = createEvent(
    'OrderAtRisk',
    { orderId: order.orderId, occurredAt: context.now, actor: context.actor, status: order.status, reason: finish.cause },
    {
      stage: facts.stage,
      expectedFinish: finish.date,
      promiseDate: order.promise.date,
      slipDays: slipDays(order.promise.date, finish.date),
      ...(previous?.atRisk === true ? { previousExpectedFinish: previous.expectedFinish } : {}),
      cause: finish.cause,
      waitingOnPeopleHours: waiting.onPeopleHours,
      waitingOnSuppliersHours: waiting.onSuppliersHours,
    },
  );
  return { order: next, events: [event], assessment };
}
