/**
 * Opening a callback wait: the step stores the task token server-side behind an opaque callback id
 * and then tells the other side (email, Slack, supplier, shop floor), once.
 *
 * A wait is one step run (`at`, `$$.State.EnteredTime`, the same on every retry), not one task
 * token: when Step Functions retries the step (e.g. its answer to the first attempt was lost), the
 * new attempt gets a new token but finds the same callback record, with the same id the outside
 * world already quotes, and rebinds it to the new token (only a newer attempt, never an answered
 * wait). Nothing is told twice. If the wait was answered while the old token was still bound (that
 * token died with its attempt), the new attempt resumes itself with the stored answer. Likewise an
 * answer that came before the wait opened (kept by the door, `earlyAnswer`) completes it at once.
 */
import { createHash } from 'node:crypto';
import type { CallbackPurpose, CallbackRecord } from '../domain/procurement/callback.types';
import type { CallbackRepository } from '../ports/callback-repository';
import { CallbackAlreadyCompletedError } from '../ports/data-errors';
import type { IdempotencyStore } from '../ports/idempotency-store';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { completeWait } from './resume-waiting-step';
import type { Clock } from './step-support';

export interface WaitDeps {
  readonly callbacks: CallbackRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  /** Resumes this attempt with an answer its wait got under an earlier attempt's token. */
  readonly workflow?: Pick<WorkflowGateway, 'sendTaskSuccess'>;
}

export interface OpenWaitRequest {
  readonly purpose: CallbackPurpose;
  readonly orderId: string;
  readonly subjectId: string;
  readonly taskToken: string;
  /** The step run's instant (`$$.State.EnteredTime`): with purpose and subject, it names the wait. */
  readonly at: string;
  /** `$$.State.RetryCount` of this attempt (0 when the payload has none). */
  readonly attempt?: number | undefined;
  /** How long the callback stays usable (seconds from now); match the state's timeout. */
  readonly ttlSeconds: number;
  /** Tells the other side, with the callback id; once it succeeded, no retry of the step runs it again. */
  readonly notify?: (callbackId: string) => Promise<void>;
  /** Records the wait (idempotent writes keyed by `at`), before `notify`; runs on every attempt, so a failed one is finished by the next. */
  readonly record?: (callbackId: string) => Promise<void>;
  /** The answer to resume with when the wait was answered under an earlier attempt and kept none (approvals keep theirs on the approval). */
  readonly storedAnswer?: () => Promise<unknown>;
  /**
   * An answer that came before the wait opened (undefined when none), read AFTER the wait is open:
   * the door that kept it looks for the open wait after its own write, so one of the two sees the
   * other. When there is one, the wait is completed with it at once and nobody is told.
   */
  readonly earlyAnswer?: () => Promise<unknown>;
}

/** A stable key for one wait, for the side effects of its `notify` (e.g. one email per approver). */
export function waitKey(purpose: string, subjectId: string, at: string): string {
  return `${purpose}/${subjectId}/${createHash('sha256').update(at).digest('base64url').slice(0, 22)}`;
}

/** Stores the callback (or rebinds the step run's existing one) and notifies, once per wait; returns the callback id. */
export async function openWait(deps: WaitDeps, request: OpenWaitRequest): Promise<string> {
  const now = deps.clock();
  const { outcome, record } = await deps.callbacks.open({
    purpose: request.purpose,
    orderId: request.orderId,
    subjectId: request.subjectId,
    taskToken: request.taskToken,
    createdAt: now,
    expiresAtEpochSeconds: Math.ceil(Date.parse(now) / 1000) + Math.max(60, Math.ceil(request.ttlSeconds)),
    stepRunAt: request.at,
    attempt: request.attempt ?? 0,
  });
  const callbackId = record.callbackId;
  // A newer attempt holds the wait: this attempt's token is dead, leave everything to that one.
  if (outcome === 'superseded') return callbackId;
  // Recorded before the other side is told: its answer may come at once (a PO already 'sent').
  await request.record?.(callbackId);
  if (outcome !== 'answered' && request.earlyAnswer !== undefined && (await resumeWithEarlyAnswer(deps, record, request.earlyAnswer))) return callbackId;
  if (outcome !== 'answered' && record.notifiedAt === undefined && request.notify !== undefined) {
    await request.notify(callbackId);
    await deps.callbacks.markNotified(callbackId, deps.clock());
  }
  if (outcome === 'answered' && record.taskToken !== request.taskToken) {
    // Answered while an earlier attempt's token was bound; that token died with its attempt.
    const answer = record.answer === undefined ? await request.storedAnswer?.() : (JSON.parse(record.answer) as unknown);
    if (answer !== undefined && deps.workflow !== undefined) await deps.workflow.sendTaskSuccess(request.taskToken, answer);
  }
  return callbackId;
}

/** Completes the wait with the answer that came before it opened, if any; true when the wait is answered. */
async function resumeWithEarlyAnswer(deps: WaitDeps, record: CallbackRecord, earlyAnswer: () => Promise<unknown>): Promise<boolean> {
  const answer = await earlyAnswer();
  if (answer === undefined || deps.workflow === undefined) return false;
  try {
    await completeWait({ callbacks: deps.callbacks, workflow: deps.workflow }, record, answer, new Date(deps.clock()));
  } catch (error) {
    // The door that kept the answer found the open wait and completed it first: resumed already.
    if (!(error instanceof CallbackAlreadyCompletedError)) throw error;
  }
  return true;
}
