/**
 * One request and what came back, as recorded by the harness. Checks are pure
 * functions of these records. They hold raw values (a minted token in a body
 * is needed by the next step of a flow), so nothing here is written out
 * without going through a Redactor first.
 */

export interface RecordedRequest {
  readonly method: string;
  /** Full URL with the query string. */
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent, as text (binary parts summarised), absent when there was none. */
  readonly body?: string;
}

export interface RecordedResponse {
  readonly status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The media type of Content-Type, lower-cased and without parameters; undefined when absent. */
  readonly mediaType: string | undefined;
  /** Body text (UTF-8). */
  readonly bodyText: string;
  /** Size of the whole body in bytes as read from the wire. */
  readonly bodyBytes: number;
  /** The parsed JSON body when the body parsed as JSON. */
  readonly json?: unknown;
  /** Why the body did not parse as JSON (only set when the body was not empty). */
  readonly jsonError?: string;
}

export type TransportErrorKind = 'timeout' | 'connect' | 'reset' | 'too-large' | 'redirect' | 'rate-limited' | 'stopped-answering' | 'other';

export interface TransportError {
  readonly kind: TransportErrorKind;
  readonly message: string;
}

export interface Timings {
  /** Epoch milliseconds when the request was sent. */
  readonly startedAt: number;
  /** Milliseconds until the response headers arrived. */
  readonly headersMs?: number;
  /** Milliseconds until the body was read (or the exchange failed). */
  readonly totalMs: number;
}

export interface Exchange {
  /** The spec operation this request exercises; null for paths outside the spec. */
  readonly operationId: string | null;
  readonly request: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly transportError?: TransportError;
  readonly timings: Timings;
}

/** Exchange with a response: what most checks look at. */
export type AnsweredExchange = Exchange & { readonly response: RecordedResponse };

export function isAnswered(exchange: Exchange): exchange is AnsweredExchange {
  return exchange.response !== undefined;
}
