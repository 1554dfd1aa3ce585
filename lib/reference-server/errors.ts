// Errors and the canonical ErrorBody (docs/server-behavior.md §2). Handlers
// throw; the dispatcher renders. Device-flow RFC 8628 answers are not
// ErrorBody, so they travel as RfcError with their own body; answers the real
// server builds ahead of its formatter travel as PrebuiltAnswer.

export interface ErrorDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  status: number;
  hint?: string;
  details?: ErrorDetail[];
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'request_entity_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_param',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
};

export interface ApiErrorOptions {
  code?: string;
  hint?: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.status = status;
    this.code = options.code ?? CODE_BY_STATUS[status] ?? 'unknown';
    this.hint = options.hint;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    // The seed-era formatter never leaks a 5xx message.
    const message = this.status >= 500 ? 'Internal Server Error' : this.message;
    const body: ErrorBody = { code: this.code, message, status: this.status };
    if (this.hint) body.hint = this.hint;
    if (this.details && this.details.length > 0) body.details = this.details;
    return body;
  }
}

/** An RFC 8628 device-flow failure: `{"error": "<code>"}`, no ErrorBody. */
export class RfcError extends Error {
  readonly status: number;

  constructor(
    status: number,
    readonly error: string,
  ) {
    super(error);
    this.status = status;
  }
}

/**
 * An answer built before the error formatter sees it, sent exactly as built:
 * the real server's per-token 429 is one (docs/server-behavior.md §1.4).
 */
export class PrebuiltAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`prebuilt ${status} answer`);
  }
}

export const VALIDATION_FAILED = 'Request validation failed';

export function validationError(details: ErrorDetail[]): ApiError {
  return new ApiError(422, VALIDATION_FAILED, { details });
}

export const WORKSPACE_NOT_FOUND = 'workspace not found';

// Werkzeug's NotFound description, which the seed-era formatter passes through.
export const WERKZEUG_NOT_FOUND = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';
