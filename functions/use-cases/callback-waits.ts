/**
 * Opening a callback wait: the step stores the task token server-side behind an opaque callback id
 * and then tells the other side (email, Slack, supplier, shop floor), once. Step Functions may run
 * the step twice with the same token; the second run finds the first's callback id and sends nothing.
 */
import { createHash } from 'node:crypto';
import type { CallbackPurpose } from '../domain/procurement/callback.types';
import type { CallbackRepository } from '../ports/callback-repository';
import type { IdempotencyStore } from '../ports/idempotency-store';
import { onceOnly, type Clock } from './step-support';

export interface WaitDeps {
  readonly callbacks: CallbackRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
}

export interface OpenWaitRequest {
  readonly purpose: CallbackPurpose;
  readonly orderId: string;
  readonly subjectId: string;
  readonly taskToken: string;
  /** How long the callback stays usable (seconds from now); match the state's timeout. */
  readonly ttlSeconds: number;
  /** Tells the other side, with the callback id; runs at most once per wait. */
  readonly notify: (callbackId: string) => Promise<void>;
}

/** A stable key for one wait: the same task token always gives the same key; the token itself is not in it. */
export function waitKey(purpose: string, subjectId: string, taskToken: string): string {
  return `${purpose}/${subjectId}/${createHash('sha256').update(taskToken).digest('base64url').slice(0, 22)}`;
}

/** Stores the callback and notifies, once per wait; returns the callback id. */
export async function openWait(deps: WaitDeps, request: OpenWaitRequest): Promise<string> {
  const now = deps.clock();
  return onceOnly(deps.idempotency, now, waitKey(request.purpose, request.subjectId, request.taskToken), async () => {
    const callback = await deps.callbacks.create({
      purpose: request.purpose,
      orderId: request.orderId,
      subjectId: request.subjectId,
      taskToken: request.taskToken,
      createdAt: now,
      expiresAtEpochSeconds: Math.ceil(Date.parse(now) / 1000) + Math.max(60, Math.ceil(request.ttlSeconds)),
    });
    await request.notify(callback.callbackId);
    return callback.callbackId;
  });
}
