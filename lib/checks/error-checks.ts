/**
 * Error statuses a client can provoke without harm: unknown objects and
 * invalid input (docs/server-behavior.md §1.5 guard order, §2.4).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

export const unknownResource = defineCheck<AnsweredExchange>({
  id: 'errors.unknown-resource',
  area: 'errors',
  statement: 'A request that names an object which does not exist (workspace, app, member, session, run, form token) is answered 404.',
  basis: [standard('RFC 9110 §15.5.5'), client('§4', 'a 404 is shown as not found; a 403 would tell the user they lack permission'), server('§1.5'), server('§5'), server('§6.5'), server('§7.3'), server('§9')],
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 404) return [];
  return [{ message: `a request for an object that does not exist was answered ${status}`, expected: '404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const rejectsInvalid = defineCheck<AnsweredExchange>({
  id: 'validation.rejects-invalid',
  area: 'validation',
  statement: 'An input that the operation\'s parameter or body model forbids is answered 422.',
  basis: [seed('#/components/schemas/ErrorBody', 'the 422 Validation error of each operation, for inputs its parameter or body model forbids'), client('§7', 'missing or wrong-typed input fails fast with 422')],
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
  area: 'validation',
  statement: 'A 422 answer to an input invalid in one parameter carries details whose loc names that parameter.',
  basis: [seed('#/components/schemas/ErrorDetail/properties/loc'), client('§4', 'the CLI shows the details of a 422 as they are'), server('§2.4')],
}, ({ exchange, parameter }) => {
  if (exchange.response.status !== 422) return [];
  const found = locs(exchange.response.json);
  if (found.some((loc) => loc.includes(parameter))) return [];
  const out: Violation = found.length === 0
    ? { message: `the 422 answer has no details naming "${parameter}"`, expected: `details[].loc containing "${parameter}"`, observed: exchange.response.bodyText.slice(0, 300) }
    : { message: `the 422 details name ${JSON.stringify(found)} but not "${parameter}"`, expected: `details[].loc containing "${parameter}"`, observed: JSON.stringify(found) };
  return [out];
});
