// GET /account and the caller's sessions (docs/server-behavior.md §5).
import { ApiError } from '../errors.ts';
import { sendJson } from '../http-io.ts';
import { paginate, pageFields } from '../pagination.ts';
import { enforceQuota } from '../quotas.ts';
import { accountRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { Call } from '../runtime.ts';
import { subjectKey } from '../state.ts';
import type { Account, Session } from '../state.ts';
import { SEED } from '../seed-data.ts';
import { httpDate, isoSeconds } from '../time.ts';
import { parseQuery } from '../validation.ts';

export function accountWorkspaces(call: Call, account: Account): { id: string; name: string; role: string }[] {
  return call.state.membershipsOf(account.id).map((row) => ({
    id: row.workspaceId,
    name: call.state.workspaces.get(row.workspaceId)?.name ?? '',
    role: row.role,
  }));
}

/** The workspace an account works in by default: the membership flagged current, else the first (GET /account and the token payload). */
export function defaultWorkspaceId(call: Call, account: Account): string | null {
  if (call.faults.has('account-default-foreign-workspace')) return SEED.foreignWorkspaceId;
  return call.state.defaultMembership(account.id)?.workspaceId ?? null;
}

function sessionRow(session: Session, prefixOfHash: boolean, time: (ms: number) => string): Record<string, unknown> {
  return {
    id: session.id,
    prefix: prefixOfHash ? (session.tokenHash ?? '').slice(0, session.prefix.length) : session.prefix,
    client_id: session.clientId,
    device_label: session.deviceLabel,
    created_at: time(session.createdAt),
    // The real server never updates it.
    last_used_at: null,
    expires_at: time(session.expiresAt),
  };
}

function revoked(call: Call): { status: string } {
  return { status: call.faults.has('sessions-revoke-status-ok') ? 'ok' : 'revoked' };
}

export const accountRoutes: readonly Route[] = [
  accountRoute('GET', '/account', (call, caller) => {
    enforceQuota(call, 'account', caller.account.id);
    const body: Record<string, unknown> = {
      subject_type: 'account',
      subject_email: call.faults.has('account-subject-email-null') ? null : caller.account.email,
      subject_issuer: null,
      account: { id: caller.account.id, email: caller.account.email, name: caller.account.name },
      workspaces: accountWorkspaces(call, caller.account),
      default_workspace_id: defaultWorkspaceId(call, caller.account),
    };
    if (call.faults.has('account-missing-subject-type')) delete body.subject_type;
    sendJson(call.res, call.faults.has('account-201') ? 201 : 200, body);
  }),
  accountRoute('GET', '/account/sessions', (call, caller) => {
    const fields = pageFields(100);
    // A fault either drops the upper bound of limit or lowers it below the documented 200.
    const limitField = call.faults.has('sessions-limit-unbounded')
      ? { ...fields.limit, le: undefined }
      : call.faults.has('sessions-valid-limit-rejected')
        ? { ...fields.limit, le: 100 }
        : fields.limit;
    const query = parseQuery(call.query, { ...fields, limit: limitField }, { strict: true, faults: call.faults });
    const now = Date.now();
    const key = caller.subjectKey;
    const onlyCurrent = call.faults.has('sessions-list-only-current');
    const order = call.faults.has('sessions-oldest-first') ? -1 : 1;
    const prefixOfHash = call.faults.has('sessions-prefix-of-hash');
    const time = call.faults.has('sessions-times-http-date') ? httpDate : isoSeconds;
    const live = (row: Session): boolean => call.faults.has('sessions-list-includes-revoked') || (row.revokedAt === null && row.tokenHash !== null);
    const rows = call.state.sessions
      .filter((row) => subjectKey(row.subject) === key && live(row) && row.expiresAt > now)
      .filter((row) => !onlyCurrent || row.id === caller.session.id)
      .sort((a, b) => order * (b.createdAt - a.createdAt) || a.id.localeCompare(b.id))
      .map((row) => sessionRow(row, prefixOfHash, time));
    sendJson(call.res, 200, paginate(rows, query.page, query.limit));
  }),
  accountRoute('DELETE', '/account/sessions/self', (call, caller) => {
    if (!call.faults.has('sessions-revoke-self-noop')) call.state.revoke(caller.session, Date.now());
    sendJson(call.res, 200, revoked(call));
  }),
  accountRoute('DELETE', '/account/sessions/:session_id', (call, caller) => {
    const id = (call.params.session_id ?? '').toLowerCase();
    // Ownership is checked regardless of revoked state, so re-revoking is idempotent. A
    // malformed id is a plain 404 as in later versions (the seed era is UNKNOWN).
    const session = call.state.sessions.find((row) => row.id === id && subjectKey(row.subject) === caller.subjectKey);
    if (!session) throw new ApiError(404, 'session not found');
    if (session.revokedAt !== null && call.faults.has('sessions-revoke-again-409')) throw new ApiError(409, 'session already revoked');
    const sparesCaller = session.id === caller.session.id && call.faults.has('sessions-revoke-by-id-spares-caller');
    if (!call.faults.has('sessions-revoke-by-id-noop') && !sparesCaller) call.state.revoke(session, Date.now());
    sendJson(call.res, 200, revoked(call));
  }),
];
