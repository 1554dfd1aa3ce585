// Who is calling: bearer tokens for the API (docs/server-behavior.md §1) and
// the console cookie session for device approval (§4.5).
import { ApiError, PrebuiltAnswer } from './errors.ts';
import { sha256Hex, WELL_FORMED_BEARER } from './ids.ts';
import { spendQuota } from './quotas.ts';
import type { Call } from './runtime.ts';
import { subjectKey } from './state.ts';
import type { Account, ConsoleSession, Session, Subject } from './state.ts';
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
  const rest = space === -1 ? '' : header.slice(space + 1);
  const value = call.faults.has('auth-bearer-single-space') ? rest.trimEnd() : rest.trim();
  const isBearer = call.faults.has('auth-scheme-case-sensitive') ? scheme === 'Bearer' : scheme.toLowerCase() === 'bearer';
  if (!isBearer) {
    return call.faults.has('auth-wrong-scheme-accepted') && value !== '' ? value : undefined;
  }
  if (value === '' && call.faults.has('auth-empty-bearer-500')) {
    throw new ApiError(500, 'NoneType object has no attribute startswith');
  }
  if (value === '' && call.faults.has('auth-empty-bearer-400')) throw new ApiError(400, 'invalid_request');
  return value === '' ? undefined : value;
}

/**
 * Per-token sliding window, checked before the token lookup. The real server
 * answers a spent window with a response it builds ahead of its formatter,
 * `{"error":"rate_limited","retry_after_ms":N}` plus `Retry-After`
 * (libs/rate_limit.py::enforce_bearer_rate_limit); the ideal profile answers
 * ErrorBody instead, as every other non-2xx of the surface does.
 */
function enforceRateLimit(call: Call, tokenHash: string, now: number): void {
  const retryAfter = spendQuota(call.state.rateWindows, `perToken:${tokenHash}`, call.settings.quotas.perToken, now);
  if (retryAfter === undefined) return;
  const headers = { 'Retry-After': String(retryAfter) };
  if (call.settings.profile === 'realistic') {
    throw new PrebuiltAnswer(429, { error: 'rate_limited', retry_after_ms: retryAfter * 1000 }, headers);
  }
  throw new ApiError(429, 'rate_limited', { headers });
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
    if (!call.faults.has('auth-missing-bearer-accepted'))
      throw new ApiError(401, call.faults.has('auth-401-message-generic') ? 'Unauthorized' : BEARER_REQUIRED);
    session = ownerSession(call);
  } else {
    session = findSession(call, token, now);
  }
  let kind: TokenKind = session.prefix === 'dfoa_' ? 'dfoa' : 'dfoe';
  if (!allowed.includes(kind)) {
    if (call.faults.has('auth-token-type-401')) throw new ApiError(401, INVALID_BEARER);
    if (!call.faults.has('auth-external-token-as-owner') || kind !== 'dfoe') throw new ApiError(403, 'unsupported_token_type');
    session = ownerSession(call);
    kind = 'dfoa';
  }
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
 * The console login behind approve/deny: the `access_token` cookie names a
 * console session, then the CSRF check (header `X-CSRF-Token` equal to the
 * `csrf_token` cookie and to that session's token). Only `X-CSRF-Token` is
 * read; the CLI's `X-CSRFToken` spelling is an unverified open question in the
 * notes.
 */
export function authenticateConsole(call: Call): { account: Account; session: ConsoleSession } {
  const cookie = call.req.headers.cookie;
  if (cookie === undefined && call.faults.has('device-decision-without-session')) {
    const owner = call.state.consoleSessions[0];
    const account = owner === undefined ? undefined : call.state.account(owner.accountId);
    if (owner !== undefined && account !== undefined) return { account, session: owner };
  }
  const accessToken = cookieValue(cookie, 'access_token');
  const session = call.state.consoleSessions.find((row) => row.accessToken === accessToken);
  if (!session) {
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
  return { account, session };
}
