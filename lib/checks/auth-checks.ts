/**
 * Bearer authentication of the protected operations (docs/server-behavior.md
 * §1.3, §1.5): missing, malformed and unknown credentials are refused with 401
 * before anything else is looked at.
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

export const missingBearer = defineCheck<AnsweredExchange>({
  id: 'auth.missing-bearer',
  area: 'auth',
  statement: 'A protected operation sent without an Authorization header is answered 401.',
  basis: [seed('#/components/securitySchemes/Bearer', 'every operation but the auth-free ones'), standard('RFC 6750 §3'), standard('RFC 9110 §15.5.2'), security('a protected operation refuses a request without credentials'), server('§1.3')],
}, (exchange) => expect401(exchange, 'a request without Authorization'));

export const malformedBearer = defineCheck<AnsweredExchange>({
  id: 'auth.malformed-bearer',
  area: 'auth',
  statement: 'A protected operation sent with a non-Bearer scheme or an empty bearer value is answered 401.',
  basis: [standard('RFC 6750 §3', 'a request with another scheme carries no bearer credentials'), security('a request without valid bearer credentials is refused'), server('§1.1', 'the scheme must be Bearer; an empty value counts as missing')],
}, (exchange) => expect401(exchange, `a request with "Authorization: ${exchange.request.headers['authorization']?.split(' ')[0] ?? ''} …"`));

export const unknownToken = defineCheck<AnsweredExchange>({
  id: 'auth.unknown-token',
  area: 'auth',
  statement: 'A protected operation sent with a well-formed but unknown bearer token is answered 401.',
  basis: [standard('RFC 6750 §3.1'), standard('RFC 9110 §15.5.2'), security('an unknown token carries no credentials'), client('§4', '401 tells the user to log in again; 403 says the action is not permitted'), server('§1.2'), server('§1.3')],
}, (exchange) => expect401(exchange, 'a request with an unknown bearer token'));

export const wwwAuthenticate = defineCheck<AnsweredExchange>({
  id: 'auth.www-authenticate',
  area: 'auth',
  statement: 'A 401 answer carries a WWW-Authenticate header with the Bearer scheme.',
  basis: [standard('RFC 9110 §15.5.2'), standard('RFC 6750 §3'), server('§1.3')],
}, (exchange) => {
  if (exchange.response.status !== 401) return [];
  const header = exchange.response.headers['www-authenticate'];
  if (header !== undefined && /^\s*bearer\b/i.test(header)) return [];
  return [{ message: 'a 401 answer has no WWW-Authenticate: Bearer header', expected: 'WWW-Authenticate: Bearer …', observed: header ?? '(absent)' }];
});

export interface UnknownPathInput {
  readonly exchange: AnsweredExchange;
  /** Schema errors of the body against ErrorBody (empty when it is one). */
  readonly errorBodyErrors: readonly string[];
}

export const unknownPath = defineCheck<UnknownPathInput>({
  id: 'routing.unknown-path',
  area: 'errors',
  statement: 'An unknown path under the API root, requested with a valid bearer, is answered 404 with a JSON ErrorBody.',
  basis: [standard('RFC 9110 §15.5.5'), seed('#/components/schemas/ErrorBody', 'the canonical non-2xx body'), server('§2.1')],
}, ({ exchange, errorBodyErrors }) => {
  const { status, mediaType, bodyText } = exchange.response;
  const out: Violation[] = [];
  if (status !== 404) out.push({ message: `an unknown path was answered ${status}`, expected: '404', observed: String(status) });
  if (mediaType !== 'application/json') out.push({ message: 'the 404 answer for an unknown path is not JSON', expected: 'application/json', observed: mediaType ?? '(none)' });
  else if (errorBodyErrors.length > 0) out.push({ message: `the 404 answer for an unknown path is not an ErrorBody: ${errorBodyErrors.join('; ')}`, expected: 'an ErrorBody', observed: bodyText.slice(0, 200) });
  return out;
});
