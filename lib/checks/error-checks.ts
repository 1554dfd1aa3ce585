/**
 * Error statuses a client can provoke without harm: unknown objects and
 * invalid input (docs/server-behavior.md §1.5 guard order, §2.4).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';
import type { ResponseInput } from './response-input.ts';

export const unknownResource = defineCheck<AnsweredExchange>(
  {
    id: 'errors.unknown-resource',
    area: 'errors',
    statement: 'A request that names an object which does not exist (workspace, app, member, session, run, form token) is answered 404.',
    basis: [
      standard('RFC 9110 §15.5.5'),
      client('§4', 'a 404 is shown as not found; a 403 would tell the user they lack permission'),
      server('§1.5'),
      server('§5'),
      server('§6.5'),
      server('§7.3'),
      server('§9'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 404) return [];
    return [
      {
        message: `a request for an object that does not exist was answered ${status}`,
        expected: '404',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

/** The objects a path or query id names, with the words a 404 about each uses (docs/server-behavior.md §1.5, §5, §6.5, §7.3, §9). */
export const NOT_FOUND_OBJECTS = {
  app: /\bapps?\b/i,
  workspace: /\bworkspaces?\b/i,
  member: /\bmembers?\b/i,
  session: /\bsessions?\b/i,
  form: /\bforms?\b/i,
  'workflow run': /\bruns?\b/i,
} as const;

export type NotFoundObject = keyof typeof NOT_FOUND_OBJECTS;

export interface NotFoundInput {
  readonly exchange: AnsweredExchange;
  /** The object the request named by an id that does not exist. */
  readonly object: NotFoundObject;
}

export const notFoundNamesObject = defineCheck<NotFoundInput>(
  {
    id: 'errors.not-found-names-object',
    area: 'errors',
    statement:
      'A 404 answer to a request naming an object that does not exist is an ErrorBody about that object: its code is "not_found" or names the object (e.g. "form_not_found"), and its code or message names the object, unlike the answer for a path the API does not have.',
    basis: [
      server('§1.5', 'app not found, workspace not found'),
      server('§2.2', '404 → not_found'),
      server('§5', 'session not found'),
      server('§6.5', 'form_not_found'),
      server('§7.3', 'Workflow run not found'),
      server('§9', 'member not found'),
    ],
  },
  ({ exchange, object }) => {
    const { status, json, bodyText } = exchange.response;
    if (status !== 404) return [];
    const body = json as { code?: unknown; message?: unknown } | null | undefined;
    const code = typeof body?.code === 'string' ? body.code : undefined;
    const message = typeof body?.message === 'string' ? body.message : undefined;
    const words = NOT_FOUND_OBJECTS[object];
    const out: Violation[] = [];
    if (code === undefined || !/not_found$/.test(code))
      out.push({
        message: `the 404 answer for an unknown ${object} has code ${JSON.stringify(body?.code)}`,
        expected: 'code "not_found" (or "<object>_not_found")',
        observed: bodyText.slice(0, 200),
      });
    if (!words.test((code ?? '').replace(/_/g, ' ')) && !words.test(message ?? '')) {
      out.push({
        message: `the 404 answer for an unknown ${object} does not say what was not found: it could be the answer for a path the API does not have`,
        expected: `a message or code naming the ${object}`,
        observed: bodyText.slice(0, 200),
      });
    }
    return out;
  },
);

/** An id no server issues: not a UUID, and no other id scheme produces it either. */
export const MALFORMED_ID = 'not-a-uuid';

