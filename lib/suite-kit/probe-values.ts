/**
 * Values the suite sends to provoke answers without touching real data:
 * well-formed identifiers that name nothing, and credentials nobody holds.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** A dfoa_ token with the real server's shape (43 base64url characters) that no server has issued. */
export const BOGUS_BEARER = `dfoa_${randomBytes(32).toString('base64url')}`;

/** An id that names no existing object: a fresh random UUID. */
export function unknownId(): string {
  return randomUUID();
}
