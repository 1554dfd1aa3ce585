/**
 * The OAuth device authorization grant (RFC 8628) as Dify serves it
 * (docs/server-behavior.md §4).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, security, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

/** The alphabet of the user codes Dify issues: no 0/1/2/I/O/Z (docs/server-behavior.md §4.2). */
export const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXY3456789';

function shown(exchange: AnsweredExchange): string {
  return `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`;
}

function rfcError(exchange: AnsweredExchange): unknown {
  return (exchange.response.json as { error?: unknown } | undefined)?.error;
}

export const lookupUnknownInvalid = defineCheck<AnsweredExchange>(
  {
    id: 'device.lookup-unknown-invalid',
    area: 'device-flow',
    statement: 'Looking up a user code that was never issued answers 200 with valid false.',
    basis: [seed('#/components/schemas/DeviceLookupResponse/properties/valid', 'a code never issued cannot be valid'), server('§4.4')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    if (status === 200 && (json as { valid?: unknown } | undefined)?.valid === false) return [];
    return [
      {
        message: `looking up an unknown user code was answered ${status}`,
        expected: '200 {"valid": false}',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const pollUnknownRejected = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-unknown-rejected',
    area: 'device-flow',
    statement: 'Polling with a device code that was never issued answers 400 with the error expired_token (or invalid_grant).',
    basis: [
      standard('RFC 8628 §3.5', 'expired_token'),
      standard('RFC 6749 §5.2', 'invalid_grant, HTTP 400'),
      client('§2', 'a poll answer without an error field fails the login as no OAuth envelope'),
      server('§4.3'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    const error = rfcError(exchange);
    if (status === 400 && (error === 'expired_token' || error === 'invalid_grant')) return [];
    return [
      {
        message: `polling an unknown device code was answered ${status} ${JSON.stringify(error ?? null)}`,
        expected: '400 {"error": "expired_token"}',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const slowDownFirst = defineCheck<AnsweredExchange>(
  {
    id: 'device.slow-down-first',
    area: 'device-flow',
    statement:
      'Polling the same device code again at once answers slow_down even when the code is unknown: poll pacing is checked before the code is looked up.',
    basis: [server('§4.3', 'slow_down is checked first, even for unknown or expired codes, and every poll moves the timestamp')],
  },
  (exchange) => expectRfcError(exchange, ['slow_down'], 'polling an unknown device code again at once'),
);

export const extraFieldsIgnored = defineCheck<AnsweredExchange>(
  {
    id: 'device.extra-fields-ignored',
    area: 'device-flow',
    statement:
      'A token request with a field the server does not know is answered as without it: a never-issued device code still polls as 400 expired_token (or invalid_grant), not as a malformed request.',
    basis: [standard('RFC 6749 §3.2', 'the authorization server MUST ignore unrecognized request parameters'), server('§4.3')],
  },
  (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'with an extra field in the body'),
);

export const mutateUnknownNotFound = defineCheck<AnsweredExchange>(
  {
    id: 'device.mutate-unknown-404',
    area: 'device-flow',
    statement: 'Approving or denying a user code that was never issued answers 404 {"error": "expired_or_unknown"}.',
    basis: [server('§4.5', 'unknown or expired user code: 404 {"error": "expired_or_unknown"}')],
  },
  (exchange) => {
    // The error names the reason, so a route that is missing altogether (also a 404) does not pass.
    if (exchange.response.status === 404 && rfcError(exchange) === 'expired_or_unknown') return [];
    return [
      {
        message: `approving or denying an unknown user code was answered ${exchange.response.status} ${JSON.stringify(rfcError(exchange) ?? null)}`,
        expected: '404 {"error": "expired_or_unknown"}',
        observed: shown(exchange),
      },
    ];
  },
);

export const codeIssued = defineCheck<AnsweredExchange>(
  {
    id: 'device.code-issued',
    area: 'device-flow',
    statement:
      'A device authorization request for a known client answers 200 with non-empty device_code, user_code and verification_uri, and positive integer expires_in and interval.',
    basis: [
      seed('#/components/schemas/DeviceCodeResponse'),
      standard('RFC 8628 §3.2'),
      client('§2', 'the CLI needs non-empty device_code, user_code and verification_uri'),
    ],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    if (status !== 200)
      return [
        {
          message: `the device authorization request was answered ${status}`,
          expected: '200',
          observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
        },
      ];
    const body = (json ?? {}) as Record<string, unknown>;
    const out = [];
    for (const field of ['device_code', 'user_code', 'verification_uri']) {
      if (typeof body[field] !== 'string' || body[field] === '')
        out.push({ message: `${field} is missing or empty`, expected: 'a non-empty string', observed: JSON.stringify(body[field] ?? null) });
    }
    for (const field of ['expires_in', 'interval']) {
      const value = body[field];
      if (!Number.isInteger(value) || (value as number) <= 0)
        out.push({ message: `${field} is not a positive integer`, expected: 'an integer > 0', observed: JSON.stringify(value ?? null) });
    }
    return out;
  },
);

export const verificationUriAbsolute = defineCheck<AnsweredExchange>(
  {
    id: 'device.verification-uri-absolute',
    area: 'device-flow',
    statement: 'The verification_uri of a device authorization is an absolute http(s) URI with a host.',
    basis: [
      standard('RFC 8628 §3.2', 'verification_uri is the end-user verification URI'),
      client('§2', 'the CLI refuses a verification_uri that does not parse or has no host'),
    ],
  },
  (exchange) => {
    const uri = (exchange.response.json as { verification_uri?: unknown } | undefined)?.verification_uri;
    if (exchange.response.status !== 200 || typeof uri !== 'string') return [];
    try {
      const url = new URL(uri);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '') return [];
    } catch {
      // fall through to the violation
    }
    return [{ message: 'verification_uri is not an absolute http(s) URI', expected: 'e.g. https://console.example.com/device', observed: uri }];
  },
);

export const verificationUriHttps = defineCheck<AnsweredExchange>(
  {
    id: 'device.verification-uri-https',
    area: 'device-flow',
    statement:
      'The verification_uri uses https (judged unless the API itself is served over plain http from the same host, where the client needs --insecure anyway).',
    basis: [client('§2', 'the CLI refuses an http verification_uri unless run with --insecure')],
  },
  (exchange) => {
    const uri = (exchange.response.json as { verification_uri?: unknown } | undefined)?.verification_uri;
    if (exchange.response.status !== 200 || typeof uri !== 'string' || uri.startsWith('https://')) return [];
    const api = new URL(exchange.request.url);
    return [{ message: `verification_uri is not https${api.protocol === 'https:' ? ' although the API is' : ''}`, expected: 'https://…', observed: uri }];
  },
);

/** Whether verification-uri-https applies: not when the API is plain http on the verification page's own host. */
export function httpsExpected(exchange: AnsweredExchange): boolean {
  const uri = (exchange.response.json as { verification_uri?: unknown } | undefined)?.verification_uri;
  const api = new URL(exchange.request.url);
  return !(api.protocol === 'http:' && typeof uri === 'string' && hostOf(uri) === api.hostname);
}

export const verificationUriPath = defineCheck<AnsweredExchange>(
  {
    id: 'device.verification-uri-path',
    area: 'device-flow',
    statement: "The verification_uri is the console's device page: its path ends in /device.",
    basis: [server('§4.2', 'verification_uri = CONSOLE_WEB_URL + /device')],
  },
  (exchange) => {
    const uri = (exchange.response.json as { verification_uri?: unknown } | undefined)?.verification_uri;
    if (exchange.response.status !== 200 || typeof uri !== 'string') return [];
    let path: string | undefined;
    try {
      path = new URL(uri).pathname;
    } catch {
      path = undefined;
    }
    if (path !== undefined && /\/device\/?$/.test(path)) return [];
    return [{ message: "verification_uri does not lead to the console's /device page", expected: '<console>/device', observed: uri }];
  },
);

export const userCodeFormat = defineCheck<AnsweredExchange>(
  {
    id: 'device.user-code-format',
    area: 'device-flow',
    statement: `An issued user_code is two groups of four characters joined by a hyphen, from the unambiguous alphabet ${USER_CODE_ALPHABET}.`,
    basis: [server('§4.2', 'user_code XXXX-XXXX without 0/1/2/I/O/Z; RFC 8628 §6.1 recommends such an alphabet')],
  },
  (exchange) => {
    const code = (exchange.response.json as { user_code?: unknown } | undefined)?.user_code;
    if (exchange.response.status !== 200 || typeof code !== 'string') return [];
    const group = `[${USER_CODE_ALPHABET}]{4}`;
    if (new RegExp(`^${group}-${group}$`).test(code)) return [];
    return [{ message: 'the user code is not XXXX-XXXX over the issued alphabet', expected: `XXXX-XXXX from ${USER_CODE_ALPHABET}`, observed: code }];
  },
);

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname;
  } catch {
    return undefined;
  }
}

export const unknownClientRejected = defineCheck<AnsweredExchange>(
  {
    id: 'device.unknown-client-rejected',
    area: 'device-flow',
    statement: 'A device authorization request for an unknown client id is refused with 400, an OAuth error body (a string "error") and no device code.',
    basis: [standard('RFC 6749 §5.2', 'invalid_client, HTTP 400 with an "error" code'), server('§4.2', '400 {"error": "unsupported_client"}')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    const issued = (json as { device_code?: unknown } | undefined)?.device_code;
    // A 404 (no device flow here) or any other 4xx without an error code is not a refusal of the client.
    if (status === 400 && typeof rfcError(exchange) === 'string' && issued === undefined) return [];
    return [
      {
        message: `a device authorization for an unknown client was answered ${status} ${JSON.stringify(rfcError(exchange) ?? null)}`,
        expected: '400 {"error": "unsupported_client"}',
        observed: shown(exchange),
      },
    ];
  },
);

export const unknownClientUnsupported = defineCheck<AnsweredExchange>(
  {
    id: 'device.unknown-client-unsupported',
    area: 'device-flow',
    statement: 'The refusal of an unknown client id names the error unsupported_client.',
    basis: [server('§4.2', 'client_id not in OPENAPI_KNOWN_CLIENT_IDS: 400 {"error": "unsupported_client"}')],
  },
  (exchange) => {
    if (exchange.response.status !== 400 || rfcError(exchange) === 'unsupported_client') return [];
    return [
      {
        message: `the refusal of an unknown client names ${JSON.stringify(rfcError(exchange) ?? null)}`,
        expected: '{"error": "unsupported_client"}',
        observed: shown(exchange),
      },
    ];
  },
);

export const lookupPendingValid = defineCheck<AnsweredExchange>(
  {
    id: 'device.lookup-pending-valid',
    area: 'device-flow',
    statement: 'Looking up the user code of a pending device authorization answers 200 with valid true.',
    basis: [seed('#/components/schemas/DeviceLookupResponse/properties/valid', 'a code that can still be approved is valid'), server('§4.4')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    const valid = (json as { valid?: unknown } | undefined)?.valid;
    if (status === 200 && valid === true) return [];
    return [
      {
        message: `looking up a pending user code was answered ${status} valid=${JSON.stringify(valid ?? null)}`,
        expected: '200 {"valid": true}',
        observed: shown(exchange),
      },
    ];
  },
);

export interface LookupClientInput {
  readonly exchange: AnsweredExchange;
  /** The client id the code was issued to. */
  readonly clientId: string;
}

export const lookupNamesClient = defineCheck<LookupClientInput>(
  {
    id: 'device.lookup-names-client',
    area: 'device-flow',
    statement: 'Looking up a pending user code names the client id the code was issued to.',
    basis: [server('§4.4', 'pending: {"valid": true, "client_id": "<client>"}')],
  },
  ({ exchange, clientId }) => {
    const named = (exchange.response.json as { client_id?: unknown } | undefined)?.client_id;
    if (exchange.response.status !== 200 || named === clientId) return [];
    return [{ message: 'the lookup does not name the client the code was issued to', expected: clientId, observed: JSON.stringify(named ?? null) }];
  },
);

export const lookupResolvedInvalid = defineCheck<AnsweredExchange>(
  {
    id: 'device.lookup-resolved-invalid',
    area: 'device-flow',
    statement: 'Looking up a user code that was already approved or denied answers 200 with valid false, so the console does not offer it again.',
    basis: [server('§4.4', 'known but not pending: {"valid": false, "client_id": "<client>"}')],
  },
  (exchange) => {
    const valid = (exchange.response.json as { valid?: unknown } | undefined)?.valid;
    if (exchange.response.status === 200 && valid === false) return [];
    return [
      {
        message: `looking up a resolved user code was answered ${exchange.response.status} valid=${JSON.stringify(valid ?? null)}`,
        expected: '200 {"valid": false}',
        observed: shown(exchange),
      },
    ];
  },
);

export const lookupNormalises = defineCheck<AnsweredExchange>(
  {
    id: 'device.lookup-normalises',
    area: 'device-flow',
    statement: 'A pending user code typed in lower case with surrounding spaces is still found (valid true).',
    basis: [server('§4.4', 'strip and upper-case')],
  },
  (exchange) => {
    const valid = (exchange.response.json as { valid?: unknown } | undefined)?.valid;
    if (exchange.response.status === 200 && valid === true) return [];
    return [
      {
        message: 'a lower-cased, space-padded pending user code was not recognised',
        expected: '200 {"valid": true}',
        observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

function expectRfcError(exchange: AnsweredExchange, expected: readonly string[], when: string) {
  const status = exchange.response.status;
  const error = rfcError(exchange);
  if (status === 400 && typeof error === 'string' && expected.includes(error)) return [];
  return [
    {
      message: `${when}, the poll was answered ${status} ${JSON.stringify(error ?? null)}`,
      expected: `400 {"error": "${expected.join('" or "')}"}`,
      observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
    },
  ];
}

export const pollPending = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-pending',
    area: 'device-flow',
    statement:
      'Polling a device code that is not yet approved answers 400 {"error": "authorization_pending"} (or slow_down when polled too fast) and no token.',
    basis: [
      standard('RFC 8628 §3.5', 'authorization_pending'),
      standard('RFC 6749 §5.2', 'HTTP 400'),
      client('§2', 'authorization_pending keeps the CLI waiting'),
      server('§4.3'),
    ],
  },
  (exchange) => expectRfcError(exchange, ['authorization_pending', 'slow_down'], 'before approval'),
);

export const pollSlowDown = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-slow-down',
    area: 'device-flow',
    statement: 'Polling again sooner than the interval answers 400 {"error": "slow_down"}.',
    basis: [server('§4.3', 'a poll within interval seconds of the previous one answers slow_down; RFC 8628 §3.5 lets the server choose')],
  },
  (exchange) => expectRfcError(exchange, ['slow_down'], 'polling again at once'),
);

export const pollApprovedToken = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-approved-token',
    area: 'device-flow',
    statement: 'The first poll after approval answers 200 with a non-empty token.',
    basis: [standard('RFC 8628 §3.5', 'the access token response once approved'), client('§2', 'the CLI needs a non-empty string token'), server('§4.3')],
  },
  (exchange) => {
    const token = (exchange.response.json as { token?: unknown } | undefined)?.token;
    if (exchange.response.status === 200 && typeof token === 'string' && token !== '') return [];
    return [
      {
        message: `the poll after approval was answered ${exchange.response.status} without a token`,
        expected: '200 {"token": "dfoa_…", …}',
        observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export interface PayloadInput {
  readonly exchange: AnsweredExchange;
  /** Errors of the payload against DEVICE_TOKEN_SCHEMA (lib/spec/behavior-schemas.ts): the fields the client reads. */
  readonly schemaErrors: readonly string[];
}

interface TokenPayload {
  readonly token?: unknown;
  readonly expires_at?: unknown;
  readonly subject_type?: unknown;
  readonly subject_email?: unknown;
  readonly account?: { readonly id?: unknown; readonly email?: unknown } | null;
}

function payloadOf(exchange: AnsweredExchange): TokenPayload {
  return (exchange.response.json ?? {}) as TokenPayload;
}

export const tokenPayloadShape = defineCheck<PayloadInput>(
  {
    id: 'device.token-payload-shape',
    area: 'device-flow',
    statement:
      'The token payload carries what the client reads: token, token_id and subject_type, account and workspaces of the documented shapes, default_workspace_id, and an e-mail (account.email, else subject_email).',
    basis: [
      client('§2', 'the CLI reads token, token_id, subject_type, account (its email is mandatory, else subject_email), workspaces and default_workspace_id'),
      server('§4.3'),
    ],
  },
  ({ exchange, schemaErrors }) => {
    if (exchange.response.status !== 200) return [];
    const out: Violation[] = [];
    if (schemaErrors.length > 0)
      out.push({
        message: `the token payload does not have the documented shape: ${schemaErrors.join('; ')}`,
        expected: 'the DeviceTokenResponse shape',
        observed: schemaErrors.join('; '),
      });
    const body = payloadOf(exchange);
    const email = typeof body.account?.email === 'string' && body.account.email !== '' ? body.account.email : body.subject_email;
    if (typeof email !== 'string' || email === '')
      out.push({
        message: 'the token payload names no e-mail, so the client cannot record the login',
        expected: 'a non-empty account.email (or subject_email)',
        observed: JSON.stringify({ account: body.account ?? null, subject_email: body.subject_email ?? null }),
      });
    return out;
  },
);

/** ISO 8601 date-time with a time zone (Z or ±hh:mm), as Python's isoformat() writes it. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const tokenExpiresFuture = defineCheck<AnsweredExchange>(
  {
    id: 'device.token-expires-future',
    area: 'device-flow',
    statement: "The token payload's expires_at is an ISO 8601 date-time with a time zone, later than the moment the token was issued.",
    basis: [server('§4.3', 'expires_at: ISO 8601 with a +00:00 offset'), server('§1.1', 'tokens live 14 days by default, at least one')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const expiresAt = payloadOf(exchange).expires_at;
    if (typeof expiresAt !== 'string' || !ISO_DATE_TIME.test(expiresAt)) {
      return [
        {
          message: 'expires_at is not an ISO 8601 date-time with a time zone',
          expected: 'e.g. 2026-12-20T10:00:00+00:00',
          observed: JSON.stringify(expiresAt ?? null),
        },
      ];
    }
    if (Date.parse(expiresAt) > exchange.timings.startedAt) return [];
    return [
      { message: 'the token expires before it was issued', expected: `later than ${new Date(exchange.timings.startedAt).toISOString()}`, observed: expiresAt },
    ];
  },
);

export const tokenPrefix = defineCheck<AnsweredExchange>(
  {
    id: 'device.token-prefix',
    area: 'device-flow',
    statement: 'An account token from the device flow is dfoa_ followed by base64url text.',
    basis: [
      client('§2', 'logout revokes the session only for a stored token starting dfoa_ or dfoe_; the mock server accepts only Bearer dfo[ae]_…'),
      server('§1.1'),
    ],
  },
  (exchange) => {
    const body = payloadOf(exchange);
    if (exchange.response.status !== 200 || typeof body.token !== 'string' || body.subject_type !== 'account') return [];
    if (/^dfoa_[A-Za-z0-9_-]+$/.test(body.token)) return [];
    // The token itself is a secret: show only its shape.
    return [
      {
        message: 'the account token does not start with dfoa_ followed by base64url text',
        expected: 'dfoa_[A-Za-z0-9_-]+',
        observed: `${body.token.slice(0, 5).replace(/[A-Za-z0-9]/g, 'x')}… (${body.token.length} characters)`,
      },
    ];
  },
);

export interface ApproverInput {
  /** The 200 token payload. */
  readonly payload: AnsweredExchange;
  /** GET /account with the minted token. */
  readonly exchange: AnsweredExchange;
}

function accountOf(exchange: AnsweredExchange): { id: unknown; email: unknown } {
  const account = (exchange.response.json as { account?: { id?: unknown; email?: unknown } | null } | undefined)?.account;
  return { id: account?.id, email: account?.email };
}

export const tokenNamesApprover = defineCheck<ApproverInput>(
  {
    id: 'device.token-names-approver',
    area: 'device-flow',
    statement: 'The account a token payload names is the account the token acts as: GET /account with the token names the same account id and e-mail.',
    basis: [client('§2', "the CLI records the payload's e-mail as the login identity and then acts with the token")],
  },
  ({ payload, exchange }) => {
    if (exchange.response.status !== 200 || payload.response.status !== 200) return [];
    const named = accountOf(payload);
    const actual = accountOf(exchange);
    if (actual.id === named.id && actual.email === named.email) return [];
    return [
      {
        message: 'the token acts as another account than its payload names',
        expected: `${String(named.email ?? '?')} (${String(named.id ?? '?')})`,
        observed: `${String(actual.email ?? '?')} (${String(actual.id ?? '?')})`,
      },
    ];
  },
);

export const pollSingleUse = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-single-use',
    area: 'device-flow',
    statement: 'Polling again after a token was issued answers 400 {"error": "expired_token"} (or invalid_grant), never a second token.',
    basis: [
      standard('RFC 8628 §3.5', 'expired_token once the session has concluded'),
      security('a used device code is no credential for another token'),
      server('§4.1'),
    ],
  },
  (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'after the token was issued'),
);

export const pollDenied = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-denied',
    area: 'device-flow',
    statement: 'The first poll after the user denied the request answers 400 {"error": "access_denied"}.',
    basis: [standard('RFC 8628 §3.5', 'access_denied'), client('§2', 'access_denied ends the login as denied'), server('§4.3')],
  },
  (exchange) => expectRfcError(exchange, ['access_denied'], 'after denial'),
);

export const pollDeniedConsumed = defineCheck<AnsweredExchange>(
  {
    id: 'device.poll-denied-consumed',
    area: 'device-flow',
    statement: 'Polling again after access_denied answers 400 expired_token (or invalid_grant): the denied code is used up.',
    basis: [server('§4.1', 'the denied state is consumed by the poll that reports it')],
  },
  (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'after access_denied was reported'),
);

export const codeExpires = defineCheck<AnsweredExchange>(
  {
    id: 'device.code-expires',
    area: 'device-flow',
    statement: 'Polling a device code after its expires_in has passed answers 400 {"error": "expired_token"}.',
    basis: [standard('RFC 8628 §3.5', 'expired_token'), client('§2', 'the CLI does not count down expires_in; it stops on expired_token'), server('§4.1')],
  },
  (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'after the code expired'),
);

export const approveResolvedConflict = defineCheck<AnsweredExchange>(
  {
    id: 'device.approve-resolved-409',
    area: 'device-flow',
    statement: 'Approving a user code that was already approved or denied answers 409.',
    basis: [server('§4.5', 'not pending: 409 {"error": "already_resolved"}')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 409) return [];
    return [
      {
        message: `approving an already resolved user code was answered ${status}`,
        expected: '409',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const decisionAccepted = defineCheck<AnsweredExchange>(
  {
    id: 'device.decision-accepted',
    area: 'device-flow',
    statement: 'Approving or denying a pending user code with a valid console session answers 200.',
    basis: [
      seed('#/paths/~1oauth~1device~1approve/post/responses/200', 'approve answers 200 Approved'),
      seed('#/paths/~1oauth~1device~1deny/post/responses/200'),
      server('§4.5'),
    ],
  },
  (exchange) => {
    if (exchange.response.status === 200) return [];
    return [
      {
        message: `the console session's decision on a code the run had just been issued was answered ${exchange.response.status}`,
        expected: '200',
        observed: shown(exchange),
      },
    ];
  },
);

export const decisionStatus = defineCheck<AnsweredExchange>(
  {
    id: 'device.decision-status',
    area: 'device-flow',
    statement: 'A successful approve answers {"status": "approved"}, a successful deny {"status": "denied"}.',
    basis: [server('§4.5', 'success: approve 200 {"status": "approved"}, deny 200 {"status": "denied"}')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const wanted = exchange.operationId === 'denyDevice' ? 'denied' : 'approved';
    const status = (exchange.response.json as { status?: unknown } | undefined)?.status;
    if (status === wanted) return [];
    return [
      {
        message: `the decision answered status ${JSON.stringify(status ?? null)}`,
        expected: `{"status": "${wanted}"}`,
        observed: exchange.response.bodyText.slice(0, 200),
      },
    ];
  },
);

export const decisionNormalises = defineCheck<AnsweredExchange>(
  {
    id: 'device.decision-normalises',
    area: 'device-flow',
    statement: 'A pending user code sent to approve in lower case with surrounding spaces is still found and approved (200).',
    basis: [server('§4.5', "the body's user_code is stripped and upper-cased"), server('§4.4')],
  },
  (exchange) => {
    if (exchange.response.status === 200) return [];
    return [
      {
        message: `approving a lower-cased, space-padded pending user code was answered ${exchange.response.status}`,
        expected: '200',
        observed: shown(exchange),
      },
    ];
  },
);

export const decisionNeedsSession = defineCheck<AnsweredExchange>(
  {
    id: 'device.decision-needs-session',
    area: 'device-flow',
    statement:
      'Approving or denying a user code without the console session (no cookie, with or without a bearer token) is refused with 401 or 403 before the code is looked up.',
    basis: [
      security('approve and deny act for the console user: without the console session they are refused'),
      server('§4.5', 'login_required runs before the code is read'),
      server('§1.6'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 401 || status === 403) return [];
    const bearer = exchange.request.headers['authorization'] !== undefined;
    return [
      {
        message: `${exchange.operationId === 'denyDevice' ? 'denying' : 'approving'} without a console session${bearer ? ' (with the API bearer token)' : ''} was answered ${status}`,
        expected: '401 (or 403): refused before the user code is looked up',
        observed: shown(exchange),
      },
    ];
  },
);
