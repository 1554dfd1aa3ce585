/**
 * Bearer authentication of the protected operations (docs/server-behavior.md
 * §1.1–§1.6): missing, malformed and unknown credentials are refused with 401
 * before anything else is looked at, the header is parsed as RFC 6750 writes
 * it, and a token of the other type is refused.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, security, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

function expect401(exchange: AnsweredExchange, what: string): readonly Violation[] {
  const status = exchange.response.status;
  if (status === 401) return [];
  return [{ message: `${what} was answered ${status}`, expected: '401', observed: String(status) }];
}

export const missingBearer = defineCheck<AnsweredExchange>(
  {
    id: 'auth.missing-bearer',
    area: 'auth',
    statement: 'A protected operation sent without an Authorization header is answered 401.',
    basis: [
      seed('#/components/securitySchemes/Bearer', 'every operation but the auth-free ones'),
      standard('RFC 6750 §3'),
      standard('RFC 9110 §15.5.2'),
      security('a protected operation refuses a request without credentials'),
      server('§1.3'),
    ],
  },
  (exchange) => expect401(exchange, 'a request without Authorization'),
);

/** The value after "Bearer " when the request sent the Bearer scheme, else undefined. */
function bearerValueSent(exchange: AnsweredExchange): string | undefined {
  const header = exchange.request.headers['authorization'];
  if (header === undefined) return undefined;
  const match = /^\s*bearer(?:\s+(.*))?$/is.exec(header);
  return match === null ? undefined : (match[1] ?? '').trim();
}

function schemeSent(exchange: AnsweredExchange): string {
  return exchange.request.headers['authorization']?.trim().split(/\s+/)[0] ?? '';
}

export const malformedBearer = defineCheck<AnsweredExchange>(
  {
    id: 'auth.malformed-bearer',
    area: 'auth',
    statement: 'A protected operation sent with a non-Bearer scheme is answered 401; one sent with an empty bearer value is refused with 400 or 401.',
    basis: [
      standard('RFC 6750 §3', 'a request with another scheme carries no bearer credentials: 401'),
      standard('RFC 6750 §2.1', 'an empty value is not a b64token, so the request is malformed'),
      standard('RFC 6750 §3.1', 'a malformed request may be answered 400 invalid_request'),
      security('a request without valid bearer credentials is refused'),
      server('§1.3'),
    ],
  },
  (exchange) => {
    if (bearerValueSent(exchange) !== '') return expect401(exchange, `a request with "Authorization: ${schemeSent(exchange)} …"`);
    const status = exchange.response.status;
    if (status === 400 || status === 401) return [];
    return [{ message: `a request with an empty bearer value was answered ${status}`, expected: '400 or 401', observed: String(status) }];
  },
);

export const emptyBearer401 = defineCheck<AnsweredExchange>(
  {
    id: 'auth.empty-bearer-401',
    area: 'auth',
    statement: 'A protected operation sent with "Authorization: Bearer " and no token is answered 401, as if the header were missing.',
    basis: [server('§1.1', 'an empty value counts as missing'), server('§1.3', 'missing, wrong scheme or empty value: 401 bearer required')],
  },
  (exchange) => {
    if (bearerValueSent(exchange) !== '') return [];
    return expect401(exchange, 'a request with an empty bearer value');
  },
);

export const unknownToken = defineCheck<AnsweredExchange>(
  {
    id: 'auth.unknown-token',
    area: 'auth',
    statement: 'A protected operation sent with a well-formed but unknown bearer token is answered 401.',
    basis: [
      standard('RFC 6750 §3.1'),
      standard('RFC 9110 §15.5.2'),
      security('an unknown token carries no credentials'),
      client('§4', '401 tells the user to log in again; 403 says the action is not permitted'),
      server('§1.2'),
      server('§1.3'),
    ],
  },
  (exchange) => expect401(exchange, 'a request with an unknown bearer token'),
);

/**
 * Whether a WWW-Authenticate value offers the Bearer scheme among its challenges, in any position
 * (RFC 9110 §11.6.1): a scheme is a token at the start or after a comma, not followed by "="
 * (which would make it an auth-param). Quoted strings are blanked first, so a realm that mentions
 * "Bearer" does not count.
 */
function challengesBearer(header: string): boolean {
  const unquoted = header.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return /(?:^|,)\s*bearer(?=$|[\s,])(?!\s*=)/i.test(unquoted);
}

export const wwwAuthenticate = defineCheck<AnsweredExchange>(
  {
    id: 'auth.www-authenticate',
    area: 'auth',
    statement: 'A 401 answer carries a WWW-Authenticate header that offers the Bearer scheme among its challenges.',
    basis: [standard('RFC 9110 §15.5.2'), standard('RFC 9110 §11.6.1', 'challenges in any order'), standard('RFC 6750 §3'), server('§1.3')],
  },
  (exchange) => {
    if (exchange.response.status !== 401) return [];
    const header = exchange.response.headers['www-authenticate'];
    if (header !== undefined && challengesBearer(header)) return [];
    return [{ message: 'a 401 answer has no WWW-Authenticate: Bearer header', expected: 'WWW-Authenticate: Bearer …', observed: header ?? '(absent)' }];
  },
);

