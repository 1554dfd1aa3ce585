/**
 * Verdicts on generated inputs (docs/server-behavior.md §2.4, §3, §4): valid
 * input is served, input that only the documented behaviour forbids is
 * refused, a refusal does not repeat what was sent, and the device flow
 * refuses malformed bodies with 400. Which input is valid or invalid, and by
 * which rule, is decided by the generators (lib/fuzz); these checks only read
 * the answers.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';
import type { ResponseInput } from './response-input.ts';

export interface ValidInput {
  readonly exchange: AnsweredExchange;
  /**
   * 'success': the input names only existing objects and must be served (2xx).
   * 'not-rejected': the input names an object that does not exist on purpose, so only
   * a validation refusal (422) or a server error is wrong.
   */
  readonly expectation: 'success' | 'not-rejected';
}

export const acceptsValid = defineCheck<ValidInput>(
  {
    id: 'validation.accepts-valid',
    area: 'validation',
    statement:
      "An input that the operation's schema and documented rules allow is not refused as invalid: it is served with a 2xx, or, when it names an object that does not exist, answered without 422 or 5xx.",
    basis: [seed('#/paths', 'the parameter and request-body schemas of each operation'), server('§2.4'), server('§3')],
  },
  ({ exchange, expectation }) => {
    const status = exchange.response.status;
    const observed = `${status} ${exchange.response.bodyText.slice(0, 200)}`;
    if (expectation === 'success') {
      if (status >= 200 && status < 300) return [];
      return [{ message: `a valid input was answered ${status}`, expected: 'a 2xx answer', observed }];
    }
    if (status !== 422 && status < 500) return [];
    return [
      { message: `a valid input naming an object that does not exist was answered ${status}`, expected: 'any answer but 422 or 5xx (typically 404)', observed },
    ];
  },
);

