/**
 * Routing under the API root (docs/server-behavior.md §2.1, §2.2): a path the
 * API does not have is a 404 ErrorBody; a path it has, asked with a method it
 * does not serve there, is a 405 that says which methods it does serve.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

export interface UnknownPathInput {
  readonly exchange: AnsweredExchange;
  /** Schema errors of the body against ErrorBody (empty when it is one). */
  readonly errorBodyErrors: readonly string[];
}

export const unknownPath = defineCheck<UnknownPathInput>(
  {
    id: 'routing.unknown-path',
    area: 'errors',
    statement: 'An unknown path under the API root, requested with a valid bearer, is answered 404 with a JSON ErrorBody.',
    basis: [standard('RFC 9110 §15.5.5'), seed('#/components/schemas/ErrorBody', 'the canonical non-2xx body'), server('§2.1')],
  },
  ({ exchange, errorBodyErrors }) => {
    const { status, mediaType, bodyText } = exchange.response;
    const out: Violation[] = [];
    if (status !== 404) out.push({ message: `an unknown path was answered ${status}`, expected: '404', observed: String(status) });
    if (mediaType !== 'application/json')
      out.push({ message: 'the 404 answer for an unknown path is not JSON', expected: 'application/json', observed: mediaType ?? '(none)' });
    else if (errorBodyErrors.length > 0)
      out.push({
        message: `the 404 answer for an unknown path is not an ErrorBody: ${errorBodyErrors.join('; ')}`,
        expected: 'an ErrorBody',
        observed: bodyText.slice(0, 200),
      });
    return out;
  },
);

export interface WrongMethodInput {
  readonly exchange: AnsweredExchange;
  /** A method the path does serve (e.g. GET for /_health). */
  readonly served: string;
}

/** The methods an Allow header lists (RFC 9110 §10.2.1: a comma-separated list of method tokens). */
function allowedMethods(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  return header
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
}

export const wrongMethodAllow = defineCheck<WrongMethodInput>(
  {
    id: 'routing.wrong-method',
    area: 'routing',
    statement: 'A 405 answer to a known path asked with a method it does not serve carries an Allow header listing the methods the path serves.',
    basis: [
      standard('RFC 9110 §15.5.6', 'the server MUST generate an Allow header field in a 405 response'),
      standard('RFC 9110 §10.2.1', 'Allow lists the methods the target resource supports'),
    ],
  },
  ({ exchange, served }) => {
    if (exchange.response.status !== 405) return [];
    const header = exchange.response.headers['allow'];
    const methods = allowedMethods(header);
    if (methods === undefined)
      return [{ message: `a 405 answer to ${exchange.request.method} has no Allow header`, expected: `Allow: ${served}, …`, observed: '(absent)' }];
    if (methods.includes(served)) return [];
    return [
      {
        message: `the Allow header of a 405 answer does not list ${served}, which the path serves`,
        expected: `Allow listing ${served}`,
        observed: header ?? '',
      },
    ];
  },
);

export const wrongMethod405 = defineCheck<WrongMethodInput>(
  {
    id: 'routing.wrong-method-405',
    area: 'routing',
    statement: 'A known path asked with a method it does not serve is answered 405 with an ErrorBody whose code is "method_not_allowed", not 404.',
    basis: [server('§2.2', '405 → method_not_allowed'), server('§2.1')],
  },
  ({ exchange }) => {
    const { status, json, bodyText } = exchange.response;
    const code = (json as { code?: unknown } | null | undefined)?.code;
    if (status === 405 && code === 'method_not_allowed') return [];
    const out: Violation =
      status === 405
        ? { message: `the 405 answer has code ${JSON.stringify(code)}`, expected: 'code "method_not_allowed"', observed: bodyText.slice(0, 200) }
        : {
            message: `${exchange.request.method} on a path that does not serve it was answered ${status}`,
            expected: '405 method_not_allowed',
            observed: `${status} ${bodyText.slice(0, 200)}`,
          };
    return [out];
  },
);
