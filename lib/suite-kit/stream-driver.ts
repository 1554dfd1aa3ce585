/**
 * Reads a run's event stream with the grammar of its mode in view: once the
 * terminal event has arrived, the server gets a short grace period to close
 * the stream before the read is stopped (and sse.closes-after-terminal sees it).
 */
import { KEEP_ALIVE, type StreamGrammar } from '../checks/sse-grammars.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
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
}

/**
 * Answers that describe the deployment's model setup, not the API's conformance
 * (docs/server-behavior.md §7.1, §12.2): no provider credentials or quota, an unsupported model,
 * an upstream model failure, a model rate limit.
 */
export const MODEL_PROVIDER_CODES: ReadonlySet<string> = new Set([
  'provider_not_initialize', 'provider_quota_exceeded', 'model_currently_not_support', 'completion_request_error', 'rate_limit_error',
]);

/**
 * Skips the test when a run was refused, or its stream ended at once, with a documented
 * model-provider answer; any other answer is left to the checks.
 */
function skipOnModelProviderAnswer(t: ConformanceTestContext, appId: string, streamed: StreamedExchange): void {
  const { exchange, stream } = streamed;
  const refusal = (exchange.response.json as { code?: unknown } | undefined)?.code;
  if ((exchange.response.status === 400 || exchange.response.status === 429) && typeof refusal === 'string' && MODEL_PROVIDER_CODES.has(refusal)) {
    t.skip(`app ${appId} cannot run on this deployment: the run was answered ${exchange.response.status} ${refusal}, which describes its model provider setup (docs/server-behavior.md §12.2); configure model credentials, or set DIFY_APP_ID_<MODE> to an app whose model works`);
  }
  const first = stream.events.find((e) => e.name !== KEEP_ALIVE);
  const code = (first?.json as { code?: unknown } | undefined)?.code;
  if (first?.name === 'error' && typeof code === 'string' && MODEL_PROVIDER_CODES.has(code)) {
    t.skip(`app ${appId} cannot run on this deployment: its stream ended at once with an error event ${code}, which describes its model provider setup (docs/server-behavior.md §12.2); configure model credentials, or set DIFY_APP_ID_<MODE> to an app whose model works`);
  }
}

export async function readRunStream(t: ConformanceTestContext, operationId: string, options: ReadOptions): Promise<StreamedExchange> {
  const streamed = await readStream(t, operationId, options);
  const appId = options.path?.['app_id'];
  if (operationId === 'runApp' && appId !== undefined) skipOnModelProviderAnswer(t, appId, streamed);
  return streamed;
}

async function readStream(t: ConformanceTestContext, operationId: string, options: ReadOptions): Promise<StreamedExchange> {
  const { grammar, onEvent, signal, ...call } = options;
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
