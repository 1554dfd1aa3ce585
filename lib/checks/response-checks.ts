/**
 * Response conformance, applied by the harness to every exchange of every
 * suite: the status is documented, the content type matches, the body fits its
 * schema, and errors are ErrorBody (RFC 8628 bodies on the device flow).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import type { ResponseContract } from '../validate/response-contract.ts';
import { client, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';
import { generic5xxMessage } from './error-checks.ts';
import type { ResponseInput } from './response-input.ts';
import { noDocUrl, validationEnvelope } from './validation-checks.ts';

export type { ResponseInput } from './response-input.ts';

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

export const statusDocumented = defineCheck<ResponseInput>(
  {
    id: 'response.status-documented',
    area: 'responses',
    statement: 'A success status is one the operation documents; an error status is covered by its `default` entry or the API-wide ErrorBody rule.',
    basis: [seed('#/paths', "each operation's responses table"), server('§2.1', 'error statuses by the API-wide ErrorBody rule')],
  },
  ({ exchange, contract }) => {
    const status = exchange.response.status;
    if (contract.documentation(status) !== 'undocumented') return [];
    return [
      {
        message: `${exchange.request.method} answered ${status}, which ${contract.operationId} does not document`,
        expected: `one of ${contract.documentedCodes.join(', ')}`,
        observed: String(status),
      },
    ];
  },
);

export const contentType = defineCheck<ResponseInput>(
  {
    id: 'response.content-type',
    area: 'responses',
    statement: 'The Content-Type of a response is a media type the operation documents for that status.',
    basis: [seed('#/paths', 'the media type of each documented response'), standard('RFC 9110 §8.3'), standard('WHATWG SSE §9.2.4')],
  },
  ({ exchange, contract }) => {
    const status = exchange.response.status;
    if (contract.documentation(status) === 'undocumented') return [];
    const allowed = contract.mediaTypes(status);
    if (allowed.length === 0) return [];
    const observed = exchange.response.mediaType;
    if (observed !== undefined && allowed.includes(observed)) return [];
    return [
      {
        message: `a ${status} answer of ${contract.operationId} has Content-Type ${observed ?? '(none)'}`,
        expected: allowed.join(' or '),
        observed: exchange.response.headers['content-type'] ?? '(no Content-Type header)',
      },
    ];
  },
);

export const bodySchema = defineCheck<ResponseInput>(
  {
    id: 'response.schema',
    area: 'responses',
    statement: 'The body of a success response validates against the schema the operation documents for it.',
    basis: [seed('#/paths', 'the schema of each documented success response')],
  },
  ({ exchange, contract }) => {
    const { status, json, jsonError, bodyText } = exchange.response;
    if (status >= 400 || contract.documentation(status) !== 'explicit') return [];
    const jsonMedia = contract.mediaTypes(status).find((m) => JSON_MEDIA.test(m));
    if (jsonMedia === undefined) return [];
    if (jsonError !== undefined || bodyText.trim() === '') {
      return [{ message: `the ${status} body of ${contract.operationId} is not JSON`, expected: 'a JSON document', observed: jsonError ?? 'an empty body' }];
    }
    const errors = contract.validateBody(status, jsonMedia, json);
    if (errors === undefined || errors.length === 0) return [];
    return [
      {
        message: `the ${status} body of ${contract.operationId} does not match its schema: ${errors.join('; ')}`,
        expected: 'a body valid against openapi.yaml',
        observed: errors.join('; '),
      },
    ];
  },
);

/**
 * The export's 404 for a workflow_id that names no published version: later versions answer it
 * with the bare message string, not an ErrorBody, and the seed-era shape is UNKNOWN
 * (docs/server-behavior.md §2.1, §6.2). Its status is judged; its body is not.
 */
function isExportWorkflowNotFound(exchange: ResponseInput['exchange'], contract: ResponseContract): boolean {
  if (contract.operationId !== 'exportApp' || exchange.response.status !== 404) return false;
  try {
    return new URL(exchange.request.url).searchParams.has('workflow_id');
  } catch {
    return false;
  }
}

