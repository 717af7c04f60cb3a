/**
 * Callback ids: 192 random bits, base64url (32 characters). Unguessable, so holding the id is what
 * authorises acting on the wait; links carry it, never the task token. The shape check lives with
 * the port (`isCallbackIdShape`), shared by every implementation.
 */
import { randomBytes } from 'node:crypto';

const CALLBACK_ID_BYTES = 24;

export function newCallbackId(): string {
  return randomBytes(CALLBACK_ID_BYTES).toString('base64url');
}
