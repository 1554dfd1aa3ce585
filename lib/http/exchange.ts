/**
 * The one way a request reaches the server: every call, stream and cleanup of a test, and
 * every request of the run command, goes through `exchange`. It refuses what the read-only
 * profile must not send, waits for the token's pacing slot, sends within the time and size
 * limits, and waits out a 429 and sends again (bounded), except where the 429 is the answer:
 * an hourly quota that is spent (docs/server-behavior.md §12.5), or a model's rate limit
 * (§7.1). A 429 that outlasts the retries becomes a 'rate-limited' transport error, never a
 * judged answer.
 */
import type { Dispatcher } from 'undici';
import type { Exchange, RecordedRequest } from '../model/exchange.ts';
import { QUOTAS } from '../quota/quotas.ts';
import type { SseStreamResult } from '../sse/sse-reader.ts';
import { requestOnce } from './request-once.ts';
import { streamOnce, type StreamReading } from './stream-once.ts';
import type { TrafficControl } from './traffic-control.ts';
import { lowerCaseKeys } from './wire.ts';

export interface ExchangeRequest {
  /** The spec operation; null for paths outside the spec. */
  readonly operationId: string | null;
  readonly method: string;
  readonly url: string;
  /** The operation as "METHOD /path/{template}", for messages; the method and URL when absent. */
  readonly route?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Text (JSON) or bytes (multipart; streams take text only). */
  readonly body?: string | Uint8Array;
  /** How the body appears in records when it is binary. */
  readonly bodyDescription?: string;
  readonly timeoutMs?: number;
  /** Whether a 429 is waited out and sent again; by default, unless the operation spends an hourly quota. */
  readonly retryRateLimit?: boolean;
  /** Read the answer as an event stream, event by event. */
  readonly stream?: StreamReading;
}

export type ExchangeResult =
  /** Not sent: the read-only profile does not send what may change the server. */
  | { readonly sent: false; readonly reason: string }
  | {
      readonly sent: true;
      /** Answered, or with the transport error that stood for the answer. */
      readonly exchange: Exchange;
      /** The read of a stream request. */
      readonly stream?: SseStreamResult;
      /** Set on a 429 from an operation that spends an hourly quota: why the test cannot go on. */
      readonly quotaSpent?: string;
    };

/** Sends requests: the HTTP client, or a fake one in the harness's own unit tests. */
export interface Transport {
  exchange(request: ExchangeRequest): Promise<ExchangeResult>;
}

/** What `exchange` sends with: the connection pool, the run's traffic control and limits. */
export interface Link {
  readonly dispatcher: Dispatcher;
  readonly traffic: TrafficControl;
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** The read-only profile: only GET requests are sent. */
  readonly readOnly: boolean;
}

export async function exchange(link: Link, req: ExchangeRequest): Promise<ExchangeResult> {
  const route = req.route ?? `${req.method} ${req.url}`;
  if (link.readOnly && req.method !== 'GET') {
    return { sent: false, reason: `not sent in the read-only profile (${route}); run with DIFY_PROFILE=full to check it` };
  }
  const quota = QUOTAS.find((q) => req.operationId !== null && q.operations.includes(req.operationId));
  const retryRateLimit = req.retryRateLimit ?? quota === undefined;
  const headers = lowerCaseKeys(req.headers ?? {});
  const recorded: RecordedRequest = {
    method: req.method,
    url: req.url,
    headers,
    ...(req.body === undefined ? {} : { body: typeof req.body === 'string' ? req.body : (req.bodyDescription ?? `<${req.body.byteLength} bytes>`) }),
  };
  const { traffic } = link;
  for (let attempt = 0; ; attempt++) {
    const stopped = traffic.stopped;
    if (stopped !== undefined) {
      return {
        sent: true,
        exchange: {
          operationId: req.operationId,
          request: recorded,
          transportError: { kind: 'stopped-answering', message: stopped },
          timings: { startedAt: Date.now(), totalMs: 0 },
        },
      };
    }
    await traffic.pace(headers['authorization']);
    const { exchange: answered, stream, timedOut } = await sendOnce(link, req, headers, recorded);
    traffic.observe(timedOut);
    const response = answered.response;
    const result = { sent: true as const, exchange: answered, ...(stream === undefined ? {} : { stream }) };
    if (response?.status !== 429 || isModelRateLimit(response.json)) return result;
    if (!retryRateLimit) {
      if (quota === undefined) return result;
      const minutes = quota.windowMs / 60_000;
      return {
        ...result,
        quotaSpent: `not checked: the ${quota.per}'s ${quota.key} quota is spent (429 from ${route}; ${quota.limit} per ${minutes} min, docs/server-behavior.md §12.5); retry within ${minutes} min`,
      };
    }
    const delay = traffic.retryDelay(response.headers['retry-after'], attempt);
    if (delay === undefined) {
      const { response: _limited, ...unanswered } = answered;
      return {
        sent: true,
        exchange: {
          ...unanswered,
          transportError: { kind: 'rate-limited', message: `still rate limited (429) after ${attempt} retries; lower DIFY_MAX_REQUESTS_PER_MINUTE` },
        },
      };
    }
    await traffic.waitOut(delay);
  }
}

async function sendOnce(
  link: Link,
  req: ExchangeRequest,
  headers: Record<string, string>,
  recorded: RecordedRequest,
): Promise<{ exchange: Exchange; stream?: SseStreamResult; timedOut: boolean }> {
  if (req.stream !== undefined) {
    const attempt = await streamOnce(
      link.dispatcher,
      { operationId: req.operationId, idleTimeoutMs: link.requestTimeoutMs, maxBytes: link.maxResponseBytes },
      recorded,
      req.stream,
    );
    const timedOut = attempt.stream.status === undefined && (attempt.stream.end === 'idle-timeout' || attempt.stream.end === 'total-timeout');
    return { ...attempt, timedOut };
  }
  const once = {
    operationId: req.operationId,
    method: req.method,
    url: req.url,
    headers,
    ...(req.body === undefined ? {} : { body: req.body }),
    timeoutMs: req.timeoutMs ?? link.requestTimeoutMs,
    maxBytes: link.maxResponseBytes,
  };
  let answered = await requestOnce(link.dispatcher, once, recorded);
  // A keep-alive connection the server closed just before reuse resets; a GET is safe to send again once.
  if (answered.transportError?.kind === 'reset' && (req.method === 'GET' || req.method === 'HEAD'))
    answered = await requestOnce(link.dispatcher, once, recorded);
  return { exchange: answered, timedOut: answered.transportError?.kind === 'timeout' };
}

/** A 429 rate_limit_error: the app's model is rate limited (docs/server-behavior.md §7.1), not the caller. */
function isModelRateLimit(json: unknown): boolean {
  return (json as { code?: unknown } | undefined)?.code === 'rate_limit_error';
}
