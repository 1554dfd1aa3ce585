/**
 * Running apps, reconnecting to runs, stopping and replaying them (docs/server-behavior.md §7.1,
 * §7.3, §7.4).
 */
import { isDeepStrictEqual } from 'node:util';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import type { SseStreamResult } from '../sse/sse-reader.ts';
import { client, security, server } from './basis.ts';
import { defineCheck } from './check.ts';

/** How soon after the stop request a stream must end. */
export const STOP_DEADLINE_MS = 10_000;

export interface StopInput {
  readonly stream: SseStreamResult;
  /** When the stop request was sent, on the stream's clock. */
  readonly stoppedAtMs: number;
}

export const stopEndsStream = defineCheck<StopInput>(
  {
    id: 'runs.stop-ends-stream',
    area: 'runs',
    statement: `After POST …/tasks/{task_id}/stop the run's stream is closed by the server within ${STOP_DEADLINE_MS / 1000} s.`,
    basis: [server('§7.4', 'a stopped run ends its stream')],
  },
  ({ stream, stoppedAtMs }) => {
    const lastAt = stream.events.at(-1)?.atMs ?? stream.durationMs;
    if (stream.end === 'closed' && lastAt - stoppedAtMs <= STOP_DEADLINE_MS) return [];
    return [
      {
        message: `the stream went on after the stop (read ended: ${stream.end}, ${Math.round(stream.durationMs - stoppedAtMs)} ms after the stop)`,
        expected: `closed within ${STOP_DEADLINE_MS} ms`,
        observed: stream.end,
      },
    ];
  },
);

export interface StoppedStatusInput {
  readonly terminal: SseEvent | undefined;
  /** When the stop request was answered (so the server had taken it), on the stream's clock. */
  readonly stoppedAtMs: number;
}

export const stoppedStatus = defineCheck<StoppedStatusInput>(
  {
    id: 'runs.stopped-status',
    area: 'runs',
    statement: 'The terminal event of a workflow run stopped before it ended reports status "stopped".',
    basis: [server('§7.4', 'the terminal event of a stopped run has status stopped')],
  },
  ({ terminal, stoppedAtMs }) => {
    const status = (terminal?.json as { data?: { status?: unknown } } | undefined)?.data?.status;
    // A run that had already ended when the server took the stop cannot report a stop.
    if (status === 'stopped' || (terminal !== undefined && terminal.atMs <= stoppedAtMs)) return [];
    return [
      {
        message:
          terminal === undefined ? 'the stopped run sent no terminal event' : `the terminal event of the stopped run reports status ${JSON.stringify(status)}`,
        expected: '"stopped"',
        observed: JSON.stringify(status ?? null),
      },
    ];
  },
);

export interface ReplayInput {
  readonly replay: readonly SseEvent[];
  /** The workflow_finished event of the original run. */
  readonly original: SseEvent;
}

interface RunData {
  readonly id?: unknown;
  readonly status?: unknown;
  readonly outputs?: unknown;
}

function runData(event: SseEvent | undefined): RunData | undefined {
  return (event?.json as { data?: RunData } | undefined)?.data;
}

export const replayFinished = defineCheck<ReplayInput>(
  {
    id: 'runs.replay-finished',
    area: 'runs',
    statement: "GET …/tasks/{run_id}/events for a finished workflow run answers exactly one workflow_finished with the run's id and status.",
    basis: [server('§7.3', 'a finished run replays as exactly one workflow_finished')],
  },
  ({ replay, original }) => {
    const data = replay.filter((e) => e.name !== 'ping');
    const out: Violation[] = [];
    if (data.length !== 1 || data[0]?.name !== 'workflow_finished') {
      out.push({
        message: `the replay carried ${data.map((e) => e.name).join(', ') || 'no events'}`,
        expected: 'exactly one workflow_finished',
        observed: data.map((e) => e.name).join(', '),
      });
      return out;
    }
    const a = runData(original);
    const b = runData(data[0]);
    if (a?.id !== b?.id || a?.status !== b?.status)
      out.push({
        message: "the replayed workflow_finished differs from the run's",
        expected: `id ${String(a?.id)}, status ${String(a?.status)}`,
        observed: `id ${String(b?.id)}, status ${String(b?.status)}`,
      });
    return out;
  },
);

export const replayEndsWithResult = defineCheck<ReplayInput>(
  {
    id: 'runs.replay-ends-with-result',
    area: 'runs',
    statement: 'The events of a finished workflow run end with a workflow_finished of that run: its id, status and outputs.',
    basis: [
      client('§3', 'reconnecting, the CLI keeps the workflow_finished payload and shows its data.outputs as the result and its data.status'),
      server('§7.3'),
    ],
  },
  ({ replay, original }) => {
    const last = replay.filter((e) => e.name !== 'ping').at(-1);
    if (last?.name !== 'workflow_finished') {
      return [
        {
          message: `the events of the finished run end with ${last?.name ?? 'no event'}`,
          expected: 'workflow_finished',
          observed: replay
            .map((e) => e.name)
            .slice(-5)
            .join(', '),
        },
      ];
    }
    const a = runData(original);
    const b = runData(last);
    const differs = (['id', 'status', 'outputs'] as const).filter((field) => !isDeepStrictEqual(a?.[field], b?.[field]));
    if (differs.length === 0) return [];
    return [
      {
        message: `the replayed workflow_finished differs from the run's in ${differs.join(', ')}`,
        expected: JSON.stringify({ id: a?.id, status: a?.status, outputs: a?.outputs }).slice(0, 300),
        observed: JSON.stringify({ id: b?.id, status: b?.status, outputs: b?.outputs }).slice(0, 300),
      },
    ];
  },
);

