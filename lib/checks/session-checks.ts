/**
 * Sessions: tokens minted by the device flow are real sessions that can be
 * listed and revoked (docs/server-behavior.md §5).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, security, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

export const mintedTokenWorks = defineCheck<AnsweredExchange>(
  {
    id: 'sessions.minted-token-works',
    area: 'sessions',
    statement: 'A token minted by the device flow is accepted: GET /account with it answers 200.',
    basis: [standard('RFC 8628 §3.5', 'the issued access token'), client('§2', 'the CLI sends the minted token on every call'), server('§5')],
  },
  (exchange) => {
    if (exchange.response.status === 200) return [];
    return [
      {
        message: `GET /account with the minted token was answered ${exchange.response.status}`,
        expected: '200',
        observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

interface SessionRow {
  readonly id?: unknown;
  readonly prefix?: unknown;
  readonly created_at?: unknown;
  readonly expires_at?: unknown;
  readonly device_label?: unknown;
  readonly client_id?: unknown;
}

export interface SessionListInput {
  /** The pages of GET /account/sessions read, up to the one holding the minted session, or all of them. */
  readonly pages: readonly AnsweredExchange[];
  /** The device label the run minted its token with. */
  readonly deviceLabel: string;
  readonly clientId: string;
  readonly token: string;
}

function rows(exchange: AnsweredExchange): SessionRow[] {
  const data = (exchange.response.json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as SessionRow[]) : [];
}

export const mintedListed = defineCheck<SessionListInput>(
  {
    id: 'sessions.minted-listed',
    area: 'sessions',
    statement: 'A live session minted by the device flow is listed by GET /account/sessions with its client id and device label.',
    basis: [seed('#/components/schemas/SessionRow'), client('§2', 'auth devices list and revoke find the session in the list'), server('§5')],
  },
  ({ pages, deviceLabel, clientId }) => {
    const all = pages.flatMap(rows);
    if (all.some((r) => r.device_label === deviceLabel && r.client_id === clientId)) return [];
    const last = pages.at(-1);
    return [
      {
        message: 'the minted session is not in the session list',
        expected: `a row with device_label "${deviceLabel}" and client_id "${clientId}"`,
        observed: `${all.length} rows on ${pages.length} page(s)`,
        ...(last === undefined ? {} : { evidence: last }),
      },
    ];
  },
);

export const prefixMatches = defineCheck<SessionListInput>(
  {
    id: 'sessions.prefix-matches',
    area: 'sessions',
    statement: 'The prefix of a listed session is a prefix of its token.',
    basis: [server('§5', "a session's prefix starts its token")],
  },
  ({ pages, deviceLabel, clientId, token }) => {
    const row = pages.flatMap(rows).find((r) => r.device_label === deviceLabel && r.client_id === clientId);
    if (row === undefined || (typeof row.prefix === 'string' && token.startsWith(row.prefix))) return [];
    return [{ message: 'the session prefix does not start its token', expected: 'a prefix of the token, e.g. "dfoa_"', observed: JSON.stringify(row.prefix) }];
  },
);

export const newestFirst = defineCheck<AnsweredExchange>(
  {
    id: 'sessions.newest-first',
    area: 'sessions',
    statement: 'GET /account/sessions lists sessions newest first.',
    basis: [server('§3', 'sessions ordered by created_at descending'), server('§5')],
  },
  (exchange) => {
    const times = rows(exchange)
      .map((r) => (typeof r.created_at === 'string' ? Date.parse(r.created_at) : Number.NaN))
      .filter((t) => !Number.isNaN(t));
    const out: Violation[] = [];
    for (let i = 1; i < times.length; i++) {
      if ((times[i] ?? 0) > (times[i - 1] ?? 0)) {
        out.push({
          message: `row ${i} is newer than row ${i - 1}`,
          expected: 'created_at descending',
          observed: `${new Date(times[i - 1] ?? 0).toISOString()} then ${new Date(times[i] ?? 0).toISOString()}`,
        });
        break;
      }
    }
    return out;
  },
);

export interface RevokeInput {
  readonly revoke: AnsweredExchange;
  /** GET /account with the revoked token, right after. */
  readonly after: AnsweredExchange;
}

function revokeViolations({ revoke, after }: RevokeInput, how: string): Violation[] {
  const out: Violation[] = [];
  const status = (revoke.response.json as { status?: unknown } | undefined)?.status;
  if (revoke.response.status !== 200 || typeof status !== 'string')
    out.push({
      message: `${how} was answered ${revoke.response.status}`,
      expected: '200 {"status": "revoked"}',
      observed: `${revoke.response.status} ${revoke.response.bodyText.slice(0, 200)}`,
    });
  if (after.response.status !== 401)
    out.push({
      message: `the revoked token still answers ${after.response.status}`,
      expected: '401 right after the revocation',
      observed: String(after.response.status),
    });
  return out;
}

