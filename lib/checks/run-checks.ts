/** Stopping and replaying runs (docs/server-behavior.md §7.3, §7.4). */
import type { Violation } from '../model/outcome.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import type { SseStreamResult } from '../sse/sse-reader.ts';
import { server } from './basis.ts';
import { defineCheck } from './check.ts';

/** How soon after the stop request a stream must end. */
export const STOP_DEADLINE_MS = 10_000;

export interface StopInput {
  readonly stream: SseStreamResult;
  /** When the stop request was sent, on the stream's clock. */
  readonly stoppedAtMs: number;
}

export const stopEndsStream = defineCheck<StopInput>({
  id: 'runs.stop-ends-stream',
  area: 'runs',
  statement: `After POST …/tasks/{task_id}/stop the run's stream is closed by the server within ${STOP_DEADLINE_MS / 1000} s.`,
  basis: [server('§7.4', 'a stopped run ends its stream')],
}, ({ stream, stoppedAtMs }) => {
  const lastAt = stream.events.at(-1)?.atMs ?? stream.durationMs;
  if (stream.end === 'closed' && lastAt - stoppedAtMs <= STOP_DEADLINE_MS) return [];
  return [{ message: `the stream went on after the stop (read ended: ${stream.end}, ${Math.round(stream.durationMs - stoppedAtMs)} ms after the stop)`, expected: `closed within ${STOP_DEADLINE_MS} ms`, observed: stream.end }];
});

export interface StoppedStatusInput {
  readonly terminal: SseEvent | undefined;
  /** When the stop request was sent, on the stream's clock. */
  readonly stoppedAtMs: number;
}

export const stoppedStatus = defineCheck<StoppedStatusInput>({
  id: 'runs.stopped-status',
  area: 'runs',
  statement: 'The terminal event of a workflow run stopped before it ended reports status "stopped".',
  basis: [server('§7.4', 'the terminal event of a stopped run has status stopped')],
}, ({ terminal, stoppedAtMs }) => {
  const status = (terminal?.json as { data?: { status?: unknown } } | undefined)?.data?.status;
  // A run that had already ended when the stop was sent cannot report a stop.
  if (status === 'stopped' || (terminal !== undefined && terminal.atMs <= stoppedAtMs)) return [];
  return [{ message: terminal === undefined ? 'the stopped run sent no terminal event' : `the terminal event of the stopped run reports status ${JSON.stringify(status)}`, expected: '"stopped"', observed: JSON.stringify(status ?? null) }];
});

export interface ReplayInput {
  readonly replay: readonly SseEvent[];
  /** The workflow_finished event of the original run. */
  readonly original: SseEvent;
}

export const replayFinished = defineCheck<ReplayInput>({
  id: 'runs.replay-finished',
  area: 'runs',
  statement: 'GET …/tasks/{run_id}/events for a finished workflow run answers exactly one workflow_finished with the run\'s id and status.',
  basis: [server('§7.3', 'a finished run replays as exactly one workflow_finished')],
}, ({ replay, original }) => {
  const data = replay.filter((e) => e.name !== 'ping');
  const out: Violation[] = [];
  if (data.length !== 1 || data[0]?.name !== 'workflow_finished') {
    out.push({ message: `the replay carried ${data.map((e) => e.name).join(', ') || 'no events'}`, expected: 'exactly one workflow_finished', observed: data.map((e) => e.name).join(', ') });
    return out;
  }
  const a = (original.json as { data?: { id?: unknown; status?: unknown } } | undefined)?.data;
  const b = (data[0].json as { data?: { id?: unknown; status?: unknown } } | undefined)?.data;
  if (a?.id !== b?.id || a?.status !== b?.status) out.push({ message: 'the replayed workflow_finished differs from the run\'s', expected: `id ${String(a?.id)}, status ${String(a?.status)}`, observed: `id ${String(b?.id)}, status ${String(b?.status)}` });
  return out;
});