export const alwaysStreams = defineCheck<AnsweredExchange>(
  {
    id: 'runs.always-streams',
    area: 'runs',
    statement: 'A run whose body also asks for response_mode "blocking" and names a user is still answered 200 with an event stream: unknown keys are ignored.',
    basis: [server('§7.1', 'unknown keys are ignored — response_mode and user are dropped; always streams')],
  },
  (exchange) => {
    const { status, mediaType } = exchange.response;
    if (status === 200 && mediaType === 'text/event-stream') return [];
    return [
      {
        message: `a run asking for blocking mode was answered ${status} ${mediaType ?? '(no content type)'}`,
        expected: '200 text/event-stream',
        observed: `${status} ${mediaType ?? ''} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export interface RefusalInput {
  readonly exchange: AnsweredExchange;
  /** The reason the server documents as the 422 message. */
  readonly reason: string;
}

function refusedFor({ exchange, reason }: RefusalInput, what: string): Violation[] {
  const { status, json } = exchange.response;
  const body = (json ?? {}) as { message?: unknown; code?: unknown };
  if (status === 422 && (body.message === reason || body.code === reason)) return [];
  return [
    {
      message: `${what} was answered ${status}${status === 422 ? ' without naming the reason' : ''}`,
      expected: `422 ${reason}`,
      observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
    },
  ];
}

export const queryByMode = defineCheck<RefusalInput>(
  {
    id: 'runs.query-by-mode',
    area: 'runs',
    statement:
      'A chat-family run without a query is refused with 422 query_required_for_chat, and a workflow run with one with 422 query_not_supported_for_workflow.',
    basis: [
      server('§7.1', 'chat-family modes require a non-blank query; workflow refuses any query'),
      server('§2.4', 'these 422s carry the reason as their message'),
    ],
  },
  (input) => refusedFor(input, "a run that breaks its mode's query rule"),
);

export const reconnectMode422 = defineCheck<RefusalInput>(
  {
    id: 'runs.reconnect-mode-422',
    area: 'runs',
    statement: 'GET …/tasks/{task_id}/events of an app that is not a workflow or advanced-chat app is refused with 422 mode_not_supported_for_event_reconnect.',
    basis: [server('§7.3', 'only workflow and advanced-chat runs can be reconnected to'), server('§2.4', 'this 422 carries the reason as its message')],
  },
  (input) => refusedFor(input, 'reconnecting to a run of an app of another mode'),
);

export const eventsBoundToApp = defineCheck<AnsweredExchange>(
  {
    id: 'runs.events-bound-to-app',
    area: 'runs',
    statement: "GET …/tasks/{run_id}/events under another app than the run's answers 404.",
    basis: [server('§7.3', 'a run in another app → 404 Workflow run not found')],
  },
  (exchange) => {
    const { status } = exchange.response;
    if (status === 404) return [];
    return [
      {
        message: `the run's events were answered ${status} under another app`,
        expected: '404',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const eventsCreatorOnly = defineCheck<AnsweredExchange>(
  {
    id: 'runs.events-creator-only',
    area: 'runs',
    statement:
      "GET …/tasks/{run_id}/events with the token of another member of the workspace than the run's creator is refused (401, 403 or 404), never served.",
    basis: [
      security("a run's events are its creator's: another member's credentials do not reach them"),
      server('§7.3', 'a run created by someone else → 404'),
    ],
  },
  (exchange) => {
    const { status } = exchange.response;
    if (status === 401 || status === 403 || status === 404) return [];
    return [
      {
        message: `another member's token reconnecting to the run was answered ${status}`,
        expected: '401, 403 or 404',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const eventsCreator404 = defineCheck<AnsweredExchange>(
  {
    id: 'runs.events-creator-404',
    area: 'runs',
    statement:
      "GET …/tasks/{run_id}/events with the token of another member of the workspace than the run's creator answers 404, as for a run that does not exist.",
    basis: [server('§7.3', 'a run created by someone else → 404')],
  },
  (exchange) => {
    const { status } = exchange.response;
    if (status === 404) return [];
    return [
      {
        message: `another member's token reconnecting to the run was answered ${status}`,
        expected: '404',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

/** The codes of a run refused for the deployment's model setup, with the status each comes with (docs/server-behavior.md §7.1). */
export const SETUP_ERROR_STATUS: Readonly<Record<string, number>> = {
  provider_not_initialize: 400,
  provider_quota_exceeded: 400,
  model_currently_not_support: 400,
  completion_request_error: 400,
  rate_limit_error: 429,
};

export const setupErrorsBeforeStream = defineCheck<AnsweredExchange>(
  {
    id: 'runs.setup-errors-before-stream',
    area: 'runs',
    statement:
      "A run refused for the deployment's model setup is answered before any stream with an ErrorBody of its code and status: 400 provider_not_initialize, provider_quota_exceeded, model_currently_not_support or completion_request_error, 429 rate_limit_error.",
    basis: [server('§7.1', 'provider and model errors before streaming'), server('§12.2')],
  },
  (exchange) => {
    const code = (exchange.response.json as { code?: unknown } | undefined)?.code;
    const expected = typeof code === 'string' ? SETUP_ERROR_STATUS[code] : undefined;
    if (expected === undefined || exchange.response.status === expected) return [];
    return [
      {
        message: `a run refused with ${String(code)} was answered ${exchange.response.status}`,
        expected: `${expected} ${String(code)}`,
        observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);
