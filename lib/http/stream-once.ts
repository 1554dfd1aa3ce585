/**
 * One attempt at a text/event-stream request, read while it arrives within the stream limits
 * (lib/sse/sse-reader.ts), as an exchange: its head, and as body the events' data (or the
 * error body of an answer that is not a stream).
 */
import type { Dispatcher } from 'undici';
import type { Exchange, RecordedRequest } from '../model/exchange.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import { readSseStream, type EventDecision, type SseStreamResult } from '../sse/sse-reader.ts';

export interface StreamReading {
  /** Sees each event at once and may stop the read. */
  readonly onEvent?: (event: SseEvent) => EventDecision;
  readonly totalTimeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface StreamAttempt {
  readonly exchange: Exchange;
  readonly stream: SseStreamResult;
}

export async function streamOnce(
  dispatcher: Dispatcher,
  req: { readonly operationId: string | null; readonly idleTimeoutMs: number; readonly maxBytes: number },
  recorded: RecordedRequest,
  reading: StreamReading,
): Promise<StreamAttempt> {
  const startedAt = Date.now();
  const stream = await readSseStream({
    method: recorded.method as 'GET',
    url: recorded.url,
    headers: recorded.headers,
    ...(recorded.body === undefined ? {} : { body: recorded.body }),
    idleTimeoutMs: req.idleTimeoutMs,
    totalTimeoutMs: reading.totalTimeoutMs,
    maxBytes: req.maxBytes,
    dispatcher,
    ...(reading.onEvent === undefined ? {} : { onEvent: reading.onEvent }),
    ...(reading.signal === undefined ? {} : { signal: reading.signal }),
  });
  const timings = { startedAt, ...(stream.headersMs === undefined ? {} : { headersMs: stream.headersMs }), totalMs: stream.durationMs };
  if (stream.status === undefined) {
    const kind = stream.end === 'connect' ? ('connect' as const) : stream.end === 'reset' ? ('reset' as const) : ('timeout' as const);
    return {
      exchange: { operationId: req.operationId, request: recorded, transportError: { kind, message: stream.endMessage ?? stream.end }, timings },
      stream,
    };
  }
  const response = {
    status: stream.status,
    headers: stream.headers,
    mediaType: stream.mediaType,
    bodyText: stream.body?.text ?? stream.events.map((e) => `data: ${e.data}`).join('\n\n'),
    bodyBytes: stream.bytes,
    ...(stream.body?.json === undefined ? {} : { json: stream.body.json }),
    ...(stream.body?.jsonError === undefined ? {} : { jsonError: stream.body.jsonError }),
  };
  return { exchange: { operationId: req.operationId, request: recorded, response, timings }, stream };
}
