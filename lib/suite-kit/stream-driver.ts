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

export async function readRunStream(t: ConformanceTestContext, operationId: string, options: ReadOptions): Promise<StreamedExchange> {
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
