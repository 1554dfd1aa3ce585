// Who is calling: bearer tokens for the API (docs/server-behavior.md §1) and
// the console cookie session for device approval (§4.5).
import { ApiError } from './errors.ts';
import { sha256Hex, WELL_FORMED_BEARER } from './ids.ts';
import type { Call } from './runtime.ts';
import { subjectKey } from './state.ts';
import type { Account, Session, Subject } from './state.ts';
import { SEED } from './seed-data.ts';

export type TokenKind = 'dfoa' | 'dfoe';

export interface Caller {
  session: Session;
  kind: TokenKind;
  subject: Subject;
  subjectKey: string;
}

export interface AccountCaller extends Caller {
  account: Account;
}

const BEARER_REQUIRED = 'bearer required';
// The notes mark this wording (ver?); a separate 401 token_expired is UNKNOWN for the seed
// build, so expired tokens are simply unknown tokens here.
const INVALID_BEARER = 'Invalid or unknown bearer token.';

/**
 * The bearer value, or undefined when the request has none. Like
 * `extract_bearer`: split on the first space, scheme compared without case,
 * value stripped, an empty value counts as missing.
 */
function bearerValue(call: Call): string | undefined {
  const header = call.req.headers.authorization;
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  const value = space === -1 ? '' : header.slice(space + 1).trim();
  if (scheme.toLowerCase() !== 'bearer') {
    return call.faults.has('auth-wrong-scheme-accepted') && value !== '' ? value : undefined;
  }
  if (value === '' && call.faults.has('auth-empty-bearer-500')) {
    throw new ApiError(500, 'NoneType object has no attribute startswith');
  }
  return value === '' ? undefined : value;
}

/**
 * Per-token sliding window of one minute, checked before the token lookup.
 * The seed-era server answered a bare `{"error":"rate_limited"}`; we answer
 * ErrorBody, as every other non-2xx of the surface does.
 */
function enforceRateLimit(call: Call, tokenHash: string, now: number): void {
  const limit = call.settings.rateLimitPerMinute;
  if (limit <= 0) return;
  const window = call.settings.rateLimitWindowMs;
  const windowStart = now - window;
  const hits = (call.state.rateWindows.get(tokenHash) ?? []).filter((at) => at > windowStart);
  if (hits.length >= limit) {
    const oldest = hits[0] ?? now;
    const retryAfter = Math.max(1, Math.ceil((oldest + window - now) / 1000));
    call.state.rateWindows.set(tokenHash, hits);
    throw new ApiError(429, 'rate_limited', { headers: { 'Retry-After': String(retryAfter) } });
  }
  hits.push(now);
  call.state.rateWindows.set(tokenHash, hits);
}

function ownerSession(call: Call): Session {
  const session = call.state.sessions.find((row) => row.id === SEED.ownerSessionId);
  if (!session) throw new ApiError(500, 'owner session missing');
  return session;
}

function findSession(call: Call, token: string, now: number): Session {
  const prefix = token.slice(0, 5);
  if (prefix !== 'dfoa_' && prefix !== 'dfoe_') throw new ApiError(401, INVALID_BEARER);
  const hash = sha256Hex(token);
  enforceRateLimit(call, hash, now);
  const session = call.state.liveSessionByHash(hash, now);
  if (session && session.prefix === prefix) return session;
  if (call.faults.has('auth-unknown-token-accepted') && WELL_FORMED_BEARER.test(token) && prefix === 'dfoa_') {
    return ownerSession(call);
  }
  if (call.faults.has('auth-unknown-token-403')) throw new ApiError(403, INVALID_BEARER);
  throw new ApiError(401, INVALID_BEARER);
}

/** Guard steps 3–6 of §1.5: bearer present, valid, of an allowed kind, usable on this edition. */
export function authenticate(call: Call, allowed: readonly TokenKind[]): Caller {
  const now = Date.now();
  const token = bearerValue(call);
  let session: Session;
  if (token === undefined) {
    if (!call.faults.has('auth-missing-bearer-accepted')) throw new ApiError(401, BEARER_REQUIRED);
    session = ownerSession(call);
  } else {
    session = findSession(call, token, now);
  }
  const kind: TokenKind = session.prefix === 'dfoa_' ? 'dfoa' : 'dfoe';
  if (!allowed.includes(kind)) throw new ApiError(403, 'unsupported_token_type');
  if (kind === 'dfoe' && call.settings.edition !== 'enterprise') throw new ApiError(403, 'external_sso_requires_ee');
  return { session, kind, subject: session.subject, subjectKey: subjectKey(session.subject) };
}

export function authenticateAccount(call: Call): AccountCaller {
  const caller = authenticate(call, ['dfoa']);
  const account = caller.subject.type === 'account' ? call.state.account(caller.subject.accountId) : undefined;
  if (!account) throw new ApiError(401, 'account not found');
  return { ...caller, account };
}


function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The console login behind approve/deny: the `access_token` cookie, then the
 * CSRF check (header `X-CSRF-Token` equal to the `csrf_token` cookie and to
 * the session's token). Only `X-CSRF-Token` is read; the CLI's `X-CSRFToken`
 * spelling is an unverified open question in the notes.
 */
export function authenticateConsole(call: Call): Account {
  const session = call.state.console;
  const cookie = call.req.headers.cookie;
  if (cookieValue(cookie, 'access_token') !== session.accessToken) {
    // The login manager's exact message is UNKNOWN.
    throw new ApiError(401, 'Unauthorized: console login required.');
  }
  const header = call.req.headers['x-csrf-token'];
  const csrf = Array.isArray(header) ? header[0] : header;
  if (csrf === undefined || csrf !== cookieValue(cookie, 'csrf_token') || csrf !== session.csrfToken) {
    throw new ApiError(401, 'CSRF token is missing or invalid.');
  }
  const account = call.state.account(session.accountId);
  if (!account) throw new ApiError(401, 'account not found');
  return account;
}
