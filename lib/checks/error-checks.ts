/**
 * Error statuses a client can provoke without harm: unknown objects and
 * invalid input (docs/server-behavior.md §1.5 guard order, §2.4).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { defineCheck } from './check.ts';

export const unknownResource = defineCheck<AnsweredExchange>({
  id: 'errors.unknown-resource',
  level: 'MUST',
  area: 'errors',
  specRef: 'docs/server-behavior.md §1.5 (unknown workspace/app → 404), §5, §6.5, §7.3, §9',
  statement: 'A request that names an object which does not exist (workspace, app, member, session, run, form token) is answered 404.',
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 404) return [];
  return [{ message: `a request for an object that does not exist was answered ${status}`, expected: '404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const rejectsInvalid = defineCheck<AnsweredExchange>({
  id: 'validation.rejects-invalid',
  level: 'MUST',
  area: 'validation',
  specRef: 'seed: 422 Validation error of the operation; docs/server-behavior.md §2.4, §3 (bounds)',
  statement: 'An input that the operation\'s parameter or body model forbids is answered 422.',
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 422) return [];
  return [{ message: `an invalid input was answered ${status}`, expected: '422', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export interface DetailsInput {
  readonly exchange: AnsweredExchange;
  /** The parameter or body field that was made invalid. */
  readonly parameter: string;
}

function locs(json: unknown): unknown[][] {
  const details = (json as { details?: unknown } | null | undefined)?.details;
  if (!Array.isArray(details)) return [];
  return details.map((d) => ((d as { loc?: unknown } | null)?.loc)).filter((loc): loc is unknown[] => Array.isArray(loc));
}

export const detailsNameParameter = defineCheck<DetailsInput>({
  id: 'validation.details-name-parameter',
  level: 'MUST',
  area: 'validation',
  specRef: 'seed: ErrorBody.details[].loc; docs/server-behavior.md §2.4 (pydantic loc, e.g. ["page"])',
  statement: 'A 422 answer to an input invalid in one parameter carries details whose loc names that parameter.',
}, ({ exchange, parameter }) => {
  if (exchange.response.status !== 422) return [];
  const found = locs(exchange.response.json);
  if (found.some((loc) => loc.includes(parameter))) return [];
  const out: Violation = found.length === 0
    ? { message: `the 422 answer has no details naming "${parameter}"`, expected: `details[].loc containing "${parameter}"`, observed: exchange.response.bodyText.slice(0, 300) }
    : { message: `the 422 details name ${JSON.stringify(found)} but not "${parameter}"`, expected: `details[].loc containing "${parameter}"`, observed: JSON.stringify(found) };
  return [out];
});
