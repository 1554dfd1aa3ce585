/**
 * Bearer authentication of the protected operations (docs/server-behavior.md
 * §1.3, §1.5): missing, malformed and unknown credentials are refused with 401
 * before anything else is looked at.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { defineCheck } from './check.ts';

function expect401(exchange: AnsweredExchange, what: string): readonly Violation[] {
  const status = exchange.response.status;
  if (status === 401) return [];
  return [{ message: `${what} was answered ${status}`, expected: '401', observed: String(status) }];
}

export const missingBearer = defineCheck<AnsweredExchange>({
  id: 'auth.missing-bearer',
  level: 'MUST',
  area: 'auth',
  specRef: 'seed: Bearer security on every operation but the auth-free ones; docs/server-behavior.md §1.3',
  statement: 'A protected operation sent without an Authorization header is answered 401.',
}, (exchange) => expect401(exchange, 'a request without Authorization'));

export const malformedBearer = defineCheck<AnsweredExchange>({
  id: 'auth.malformed-bearer',
  level: 'MUST',
  area: 'auth',
  specRef: 'docs/server-behavior.md §1.1 (scheme must be Bearer; empty value = missing), §1.3',
  statement: 'A protected operation sent with a non-Bearer scheme or an empty bearer value is answered 401.',
}, (exchange) => expect401(exchange, `a request with "Authorization: ${exchange.request.headers['authorization']?.split(' ')[0] ?? ''} …"`));

export const unknownToken = defineCheck<AnsweredExchange>({
  id: 'auth.unknown-token',
  level: 'MUST',
  area: 'auth',
  specRef: 'docs/server-behavior.md §1.2, §1.3 (unknown token → 401 unauthorized)',
  statement: 'A protected operation sent with a well-formed but unknown bearer token is answered 401.',
}, (exchange) => expect401(exchange, 'a request with an unknown bearer token'));

export const wwwAuthenticate = defineCheck<AnsweredExchange>({
  id: 'auth.www-authenticate',
  level: 'SHOULD',
  area: 'auth',
  specRef: 'RFC 6750 §3; docs/server-behavior.md §1.3 (WWW-Authenticate: Bearer realm="api")',
  statement: 'A 401 answer carries a WWW-Authenticate header with the Bearer scheme.',
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
  level: 'MUST',
  area: 'errors',
  specRef: 'docs/server-behavior.md §2.1 (unknown paths under the prefix are canonical 404 ErrorBody)',
  statement: 'An unknown path under the API root, requested with a valid bearer, is answered 404 with a JSON ErrorBody.',
}, ({ exchange, errorBodyErrors }) => {
  const { status, mediaType, bodyText } = exchange.response;
  const out: Violation[] = [];
  if (status !== 404) out.push({ message: `an unknown path was answered ${status}`, expected: '404', observed: String(status) });
  if (mediaType !== 'application/json') out.push({ message: 'the 404 answer for an unknown path is not JSON', expected: 'application/json', observed: mediaType ?? '(none)' });
  else if (errorBodyErrors.length > 0) out.push({ message: `the 404 answer for an unknown path is not an ErrorBody: ${errorBodyErrors.join('; ')}`, expected: 'an ErrorBody', observed: bodyText.slice(0, 200) });
  return out;
});
