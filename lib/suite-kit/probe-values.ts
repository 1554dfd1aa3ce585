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

// RFC 8628 user codes as Dify issues them: XXXX-XXXX over an alphabet without 0/1/2/I/O/Z
// (docs/server-behavior.md §4.2). "ZZZZ-ZZZZ"-style codes use letters outside it, so none was issued.
const NEVER_ISSUED_ALPHABET = 'Z0';

/** A user code of the issued shape that no server issues (its letters are outside the user-code alphabet). */
export function unknownUserCode(): string {
  const pick = (): string => NEVER_ISSUED_ALPHABET[randomBytes(1)[0]! % NEVER_ISSUED_ALPHABET.length] ?? 'Z';
  const half = (): string => Array.from({ length: 4 }, pick).join('');
  return `${half()}-${half()}`;
}

/** A device code of the issued shape (dc_ + 32 base64url characters) that no server issued. */
export function unknownDeviceCode(): string {
  return `dc_${randomBytes(24).toString('base64url')}`;
}

/**
 * The address a run invites: on example.com, reserved for documentation (RFC 2606 §3) and
 * publishing a null MX (RFC 7505), so no invitation reaches a person, while a real server's
 * EmailStr accepts it (special-use domains such as .invalid are refused, docs/server-behavior.md §12.3).
 */
export function runEmail(runId: string): string {
  return `dify-conformance+${runId}@example.com`;
}