export const malformedId = defineCheck<AnsweredExchange>(
  {
    id: 'errors.malformed-id',
    area: 'errors',
    statement:
      'A request whose path (or workspace_id) names an object by an id no server issues ("not-a-uuid") is refused with a 4xx: never served, never a server error.',
    basis: [
      standard('RFC 9110 §15.5.5', 'an id that names nothing has no representation'),
      standard('RFC 9110 §15.6', '5xx means the server erred'),
      client('§4', 'a 5xx is shown as a server error and retried'),
      server('§1.5'),
      server('§5'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status >= 400 && status < 500) return [];
    return [
      {
        message: `an id that cannot name an object ("${MALFORMED_ID}") was answered ${status}`,
        expected: 'a 4xx answer (typically 404)',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const malformedId404 = defineCheck<AnsweredExchange>(
  {
    id: 'errors.malformed-id-404',
    area: 'errors',
    statement:
      'A request whose path (or workspace_id) names an app, workspace, session, member or workflow run by an id that is not a UUID is answered 404, as an unknown id is.',
    basis: [
      server('§1.5', 'an app or workspace id that is not a UUID: 404 app not found / workspace not found'),
      server('§5', 'a malformed session id: 404 session not found'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 404) return [];
    return [{ message: `an id that is not a UUID was answered ${status}`, expected: '404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
  },
);

const GENERIC_5XX_MESSAGE = 'Internal Server Error';

export const generic5xxMessage = defineCheck<ResponseInput>(
  {
    id: 'error.5xx-generic-message',
    area: 'errors',
    statement: 'A 5xx ErrorBody says only "Internal Server Error": it never carries the text of the exception behind it.',
    basis: [server('§2.2', 'for status ≥ 500 the message is always Internal Server Error, never str(e)')],
  },
  ({ exchange }) => {
    const { status, json } = exchange.response;
    if (status < 500) return [];
    const message = (json as { message?: unknown } | null | undefined)?.message;
    // Only an ErrorBody is judged here; a body that is not one is error.body-shape's.
    if (typeof message !== 'string' || message === GENERIC_5XX_MESSAGE) return [];
    return [
      {
        message: `a ${status} ErrorBody carries the message ${JSON.stringify(message.slice(0, 120))}`,
        expected: `"${GENERIC_5XX_MESSAGE}"`,
        observed: message.slice(0, 200),
      },
    ];
  },
);

export const rejectsInvalid = defineCheck<AnsweredExchange>(
  {
    id: 'validation.rejects-invalid',
    area: 'validation',
    statement: "An input that the operation's parameter or body model forbids is answered 422.",
    basis: [
      seed('#/components/schemas/ErrorBody', 'the 422 Validation error of each operation, for inputs its parameter or body model forbids'),
      client('§7', 'missing or wrong-typed input fails fast with 422'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 422) return [];
    return [{ message: `an invalid input was answered ${status}`, expected: '422', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
  },
);

export interface DetailsInput {
  readonly exchange: AnsweredExchange;
  /** The parameter or body field that was made invalid. */
  readonly parameter: string;
}

function locs(json: unknown): unknown[][] {
  const details = (json as { details?: unknown } | null | undefined)?.details;
  if (!Array.isArray(details)) return [];
  return details.map((d) => (d as { loc?: unknown } | null)?.loc).filter((loc): loc is unknown[] => Array.isArray(loc));
}

export const detailsNameParameter = defineCheck<DetailsInput>(
  {
    id: 'validation.details-name-parameter',
    area: 'validation',
    statement: 'A 422 answer to an input invalid in one parameter carries details whose loc names that parameter.',
    basis: [seed('#/components/schemas/ErrorDetail/properties/loc'), client('§4', 'the CLI shows the details of a 422 as they are'), server('§2.4')],
  },
  ({ exchange, parameter }) => {
    if (exchange.response.status !== 422) return [];
    const found = locs(exchange.response.json);
    if (found.some((loc) => loc.includes(parameter))) return [];
    const out: Violation =
      found.length === 0
        ? {
            message: `the 422 answer has no details naming "${parameter}"`,
            expected: `details[].loc containing "${parameter}"`,
            observed: exchange.response.bodyText.slice(0, 300),
          }
        : {
            message: `the 422 details name ${JSON.stringify(found)} but not "${parameter}"`,
            expected: `details[].loc containing "${parameter}"`,
            observed: JSON.stringify(found),
          };
    return [out];
  },
);
