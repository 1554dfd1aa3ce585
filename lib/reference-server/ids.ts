// Identifiers and secrets. Ids are derived from names so every server starts
// with the same seeded ids and mints the same sequence of new ones; secrets
// (tokens, device codes, cookies) are random because a guessable secret would
// make the server a bad model of the real one.
import { createHash, randomBytes } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A version-4-shaped UUID that is a pure function of `name`. */
export function uuidFrom(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Mints ids for objects created while the server runs, in a reproducible order. */
export class IdMinter {
  private counter = 0;

  next(kind: string): string {
    this.counter += 1;
    return uuidFrom(`minted:${kind}:${this.counter}`);
  }
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type TokenPrefix = 'dfoa_' | 'dfoe_';

/** prefix + token_urlsafe(32): 43 base64url characters, as the real server mints them. */
export function mintBearer(prefix: TokenPrefix): string {
  return prefix + randomBytes(32).toString('base64url');
}

export const WELL_FORMED_BEARER = /^(dfoa|dfoe)_[A-Za-z0-9_-]{43}$/;

export function randomUrlSafe(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXY3456789';
/** The look-alikes the user-code alphabet leaves out. */
const LOOK_ALIKES = '0O1I2Z';

/** A user code XXXX-XXXX; `ambiguous` (a fault) puts a look-alike (0/O, 1/I, 2/Z) into each group. */
export function mintUserCode(ambiguous = false): string {
  const pick = (): string => {
    const chars = [...randomBytes(4)].map((byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length] ?? 'A');
    if (ambiguous) chars[1] = LOOK_ALIKES[(randomBytes(1)[0] ?? 0) % LOOK_ALIKES.length] ?? '0';
    return chars.join('');
  };
  return `${pick()}-${pick()}`;
}
