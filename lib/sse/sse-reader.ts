/**
 * Reads a text/event-stream answer (`POST /apps/{id}/run`,
 * `GET /apps/{id}/tasks/{task_id}/events`) while it arrives: checks see each
 * event as it comes, and the read ends at the first limit the stream breaks,
 * so an endless or hostile stream gets a verdict instead of hanging the run.
 * It keeps the HTTP client's rules: redirects are not followed, reading stops
 * at the byte limit, and whatever the server does becomes an end reason, never
 * an exception.
 */
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Dispatcher } from 'undici';
import { CONNECT_CODES, flattenHeaders, mediaTypeOf, RESET_CODES } from '../http/wire.ts';
import { readJson } from './read-json.ts';
import { createSseDecoder } from './sse-decoder.ts';
import type { SseEvent } from './sse-decoder.ts';

export type StreamEnd = 'closed' | 'stopped' | 'idle-timeout' | 'total-timeout' | 'too-large' | 'reset' | 'connect' | 'error';

export type EventDecision = 'continue' | 'stop';

export interface SseReadOptions {
  readonly method: Dispatcher.HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** No byte for this long, response headers included, ends the read ('idle-timeout'). */
  readonly idleTimeoutMs: number;
  /** The whole read, from sending the request ('total-timeout'). */
  readonly totalTimeoutMs: number;
  /** Bytes of body read at most ('too-large'); nothing past it is decoded or kept. */
  readonly maxBytes: number;
  /** Events kept at most ('too-large'); 10 000 by default. */
  readonly maxEvents?: number;
  /** Runs synchronously as each event arrives; 'stop' closes the connection ('stopped'). */
  readonly onEvent?: (event: SseEvent) => EventDecision;
  /** Aborting it ends the read ('stopped'). */
  readonly signal?: AbortSignal;
  /** The suite's Agent; a module-level Agent when absent. */
  readonly dispatcher?: Dispatcher;
}

export interface SseStreamResult {
  /** Undefined when no response came (connect error, timeout before headers). */
  readonly status: number | undefined;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly mediaType: string | undefined;
  /** A complete answer that is not text/event-stream (e.g. a 422 JSON error before streaming). */
  readonly body?: { readonly text: string; readonly json?: unknown; readonly jsonError?: string };
  readonly events: readonly SseEvent[];
  readonly comments: number;
  /** The last `retry:` value sent. */
  readonly retryMs?: number;
  readonly end: StreamEnd;
  /** Why the read ended, for any end but 'closed'. */
  readonly endMessage?: string;
  readonly headersMs?: number;
  readonly firstEventMs?: number;
  readonly durationMs: number;
  /** Body bytes received, including a chunk that crossed maxBytes. */
  readonly bytes: number;
}

const DEFAULT_MAX_EVENTS = 10_000;

const defaultDispatcher = new Agent({ keepAliveTimeout: 10_000 });

interface Ending {
  readonly end: StreamEnd;
  readonly message?: string;
}

