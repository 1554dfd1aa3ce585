/**
 * One attempt at a request whose whole answer is read: within the time limit and the
 * response size limit, never following a redirect (it would carry the bearer to another
 * host). Whatever goes wrong becomes a transport error of the exchange, never an exception.
 */
import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { Exchange, RecordedRequest, RecordedResponse, TransportError, TransportErrorKind } from '../model/exchange.ts';
import { CONNECT_CODES, flattenHeaders, mediaTypeOf, RESET_CODES } from './wire.ts';

export interface OnceRequest {
  readonly operationId: string | null;
  readonly method: string;
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export async function requestOnce(dispatcher: Dispatcher, req: OnceRequest, recorded: RecordedRequest): Promise<Exchange> {
  const startedAt = Date.now();
  const started = performance.now();
  let headersMs: number | undefined;
  try {
    const res = await request(req.url, {
      method: req.method as 'GET',
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    headersMs = performance.now() - started;
    const responseHeaders = flattenHeaders(res.headers);
    const read = await readLimited(res.body, req.maxBytes);
    const timings = { startedAt, headersMs, totalMs: performance.now() - started };
    if (read.tooLarge) {
      return {
        operationId: req.operationId,
        request: recorded,
        transportError: { kind: 'too-large', message: `response body exceeded the limit of ${req.maxBytes} bytes (DIFY_MAX_RESPONSE_BYTES)` },
        timings,
      };
    }
    return { operationId: req.operationId, request: recorded, response: buildResponse(res.statusCode, responseHeaders, read.bytes), timings };
  } catch (error) {
    return {
      operationId: req.operationId,
      request: recorded,
      transportError: classifyTransportError(error, req.timeoutMs),
      timings: { startedAt, ...(headersMs === undefined ? {} : { headersMs }), totalMs: performance.now() - started },
    };
  }
}

async function readLimited(
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown },
  limit: number,
): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      // Stop reading at once: a hostile server may send an endless body.
      body.destroy();
      return { bytes: Buffer.alloc(0), tooLarge: true };
    }
    chunks.push(Buffer.from(chunk));
  }
  return { bytes: Buffer.concat(chunks), tooLarge: false };
}

function buildResponse(status: number, headers: Record<string, string>, bytes: Buffer): RecordedResponse {
  const bodyText = bytes.toString('utf8');
  const base = { status, headers, mediaType: mediaTypeOf(headers['content-type']), bodyText, bodyBytes: bytes.byteLength };
  if (bodyText.trim() === '') return base;
  try {
    return { ...base, json: JSON.parse(bodyText) as unknown };
  } catch (error) {
    return { ...base, jsonError: error instanceof Error ? error.message : String(error) };
  }
}

function classifyTransportError(error: unknown, timeoutMs: number): TransportError {
  const kind = transportErrorKind(error);
  const detail = error instanceof Error ? error.message || error.name : String(error);
  const code = (error as { code?: unknown }).code;
  const message =
    kind === 'timeout'
      ? `no complete answer within ${timeoutMs} ms (DIFY_REQUEST_TIMEOUT_MS)`
      : `${detail}${typeof code === 'string' && !detail.includes(code) ? ` (${code})` : ''}`;
  return { kind, message };
}

function transportErrorKind(error: unknown): TransportErrorKind {
  if (error instanceof undiciErrors.ConnectTimeoutError || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError)
    return 'timeout';
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = String((error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code ?? '');
  if (CONNECT_CODES.includes(code)) return 'connect';
  if (RESET_CODES.includes(code)) return 'reset';
  return 'other';
}
