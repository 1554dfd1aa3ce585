/**
 * Values the suite sends to provoke answers without touching real data:
 * well-formed identifiers that name nothing, and credentials nobody holds.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { USER_CODE_ALPHABET } from '../checks/device-flow-checks.ts';

/** A dfoa_ token with the real server's shape (43 base64url characters) that no server has issued. */
export const BOGUS_BEARER = `dfoa_${randomBytes(32).toString('base64url')}`;

/** An id that names no existing object: a fresh random UUID. */
export function unknownId(): string {
  return randomUUID();
}

// A probe user code is drawn from the alphabet Dify issues codes from (docs/server-behavior.md
// §4.2), so a server that checks the alphabet still looks it up: outside it, the code would break
// two rules at once (never issued, and not a code at all).

/**
 * A user code of the issued shape and alphabet that no server issued: a fresh random one. Its
 * 30^8 (6.6 × 10^11) possible values make a clash with a code that is live right now (at most a
 * few dozen per hour, §12.5) a chance of about 10^-10 per probe: never issued, with overwhelming
 * probability.
 */
export function unknownUserCode(): string {
  const half = (): string => [...randomBytes(4)].map((byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length] ?? 'A').join('');
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