export async function readSseStream(options: SseReadOptions): Promise<SseStreamResult> {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const abort = new AbortController();
  // Set by whatever cuts the read short (a timer, a limit, the caller); the first one wins.
  let ending: Ending | undefined;
  const finish = (next: Ending): void => {
    if (ending !== undefined) return;
    ending = next;
    abort.abort();
  };

  let status: number | undefined;
  let headers: Record<string, string> = {};
  let mediaType: string | undefined;
  let body: SseStreamResult['body'];
  let headersMs: number | undefined;
  let firstEventMs: number | undefined;
  let retryMs: number | undefined;
  let comments = 0;
  let bytes = 0;
  const events: SseEvent[] = [];
  // A throwing onEvent is the caller's bug, not the server's: it is rethrown once the connection is closed.
  let callerFailure: { readonly error: unknown } | undefined;

  const idleTimer = setTimeout(() => finish(idleEnding(options.idleTimeoutMs, status !== undefined)), options.idleTimeoutMs);
  const totalTimer = setTimeout(
    () => finish({ end: 'total-timeout', message: `the stream was still open after ${options.totalTimeoutMs} ms (total timeout)` }),
    options.totalTimeoutMs,
  );
  const onCallerAbort = (): void => finish({ end: 'stopped', message: 'the caller aborted the read' });
  if (options.signal?.aborted === true) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const decoder = createSseDecoder({
    now: elapsed,
    onEvent(event) {
      if (ending !== undefined) return;
      if (events.length >= maxEvents) {
        finish({ end: 'too-large', message: `the stream sent more than ${maxEvents} events` });
        return;
      }
      events.push(event);
      firstEventMs ??= event.atMs;
      try {
        if (options.onEvent?.(event) === 'stop') finish({ end: 'stopped', message: `the caller stopped reading at event ${event.index} (${event.name})` });
      } catch (error) {
        callerFailure = { error };
        finish({ end: 'error', message: 'the onEvent callback threw' });
      }
    },
    onComment() {
      if (ending === undefined) comments++;
    },
    onRetry(ms) {
      if (ending === undefined) retryMs = ms;
    },
  });

  /** Feeds body chunks to `sink` until the body ends or the read has an ending. */
  const readBody = async (stream: AsyncIterable<Uint8Array>, sink: (chunk: Uint8Array) => void): Promise<void> => {
    for await (const chunk of stream) {
      idleTimer.refresh();
      const room = options.maxBytes - bytes;
      bytes += chunk.byteLength;
      if (chunk.byteLength > room) {
        // Only the bytes within the limit are used, so the verdict does not depend on how the server chunked its writes.
        sink(chunk.subarray(0, room));
        finish({ end: 'too-large', message: `the body exceeded the limit of ${options.maxBytes} bytes` });
      } else {
        sink(chunk);
      }
      if (ending !== undefined) return;
    }
  };

  let outcome: Ending;
  try {
    const response = await request(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher ?? defaultDispatcher,
      signal: abort.signal,
      // The Agent's own limits are meant for single answers; a stream is bounded by the idle and total timeouts instead.
      headersTimeout: options.idleTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
    });
    headersMs = elapsed();
    idleTimer.refresh();
    status = response.statusCode;
    headers = flattenHeaders(response.headers);
    mediaType = mediaTypeOf(headers['content-type']);
    if (mediaType === 'text/event-stream') {
      await readBody(response.body, (chunk) => decoder.push(chunk));
      decoder.end();
    } else {
      const chunks: Uint8Array[] = [];
      await readBody(response.body, (chunk) => chunks.push(chunk));
      if (ending === undefined) {
        const text = Buffer.concat(chunks).toString('utf8');
        body = { text, ...readJson(text) };
      }
    }
    outcome = { end: 'closed' };
  } catch (error) {
    outcome = failureEnding(error, options.idleTimeoutMs, status !== undefined);
  } finally {
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (callerFailure !== undefined) throw callerFailure.error;

  const { end, message } = ending ?? outcome;
  return {
    status,
    headers,
    mediaType,
    ...(body === undefined ? {} : { body }),
    events,
    comments,
    ...(retryMs === undefined ? {} : { retryMs }),
    end,
    ...(message === undefined ? {} : { endMessage: message }),
    ...(headersMs === undefined ? {} : { headersMs }),
    ...(firstEventMs === undefined ? {} : { firstEventMs }),
    durationMs: elapsed(),
    bytes,
  };
}

function idleEnding(idleTimeoutMs: number, answered: boolean): Ending {
  return {
    end: 'idle-timeout',
    message: answered ? `no byte arrived for ${idleTimeoutMs} ms (idle timeout)` : `no response headers within ${idleTimeoutMs} ms (idle timeout)`,
  };
}

function failureEnding(error: unknown, idleTimeoutMs: number, answered: boolean): Ending {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return idleEnding(idleTimeoutMs, answered);
  const detail = error instanceof Error ? error.message || error.name : String(error);
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | null | undefined)?.cause) ?? '';
  const described = code !== '' && !detail.includes(code) ? `${detail} (${code})` : detail;
  if (error instanceof undiciErrors.ConnectTimeoutError || CONNECT_CODES.includes(code)) return { end: 'connect', message: `could not connect: ${described}` };
  if (RESET_CODES.includes(code)) return { end: 'reset', message: `the connection broke: ${described}` };
  return { end: 'error', message: described };
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
