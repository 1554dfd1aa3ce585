/**
 * The one place the suite sends HTTP requests. Every request has a time limit
 * and a response size limit, redirects are never followed (a redirect would
 * carry the bearer to another host), and every exchange is recorded with its
 * timings. Keep-alive connections are pooled per origin by one undici Agent.
 */
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Exchange, RecordedResponse, TransportError, TransportErrorKind } from '../model/exchange.ts';
import { DEFAULT_TRAFFIC, TrafficControl, type TrafficOptions } from './traffic-control.ts';

export interface HttpClientOptions {
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly traffic?: TrafficOptions;
}

export interface HttpRequest {
  readonly operationId: string | null;
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Text (JSON) or bytes (multipart). */
  readonly body?: string | Uint8Array;
  /** How the body appears in records when it is binary. */
  readonly bodyDescription?: string;
  readonly timeoutMs?: number;
  /**
   * Whether a 429 is waited out and sent again (the default). Off for requests that spend an
   * hourly quota: their 429 is the answer (docs/server-behavior.md §12.5).
   */
  readonly retryRateLimit?: boolean;
}

export class HttpClient {
  readonly #agent: Agent;
  readonly #options: HttpClientOptions;
  readonly traffic: TrafficControl;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.traffic = new TrafficControl(options.traffic ?? DEFAULT_TRAFFIC);
    this.#agent = new Agent({
      connect: { timeout: options.requestTimeoutMs },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      keepAliveTimeout: 10_000,
      connections: 16,
    });
  }

  /**
   * Sends a request within the pacing budget. A 429 is waited out and the request sent again
   * (bounded); it becomes a 'rate-limited' transport error, never a judged answer, when the
   * retries run out.
   */
  async send(req: HttpRequest): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      const stopped = this.traffic.stopped;
      if (stopped !== undefined) {
        return { operationId: req.operationId, request: { method: req.method, url: req.url, headers: lowerCaseKeys(req.headers ?? {}) }, transportError: { kind: 'stopped-answering', message: stopped }, timings: { startedAt: Date.now(), totalMs: 0 } };
      }
      await this.traffic.pace(authorizationOf(req.headers));
      let exchange = await this.#sendOnce(req);
      // A keep-alive connection the server closed just before reuse resets; a GET is safe to send again once.
      if (exchange.transportError?.kind === 'reset' && (req.method === 'GET' || req.method === 'HEAD')) exchange = await this.#sendOnce(req);
      this.traffic.observe(exchange.transportError?.kind === 'timeout');
      if (exchange.response?.status !== 429 || req.retryRateLimit === false) return exchange;
      const delay = this.traffic.retryDelay(exchange.response.headers['retry-after'], attempt);
      if (delay === undefined) {
        const { response: _limited, ...unanswered } = exchange;
        return { ...unanswered, transportError: { kind: 'rate-limited', message: `still rate limited (429) after ${attempt} retries; lower DIFY_MAX_REQUESTS_PER_MINUTE` } };
      }
      await this.traffic.waitOut(delay);
    }
  }

  async #sendOnce(req: HttpRequest): Promise<Exchange> {
    const startedAt = Date.now();
    const started = performance.now();
    const headers = lowerCaseKeys(req.headers ?? {});
    const recordedRequest = {
      method: req.method,
      url: req.url,
      headers,
      ...(req.body === undefined ? {} : { body: typeof req.body === 'string' ? req.body : (req.bodyDescription ?? `<${req.body.byteLength} bytes>`) }),
    };
    const timeoutMs = req.timeoutMs ?? this.#options.requestTimeoutMs;
    let headersMs: number | undefined;
    try {
      const res = await request(req.url, {
        method: req.method as 'GET',
        headers,
        body: req.body,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      headersMs = performance.now() - started;
      const responseHeaders = flattenHeaders(res.headers);
      const read = await readLimited(res.body, this.#options.maxResponseBytes);
      const totalMs = performance.now() - started;
      if (read.tooLarge) {
        return {
          operationId: req.operationId,
          request: recordedRequest,
          transportError: { kind: 'too-large', message: `response body exceeded the limit of ${this.#options.maxResponseBytes} bytes (DIFY_MAX_RESPONSE_BYTES)` },
          timings: { startedAt, headersMs, totalMs },
        };
      }
      return {
        operationId: req.operationId,
        request: recordedRequest,
        response: buildResponse(res.statusCode, responseHeaders, read.bytes),
        timings: { startedAt, headersMs, totalMs },
      };
    } catch (error) {
      return {
        operationId: req.operationId,
        request: recordedRequest,
        transportError: classifyTransportError(error, timeoutMs),
        timings: { startedAt, ...(headersMs === undefined ? {} : { headersMs }), totalMs: performance.now() - started },
      };
    }
  }

  /** The pooled Agent, shared with the SSE reader so streams and requests use one pool. */
  get dispatcher(): Agent {
    return this.#agent;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

function authorizationOf(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  return Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readLimited(body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown }, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
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

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const media = contentType.split(';')[0]?.trim().toLowerCase();
  return media === '' ? undefined : media;
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
  const detail = error instanceof Error ? (error.message || error.name) : String(error);
  const code = (error as { code?: unknown }).code;
  const message = kind === 'timeout'
    ? `no complete answer within ${timeoutMs} ms (DIFY_REQUEST_TIMEOUT_MS)`
    : `${detail}${typeof code === 'string' && !detail.includes(code) ? ` (${code})` : ''}`;
  return { kind, message };
}

/** Error codes of a connection that could not be made, and of one that broke (shared with the SSE reader). */
export const CONNECT_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];
export const RESET_CODES: readonly string[] = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'];

function transportErrorKind(error: unknown): TransportErrorKind {
  if (error instanceof undiciErrors.ConnectTimeoutError || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return 'timeout';
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = String((error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code ?? '');
  if (CONNECT_CODES.includes(code)) return 'connect';
  if (RESET_CODES.includes(code)) return 'reset';
  return 'other';
}