function expectServed(exchange: AnsweredExchange, what: string): readonly Violation[] {
  const status = exchange.response.status;
  if (status >= 200 && status < 300) return [];
  return [{ message: `${what} was answered ${status}`, expected: 'a 2xx answer', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
}

export const schemeCaseInsensitive = defineCheck<AnsweredExchange>(
  {
    id: 'auth.scheme-case-insensitive',
    area: 'auth',
    statement: 'A protected operation sent with a valid token under the scheme name in another case ("bearer", "BEARER") is served.',
    basis: [standard('RFC 9110 §11.1', 'the scheme name is case-insensitive'), server('§1.1', 'the scheme is compared case-insensitively')],
  },
  (exchange) => expectServed(exchange, `a valid token sent as "Authorization: ${schemeSent(exchange)} …"`),
);

export const bearerWhitespace = defineCheck<AnsweredExchange>(
  {
    id: 'auth.bearer-whitespace',
    area: 'auth',
    statement: 'A protected operation sent with "Bearer", more than one space, then a valid token is served.',
    basis: [standard('RFC 6750 §2.1', '"Bearer" 1*SP b64token: one or more spaces'), server('§1.1', 'split on the first space, the value stripped')],
  },
  (exchange) => expectServed(exchange, 'a valid token after "Bearer" and two spaces'),
);

export interface RefusalInput {
  readonly exchange: AnsweredExchange;
  /** What the request lacked: no Authorization, a malformed one (other scheme, empty value), or a token nobody issued. */
  readonly credentials: 'missing' | 'malformed' | 'unknown';
}

const BEARER_REQUIRED = 'bearer required';

export const unauthorizedCode = defineCheck<RefusalInput>(
  {
    id: 'auth.401-code',
    area: 'auth',
    statement:
      'A 401 answer to missing, malformed or unknown credentials is an ErrorBody with code "unauthorized"; for a missing or malformed Authorization header its message is "bearer required".',
    basis: [server('§1.3', 'the wire answers and their messages, pinned as DENY_NO_BEARER'), server('§2.2', '401 → unauthorized')],
  },
  ({ exchange, credentials }) => {
    if (exchange.response.status !== 401) return [];
    const body = exchange.response.json as { code?: unknown; message?: unknown } | null | undefined;
    const out: Violation[] = [];
    if (body?.code !== 'unauthorized')
      out.push({
        message: `a 401 answer to ${credentials} credentials has code ${JSON.stringify(body?.code)}`,
        expected: 'code "unauthorized"',
        observed: exchange.response.bodyText.slice(0, 200),
      });
    if (credentials !== 'unknown' && body?.message !== BEARER_REQUIRED) {
      out.push({
        message: `a 401 answer to ${credentials} credentials has message ${JSON.stringify(body?.message)}`,
        expected: `message "${BEARER_REQUIRED}"`,
        observed: exchange.response.bodyText.slice(0, 200),
      });
    }
    return out;
  },
);

export const tokenTypeRefused = defineCheck<AnsweredExchange>(
  {
    id: 'auth.token-type-refused',
    area: 'auth',
    statement:
      'A token of the wrong type is refused (401, 403 or 404, never served): an external-SSO (dfoe_) token on an operation for account tokens, an account (dfoa_) token on the list of permitted external apps.',
    basis: [
      security('a token of the other type carries no credentials for the operation'),
      server('§1.5', 'step 5: wrong token type → 403 unsupported_token_type'),
      server('§1.6', 'which token types each operation takes'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 401 || status === 403 || status === 404) return [];
    return [
      {
        message: `a token of the wrong type was answered ${status}`,
        expected: '401, 403 or 404',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

const UNSUPPORTED_TOKEN_TYPE = 'unsupported_token_type';

export const tokenType403 = defineCheck<AnsweredExchange>(
  {
    id: 'auth.token-type-403',
    area: 'auth',
    statement: 'A token of the wrong type is answered 403 with an ErrorBody naming unsupported_token_type.',
    basis: [server('§1.5', 'step 5: 403 unsupported_token_type'), server('§1.6')],
  },
  (exchange) => {
    const { status, json, bodyText } = exchange.response;
    const body = json as { code?: unknown; message?: unknown } | null | undefined;
    if (status === 403 && (body?.code === UNSUPPORTED_TOKEN_TYPE || body?.message === UNSUPPORTED_TOKEN_TYPE)) return [];
    return [
      {
        message: `a token of the wrong type was answered ${status}`,
        expected: `403 naming ${UNSUPPORTED_TOKEN_TYPE}`,
        observed: `${status} ${bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export interface SurfaceInput {
  readonly withoutBearer: AnsweredExchange;
  readonly withUnknownBearer: AnsweredExchange;
  readonly withAccountToken: AnsweredExchange;
}

export const eeSurfaceAbsent = defineCheck<SurfaceInput>(
  {
    id: 'auth.ee-surface-absent',
    area: 'auth',
    statement:
      'The Enterprise-only list of permitted external apps is absent or present for every caller alike: either it answers 404 without a bearer, with an unknown one and with an account token, or it answers 404 to none of them.',
    basis: [server('§1.5', 'step 1: an Enterprise-only route on another edition is 404 before the bearer is read'), server('§1.6')],
  },
  ({ withoutBearer, withUnknownBearer, withAccountToken }) => {
    const statuses = [withoutBearer, withUnknownBearer, withAccountToken].map((e) => e.response.status);
    const absent = statuses.filter((s) => s === 404).length;
    if (absent === 0 || absent === statuses.length) return [];
    return [
      {
        message: `GET /permitted-external-apps answered ${statuses.join(', ')} without a bearer, with an unknown one and with an account token: the surface is absent for some callers only`,
        expected: '404 for all three, or for none',
        observed: statuses.join(', '),
      },
    ];
  },
);