export const rejectsOutOfBounds = defineCheck<AnsweredExchange>(
  {
    id: 'validation.rejects-out-of-bounds',
    area: 'validation',
    statement: "An input that only the real server's documented rules forbid (bounds, strict models, UUID-shaped ids, unparseable JSON) is answered 422.",
    basis: [server('§2.4'), server('§3', 'limit 1..200, page ≥ 1'), server('§6.1'), server('§6.2'), server('§7.1'), server('§8.1'), server('§9')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 422) return [];
    return [
      {
        message: `an input outside the documented rules was answered ${status}`,
        expected: '422',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export interface EchoInput {
  readonly exchange: AnsweredExchange;
  /** The invalid value as sent: the query text, or the JSON value of the body field. */
  readonly submitted: unknown;
}

// Values shorter than this are only looked for in quotes: unquoted, they turn up by chance in
// pydantic's fixed wording ("greater than or equal to 1").
const MIN_BARE_ECHO = 8;

function echoes(submitted: unknown, exchange: AnsweredExchange): string | undefined {
  const text = typeof submitted === 'string' ? submitted : JSON.stringify(submitted);
  if (text === undefined || text === '') return undefined;
  const body = (exchange.response.json ?? {}) as { message?: unknown; hint?: unknown; details?: unknown };
  const details = Array.isArray(body.details) ? (body.details as { msg?: unknown; input?: unknown }[]) : [];
  const echoedInput = details.find((d) => d !== null && typeof d === 'object' && 'input' in d && JSON.stringify(d.input) === JSON.stringify(submitted));
  if (echoedInput !== undefined) return `details[].input repeats it: ${JSON.stringify(echoedInput)}`;
  const texts = [body.message, body.hint, ...details.map((d) => d?.msg)].filter((t): t is string => typeof t === 'string');
  const quoted = [`'${text}'`, `"${text}"`, `\`${text}\``];
  const found = texts.find((t) => quoted.some((q) => t.includes(q)) || (text.length >= MIN_BARE_ECHO && t.includes(text)));
  return found === undefined ? undefined : `"${found.slice(0, 200)}"`;
}

export const noEcho = defineCheck<EchoInput>(
  {
    id: 'validation.no-echo',
    area: 'validation',
    statement: 'A 422 answer does not repeat the submitted invalid value in its message, hint or details.',
    basis: [server('§2.4', 'errors without the input')],
  },
  ({ exchange, submitted }) => {
    if (exchange.response.status !== 422) return [];
    const where = echoes(submitted, exchange);
    if (where === undefined) return [];
    const shown = typeof submitted === 'string' ? submitted : JSON.stringify(submitted);
    return [
      {
        message: `the 422 answer repeats the submitted value ${JSON.stringify(shown.slice(0, 80))}`,
        expected: 'no trace of the submitted value',
        observed: where,
      },
    ];
  },
);

function isErrorBody(json: unknown): boolean {
  const body = json as { code?: unknown; message?: unknown; status?: unknown } | null | undefined;
  return typeof body?.code === 'string' && typeof body.message === 'string' && typeof body.status === 'number';
}

export const deviceBadRequest = defineCheck<AnsweredExchange>(
  {
    id: 'validation.device-bad-request',
    area: 'validation',
    statement:
      'A device-flow request (code, token or lookup) missing a required field, or giving one a value of the wrong JSON type, is answered 400 with an ErrorBody, not 422 and not an OAuth error body.',
    basis: [server('§4.2'), server('§4.3'), server('§4.4', 'missing or mistyped fields: 400 ErrorBody bad_request, not 422')],
  },
  (exchange) => {
    const { status, json, bodyText } = exchange.response;
    const out: Violation[] = [];
    if (status !== 400)
      out.push({
        message: `a malformed device-flow request was answered ${status}`,
        expected: '400 ErrorBody',
        observed: `${status} ${bodyText.slice(0, 200)}`,
      });
    else if (!isErrorBody(json))
      out.push({
        message: 'the 400 answer to a malformed device-flow request is not an ErrorBody',
        expected: '{code, message, status}',
        observed: bodyText.slice(0, 200),
      });
    return out;
  },
);

/**
 * The part of the rule above that the standard makes a MUST, for the two OAuth endpoints only
 * (POST /oauth/device/code and /oauth/device/token): a malformed request is a 400, whatever the
 * body says. The lookup is not an OAuth endpoint, so it is judged by the rule above alone.
 */
export const deviceMalformed400 = defineCheck<AnsweredExchange>(
  {
    id: 'validation.device-malformed-400',
    area: 'validation',
    statement:
      'A request to POST /oauth/device/code or /oauth/device/token missing a required field, or giving one a value of the wrong JSON type, is answered 400.',
    basis: [
      standard('RFC 6749 §5.2', 'invalid_request: a required parameter is missing or malformed, HTTP 400'),
      standard('RFC 8628 §3.1'),
      standard('RFC 8628 §3.4'),
      server('§4.2'),
      server('§4.3'),
    ],
  },
  (exchange) => {
    const { status, bodyText } = exchange.response;
    if (status === 400) return [];
    return [
      {
        message: `a malformed ${exchange.operationId === 'pollDeviceToken' ? 'token' : 'device authorization'} request was answered ${status}`,
        expected: '400',
        observed: `${status} ${bodyText.slice(0, 200)}`,
      },
    ];
  },
);

const VALIDATION_FAILED = 'Request validation failed';

export const validationEnvelope = defineCheck<ResponseInput>(
  {
    id: 'validation.422-envelope',
    area: 'validation',
    statement: 'A 422 answer that lists validation details is the validation envelope: code "invalid_param" and the message "Request validation failed".',
    basis: [server('§2.4', 'the @accepts body: {"code":"invalid_param","message":"Request validation failed","status":422,"details":[…]}')],
  },
  ({ exchange }) => {
    const { status, json, bodyText } = exchange.response;
    const body = json as { code?: unknown; message?: unknown; details?: unknown } | null | undefined;
    // 422s without details are the handlers' own (query_required_for_chat, …, §2.4), with their own message.
    if (status !== 422 || !Array.isArray(body?.details) || body.details.length === 0) return [];
    const out: Violation[] = [];
    if (body.code !== 'invalid_param')
      out.push({ message: `a validation 422 has code ${JSON.stringify(body.code)}`, expected: 'code "invalid_param"', observed: bodyText.slice(0, 200) });
    if (body.message !== VALIDATION_FAILED)
      out.push({
        message: `a validation 422 has message ${JSON.stringify(body.message)}`,
        expected: `message "${VALIDATION_FAILED}"`,
        observed: bodyText.slice(0, 200),
      });
    return out;
  },
);

const PYDANTIC_DOC_URL = /errors\.pydantic\.dev/i;

export const noDocUrl = defineCheck<ResponseInput>(
  {
    id: 'validation.no-doc-url',
    area: 'validation',
    statement: "A 422 answer carries no link to the validation library's documentation (errors.pydantic.dev) in its message, hint or details.",
    basis: [server('§2.4', 'details come from errors(include_url=False)')],
  },
  ({ exchange }) => {
    const { status, bodyText } = exchange.response;
    if (status !== 422) return [];
    const found = PYDANTIC_DOC_URL.exec(bodyText);
    if (found === null) return [];
    return [
      {
        message: "a 422 answer links to the validation library's documentation",
        expected: 'no errors.pydantic.dev URL',
        observed: bodyText.slice(Math.max(0, found.index - 80), found.index + 80),
      },
    ];
  },
);
