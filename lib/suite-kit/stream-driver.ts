/**
 * Reads a run's event stream with the grammar of its mode in view: once the
 * terminal event has arrived, the server gets a short grace period to close
 * the stream before the read is stopped (and sse.closes-after-terminal sees it).
 */
import { SETUP_ERROR_STATUS, setupErrorsBeforeStream } from '../checks/run-checks.ts';
import { errorEventShape, STREAM_CHECKS, unlistedEventNames } from '../checks/sse-checks.ts';
import { KEEP_ALIVE, type StreamGrammar } from '../checks/sse-grammars.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import type { SseStreamResult } from '../sse/sse-reader.ts';
import type { EventDecision } from '../sse/sse-reader.ts';
import type { CallOptions, ConformanceTestContext, StreamedExchange } from './conformance-test.ts';

/** How long a server may keep a stream open after its terminal event. */
export const CLOSE_GRACE_MS = 3000;

export interface ReadOptions extends CallOptions {
  readonly grammar: StreamGrammar;
  /** Ends the read early (e.g. a deadline after a stop request). */
  readonly signal?: AbortSignal;
  /** Sees every event as it arrives (e.g. to stop the run by its task_id). */
  readonly onEvent?: (event: SseEvent) => void;
  /** The test declares runs.setup-errors-before-stream: judge a refusal for the model setup before skipping on it. */
  readonly judgeSetup?: boolean;
}

/**
 * Answers that describe the deployment's model setup, not the API's conformance
 * (docs/server-behavior.md §7.1, §12.2): no provider credentials or quota, an unsupported model,
 * an upstream model failure, a model rate limit.
 */
export const MODEL_PROVIDER_CODES: ReadonlySet<string> = new Set(Object.keys(SETUP_ERROR_STATUS));

/** The first error event of a stream whose code describes the model provider setup, if any. */
export function modelProviderError(events: readonly SseEvent[]): SseEvent | undefined {
  return events.find((e) => {
    const code = (e.json as { code?: unknown } | undefined)?.code;
    return e.name === 'error' && typeof code === 'string' && MODEL_PROVIDER_CODES.has(code);
  });
}

/**
 * Skips the test when a run was refused, or its stream ended at once, with a documented
 * model-provider answer; any other answer is left to the checks.
 */
function skipOnModelProviderAnswer(t: ConformanceTestContext, appId: string, streamed: StreamedExchange): void {
  const { exchange, stream } = streamed;
  const refusal = (exchange.response.json as { code?: unknown } | undefined)?.code;
  if ((exchange.response.status === 400 || exchange.response.status === 429) && typeof refusal === 'string' && MODEL_PROVIDER_CODES.has(refusal)) {
    t.skip(
      `app ${appId} cannot run on this deployment: the run was answered ${exchange.response.status} ${refusal}, which describes its model provider setup (docs/server-behavior.md §12.2); configure model credentials, or set DIFY_APP_ID_<MODE> to an app whose model works`,
    );
  }
  const first = stream.events.find((e) => e.name !== KEEP_ALIVE);
  const code = (first?.json as { code?: unknown } | undefined)?.code;
  if (first?.name === 'error' && typeof code === 'string' && MODEL_PROVIDER_CODES.has(code)) {
    t.skip(
      `app ${appId} cannot run on this deployment: its stream ended at once with an error event ${code}, which describes its model provider setup (docs/server-behavior.md §12.2); configure model credentials, or set DIFY_APP_ID_<MODE> to an app whose model works`,
    );
  }
}

export async function readRunStream(t: ConformanceTestContext, operationId: string, options: ReadOptions): Promise<StreamedExchange> {
  const streamed = await readStream(t, operationId, options);
  const appId = options.path?.['app_id'];
  if (options.judgeSetup === true) judgeSetupAnswer(t, streamed.exchange);
  if (operationId === 'runApp' && appId !== undefined) skipOnModelProviderAnswer(t, appId, streamed);
  return streamed;
}

/** A refusal for the deployment's model setup is judged when one comes; otherwise there is nothing to judge. */
function judgeSetupAnswer(t: ConformanceTestContext, exchange: AnsweredExchange): void {
  const code = (exchange.response.json as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && MODEL_PROVIDER_CODES.has(code)) t.verify(setupErrorsBeforeStream, exchange);
  else t.skipCheck(setupErrorsBeforeStream, exchange.operationId ?? null, 'the run was not refused for its model setup, so there is no such refusal to judge');
}

/**
 * Judges a complete run stream with every stream check, error events when there are any, and notes
 * the event names the grammar does not list (information only: clients ignore names they do not know).
 */
export function judgeRunStream(t: ConformanceTestContext, exchange: AnsweredExchange, stream: SseStreamResult, grammar: StreamGrammar, label: string): void {
  const input = { events: stream.events, grammar, end: stream.end };
  for (const check of STREAM_CHECKS) t.verify(check, input, exchange);
  judgeErrorEvents(t, exchange, stream.events);
  const unlisted = unlistedEventNames(stream.events, grammar);
  if (unlisted.length > 0)
    t.note(
      'stream events',
      label,
      `events this suite does not list for this mode (information only; clients ignore names they do not know): ${unlisted.join(', ')}`,
    );
}

/** sse.error-event-shape has something to judge only when the stream carried an error event. */
export function judgeErrorEvents(t: ConformanceTestContext, exchange: AnsweredExchange, events: readonly SseEvent[]): void {
  if (events.some((e) => e.name === 'error')) t.verify(errorEventShape, events, exchange);
  else t.skipCheck(errorEventShape, exchange.operationId ?? null, 'the stream carried no error event');
}

async function readStream(t: ConformanceTestContext, operationId: string, options: ReadOptions): Promise<StreamedExchange> {
  const { grammar, onEvent, signal, judgeSetup: _judgeSetup, ...call } = options;
  const abort = new AbortController();
  signal?.addEventListener('abort', () => abort.abort(), { once: true });
  const ending = new Set([grammar.terminal, ...grammar.alsoEnding]);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await t.stream(operationId, {
      ...call,
      signal: abort.signal,
      onEvent: (event: SseEvent): EventDecision => {
        onEvent?.(event);
        if (timer === undefined && event.name !== KEEP_ALIVE && ending.has(event.name)) {
          timer = setTimeout(() => abort.abort(), CLOSE_GRACE_MS);
        }
        return 'continue';
      },
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The first string value of a field across the events (task_id, workflow_run_id, …). */
export function firstId(events: readonly SseEvent[], field: string): string | undefined {
  for (const e of events) {
    const value = (e.json as Record<string, unknown> | undefined)?.[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