export const errorBodyShape = defineCheck<ResponseInput>(
  {
    id: 'error.body-shape',
    area: 'errors',
    statement:
      "Every error answer carries an ErrorBody {code, message, status, hint?, details?}, or the schema the operation lists for that status; device-flow endpoints may answer with an RFC 8628 {error} body instead, and the export's 404 for an unknown workflow_id may carry any body.",
    basis: [
      seed('#/components/schemas/ErrorBody', 'the canonical non-2xx body'),
      standard('RFC 6749 §5.2', 'the {error} body of /oauth/device/*'),
      client('§4', 'the CLI shows ErrorBody.message'),
      server('§2.1', 'the exceptions: RFC 8628 bodies, the per-token 429, the export 404 tuple'),
      server('§6.2'),
    ],
  },
  ({ exchange, contract }) => {
    const { status, json, jsonError, bodyText } = exchange.response;
    if (status < 400 || isExportWorkflowNotFound(exchange, contract)) return [];
    if (jsonError !== undefined || bodyText.trim() === '') {
      return [
        {
          message: `the ${status} answer of ${contract.operationId} has no JSON error body`,
          expected: 'an ErrorBody',
          observed: bodyText.trim() === '' ? 'an empty body' : `not JSON: ${bodyText.slice(0, 120)}`,
        },
      ];
    }
    // An error status the operation lists with its own schema (e.g. 400 Import of the imports) is
    // judged by that schema; every other error by ErrorBody.
    const documented = contract.documentation(status) === 'explicit' ? contract.validateBody(status, 'application/json', json) : undefined;
    const errors = documented ?? contract.validateErrorBody(json);
    if (errors.length === 0) return [];
    if (contract.rfc8628Errors && contract.validateRfc8628Error(json).length === 0) return [];
    if (status === 429 && contract.validateLegacyRateLimit(json).length === 0) return [];
    return [
      {
        message: `the ${status} answer of ${contract.operationId} is not an ErrorBody: ${errors.join('; ')}`,
        expected: contract.rfc8628Errors ? 'an ErrorBody or an RFC 8628 {error} body' : 'an ErrorBody {code, message, status}',
        observed: bodyText.slice(0, 300),
      },
    ];
  },
);

export const errorStatusMatches = defineCheck<ResponseInput>(
  {
    id: 'error.status-matches',
    area: 'errors',
    statement: 'The `status` field of an ErrorBody equals the HTTP status of the answer.',
    basis: [seed('#/components/schemas/ErrorBody/properties/status', 'the HTTP status of the answer'), server('§2.1')],
  },
  ({ exchange }) => {
    const { status, json } = exchange.response;
    if (status < 400 || json === null || typeof json !== 'object') return [];
    const field = (json as { status?: unknown }).status;
    // Only an ErrorBody's status is the HTTP status; an Import's `status` is its import state.
    if (typeof field !== 'number' || field === status) return [];
    return [{ message: `an ErrorBody says status ${field} in an HTTP ${status} answer`, expected: String(status), observed: String(field) }];
  },
);

export const noServerError = defineCheck<ResponseInput>(
  {
    id: 'response.no-server-error',
    area: 'responses',
    statement: 'No request the suite sends is answered with a 5xx status: client input never causes a server error.',
    basis: [standard('RFC 9110 §15.6'), client('§4', 'a 5xx is shown as a server error, and retried'), server('§2.2')],
  },
  ({ exchange, contract }) => {
    const status = exchange.response.status;
    if (status < 500) return [];
    return [{ message: `${contract.operationId} answered ${status}`, expected: 'a 2xx or 4xx answer', observed: String(status) }];
  },
);

const FRAME_ANCESTORS_NONE = /(?:^|;)\s*frame-ancestors\s+'none'\s*(?:;|$)/i;

export const antiFraming = defineCheck<ResponseInput>(
  {
    id: 'response.anti-framing',
    area: 'responses',
    statement: "Every answer carries X-Frame-Options: DENY and a Content-Security-Policy with frame-ancestors 'none', so no page can frame it.",
    basis: [server('§1.7', 'every response of the blueprint carries both (attach_anti_framing)')],
  },
  ({ exchange }) => {
    const { headers, status } = exchange.response;
    const out: Violation[] = [];
    const frameOptions = headers['x-frame-options'];
    if (frameOptions?.trim().toUpperCase() !== 'DENY')
      out.push({
        message: `a ${status} answer of ${exchange.operationId ?? exchange.request.url} has X-Frame-Options ${frameOptions ?? '(absent)'}`,
        expected: 'X-Frame-Options: DENY',
        observed: frameOptions ?? '(absent)',
      });
    const policy = headers['content-security-policy'];
    if (policy === undefined || !policy.split(',').some((p) => FRAME_ANCESTORS_NONE.test(p))) {
      out.push({
        message: `a ${status} answer of ${exchange.operationId ?? exchange.request.url} has no Content-Security-Policy frame-ancestors 'none'`,
        expected: "Content-Security-Policy: frame-ancestors 'none'",
        observed: policy ?? '(absent)',
      });
    }
    return out;
  },
);

/** Applied, in this order, to every answered exchange of a spec operation. */
export const RESPONSE_CHECKS = [
  statusDocumented,
  contentType,
  bodySchema,
  errorBodyShape,
  errorStatusMatches,
  noServerError,
  generic5xxMessage,
  validationEnvelope,
  noDocUrl,
  antiFraming,
] as const;

export interface SuccessInput {
  readonly exchange: AnsweredExchange;
  /** The success status the spec documents for the operation. */
  readonly expected: number;
}

export const successStatus = defineCheck<SuccessInput>(
  {
    id: 'response.success',
    area: 'responses',
    statement: 'A valid request from an authorised caller gets the success status the operation documents.',
    basis: [seed('#/paths', 'the success status of each operation')],
  },
  ({ exchange, expected }) => {
    const status = exchange.response.status;
    if (status === expected) return [];
    return [
      { message: `a valid request was answered ${status}`, expected: String(expected), observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` },
    ];
  },
);
