/**
 * Secrets never reach any output (style.md rule 6). A Redactor knows the
 * secret values of a run (configured tokens, console session, tokens and
 * device codes minted during the run) and also masks anything shaped like a
 * Dify bearer or device code, so a secret it was never told about is still
 * hidden.
 */

export const REDACTED = '[REDACTED]';

// dfoa_/dfoe_ bearers (43 base64url chars after the prefix on the real server;
// shorter tails are matched too so truncated copies are also hidden) and dc_ device codes.
const SHAPED_SECRETS = /\b(?:dfo[ae]_|dc_)[A-Za-z0-9_-]{8,}/g;
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-csrf-token', 'x-csrftoken', 'proxy-authorization']);

export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret value; values too short to be secrets are ignored to avoid masking ordinary text. */
  add(secret: string | undefined): void {
    if (secret === undefined) return;
    const value = secret.trim();
    if (value.length < 6) return;
    this.#secrets.add(value);
    // Cookie strings: mask every cookie value on its own too.
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      const cookieValue = eq >= 0 ? part.slice(eq + 1).trim() : '';
      if (cookieValue.length >= 6) this.#secrets.add(cookieValue);
    }
  }

  get secrets(): readonly string[] {
    return [...this.#secrets];
  }

  text(input: string): string {
    let out = input;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out.replace(SHAPED_SECRETS, REDACTED);
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (SECRET_HEADERS.has(lower)) {
        out[lower] = lower === 'authorization' ? maskAuthorization(value) : REDACTED;
      } else {
        out[lower] = this.text(value);
      }
    }
    return out;
  }

  /** Deep copy of a JSON value with every string redacted. */
  json<T>(value: T): T {
    return JSON.parse(this.text(JSON.stringify(value))) as T;
  }
}

/** Keeps the scheme (it matters to auth checks) and masks the credential. */
function maskAuthorization(value: string): string {
  const space = value.indexOf(' ');
  if (space < 0) return value.trim() === '' ? value : REDACTED;
  const scheme = value.slice(0, space);
  const credential = value.slice(space + 1);
  return credential.trim() === '' ? value : `${scheme} ${REDACTED}`;
}