export const revokeSelf = defineCheck<RevokeInput>(
  {
    id: 'sessions.revoke-self',
    area: 'sessions',
    statement: 'DELETE /account/sessions/self answers 200 {status} and the token is refused with 401 right after.',
    basis: [
      seed('#/paths/~1account~1sessions~1self/delete/responses/200'),
      standard('RFC 6750 §3.1', 'a revoked token is invalid_token'),
      security('a revoked token carries no credentials'),
      client('§2', 'logout revokes the current session'),
      server('§5'),
    ],
  },
  (input) => revokeViolations(input, 'revoking the current session'),
);

export const revokeById = defineCheck<RevokeInput>(
  {
    id: 'sessions.revoke-by-id',
    area: 'sessions',
    statement: "Revoking another session of the caller by id answers 200 {status} and that session's token is refused with 401 right after.",
    basis: [
      seed('#/paths/~1account~1sessions~1{session_id}/delete/responses/200'),
      standard('RFC 6750 §3.1', 'a revoked token is invalid_token'),
      security('a revoked token carries no credentials'),
      client('§2', 'auth devices revoke'),
      server('§5'),
    ],
  },
  (input) => revokeViolations(input, 'revoking a session by id'),
);

export const revokeAgainHarmless = defineCheck<AnsweredExchange>(
  {
    id: 'sessions.revoke-again-harmless',
    area: 'sessions',
    statement: 'Revoking a session that is already revoked answers 200 (or 404), never another status such as 409 or a 5xx.',
    basis: [
      standard('RFC 9110 §9.2.2', 'DELETE is idempotent, so clients repeat it'),
      client('§4', 'the CLI retries a DELETE after a transport error'),
      server('§5', 're-revoking answers 200; an unknown id 404'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 200 || status === 404) return [];
    return [{ message: `revoking an already revoked session was answered ${status}`, expected: '200 (idempotent) or 404', observed: String(status) }];
  },
);

export const revokeCurrentById = defineCheck<RevokeInput>(
  {
    id: 'sessions.revoke-current-by-id',
    area: 'sessions',
    statement: 'A token that revokes its own session by id (not through /self) gets 200 {status} and is refused with 401 right after.',
    basis: [
      seed('#/paths/~1account~1sessions~1{session_id}/delete/responses/200'),
      standard('RFC 6750 §3.1', 'a revoked token is invalid_token'),
      security('a revoked token carries no credentials'),
      server('§5', 'revoking the current session by id also kills the bearer'),
    ],
  },
  (input) => revokeViolations(input, "revoking the calling token's own session by id"),
);

export interface UnlistedInput {
  /** The pages of GET /account/sessions read after the revocation. */
  readonly pages: readonly AnsweredExchange[];
  /** The device label of the revoked session. */
  readonly deviceLabel: string;
}

export const revokedUnlisted = defineCheck<UnlistedInput>(
  {
    id: 'sessions.revoked-unlisted',
    area: 'sessions',
    statement: 'A revoked session is no longer listed by GET /account/sessions: the list holds live sessions only.',
    basis: [
      client('§2', 'auth devices list shows this list and auth devices revoke picks from it'),
      client('§5', 'listAllSessions'),
      server('§5', 'a session is a live row: revoked_at IS NULL'),
    ],
  },
  ({ pages, deviceLabel }) => {
    const listed = pages.flatMap(rows).filter((r) => r.device_label === deviceLabel);
    if (listed.length === 0) return [];
    return [
      {
        message: 'the revoked session is still listed',
        expected: `no row with device_label "${deviceLabel}"`,
        observed: `${listed.length} row(s), id ${String(listed[0]?.id)}`,
        ...(pages.at(-1) === undefined ? {} : { evidence: pages.at(-1) }),
      },
    ];
  },
);

export const revokeStatus = defineCheck<AnsweredExchange>(
  {
    id: 'sessions.revoke-status',
    area: 'sessions',
    statement: 'A successful revocation answers {"status": "revoked"}.',
    basis: [server('§5', 'DELETE /account/sessions/self and /{id}: 200 {"status": "revoked"}')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const status = (exchange.response.json as { status?: unknown } | undefined)?.status;
    if (status === 'revoked') return [];
    return [
      {
        message: `the revocation answered status ${JSON.stringify(status ?? null)}`,
        expected: '{"status": "revoked"}',
        observed: exchange.response.bodyText.slice(0, 200),
      },
    ];
  },
);

/** ISO 8601 date-time with a time zone; the real server writes a Z suffix. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const rowTimesIso = defineCheck<SessionListInput>(
  {
    id: 'sessions.row-times-iso',
    area: 'sessions',
    statement: 'The created_at and expires_at of a listed session are ISO 8601 date-times with a time zone.',
    basis: [server('§5', 'row times ISO 8601 with a Z suffix')],
  },
  ({ pages, deviceLabel, clientId }) => {
    const row = pages.flatMap(rows).find((r) => r.device_label === deviceLabel && r.client_id === clientId);
    if (row === undefined) return [];
    const out: Violation[] = [];
    for (const field of ['created_at', 'expires_at'] as const) {
      const value = row[field];
      if (value !== null && value !== undefined && (typeof value !== 'string' || !ISO_DATE_TIME.test(value)))
        out.push({ message: `the session's ${field} is not an ISO 8601 date-time`, expected: 'e.g. 2026-12-06T10:00:00Z', observed: JSON.stringify(value) });
    }
    return out;
  },
);
