/**
 * Callback ids: 192 random bits, base64url (32 characters). Unguessable, so holding the id is what
 * authorises acting on the wait; links carry it, never the task token.
 */
import { randomBytes } from 'node:crypto';

const CALLBACK_ID_BYTES = 24;
const CALLBACK_ID_SHAPE = /^[A-Za-z0-9_-]{32}$/;

export function newCallbackId(): string {
  return randomBytes(CALLBACK_ID_BYTES).toString('base64url');
}

/** Whether `value` could be an id this module issued (checked before any lookup). */
export function isCallbackIdShape(value: unknown): value is string {
  return typeof value === 'string' && CALLBACK_ID_SHAPE.test(value);
}
