// Server-sent events as Dify frames them (docs/server-behavior.md §7.2):
// data events are `data: <json>\n\n` with the name inside the JSON, keep-alives
// are `event: ping\n\n`, and the stream closes after its terminal event.
import type { ServerResponse } from 'node:http';
import { startEventStream } from './http-io.ts';
import type { Frame, Run } from './run-registry.ts';
import type { Runtime } from './runtime.ts';

const KEEPALIVE_MS = 10_000;
const IDLE_LIMIT_MS = 300_000;

export function frameText(frame: Frame): string {
  return frame.kind === 'ping' ? 'event: ping\n\n' : `data: ${JSON.stringify(frame.event)}\n\n`;
}

/** A value as Python's repr() prints it (fault sse-message-not-json). */
function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** How long a stream stays open after its terminal event under the faults that leave it open. */
const LINGER_MS = 5_000;
const LINGER_PING_MS = 1_000;

/** Opens an event stream and ends it once the terminal event has been written. */
export function openStream(runtime: Runtime, res: ServerResponse): { write(frame: Frame): void; end(): void } {
  if (runtime.faults.has('stream-json-content-type')) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  } else if (runtime.faults.has('sse-events-cacheable')) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'public, max-age=60' });
  } else {
    startEventStream(res);
  }
  let lastWrite = Date.now();
  let silentSince = Date.now();
  const end = (): void => {
    clearInterval(keepalive);
    runtime.cleanups.delete(end);
    if (!res.writableEnded) res.end();
  };
  // Ten seconds of silence earn a ping; five minutes without events end the stream.
  const keepalive = setInterval(() => {
    const now = Date.now();
    if (now - silentSince >= IDLE_LIMIT_MS) end();
    else if (now - lastWrite >= KEEPALIVE_MS) {
      res.write(frameText({ kind: 'ping' }));
      lastWrite = now;
    }
  }, KEEPALIVE_MS);
  keepalive.unref();
  runtime.cleanups.add(end);
  res.on('close', end);
  return {
    write(frame) {
      if (res.writableEnded) return;
      if (frame.kind === 'data' && frame.event.event === 'message' && runtime.faults.has('sse-message-not-json')) {
        res.write(`data: ${pythonRepr(frame.event)}\n\n`);
      } else if (frame.kind === 'data' && frame.event.event === 'text_chunk' && runtime.faults.has('sse-unnamed-event')) {
        const { event: _name, ...unnamed } = frame.event;
        res.write(`data: ${JSON.stringify(unnamed)}\n\n`);
      } else {
        res.write(frameText(frame));
      }
      lastWrite = Date.now();
      if (frame.kind === 'data') silentSince = lastWrite;
    },
    end,
  };
}

/** Relays a run's frames to the client until `isTerminal` says the stream is done. */
export function relayRun(runtime: Runtime, res: ServerResponse, run: Run, isTerminal: (eventName: unknown) => boolean, replay: readonly Frame[] = []): void {
  const stream = openStream(runtime, res);
  for (const frame of replay) stream.write(frame);
  const unsubscribe = run.subscribe((frame) => {
    const terminal = frame.kind === 'data' && isTerminal(frame.event.event);
    if (!terminal || !dropsTerminal(runtime, frame)) stream.write(frame);
    if (terminal) {
      unsubscribe();
      if (leavesOpen(runtime, frame)) lingerThenEnd(stream, res);
      else stream.end();
    }
  });
  res.on('close', unsubscribe);
}

/** Faults that end a stream without writing its terminal event (or its pause). */
function dropsTerminal(runtime: Runtime, frame: Frame): boolean {
  const name = frame.kind === 'data' ? frame.event.event : undefined;
  if (name === 'workflow_paused') return runtime.faults.has('pause-not-announced');
  return (name === 'workflow_finished' || name === 'message_end') && runtime.faults.has('sse-no-terminal-event');
}

/** Faults that keep a stream open after its terminal event. */
function leavesOpen(runtime: Runtime, frame: Frame): boolean {
  if (runtime.faults.has('sse-open-after-terminal')) return true;
  return frame.kind === 'data' && isStopped(frame.event) && runtime.faults.has('stopped-stream-left-open');
}

function isStopped(event: Record<string, unknown>): boolean {
  const data = event.data as { status?: unknown } | undefined;
  return event.status === 'stopped' || data?.status === 'stopped';
}

/** Keeps a stream open with keep-alives for LINGER_MS before ending it (faults that leave a stream open). */
function lingerThenEnd(stream: { write(frame: Frame): void; end(): void }, res: ServerResponse): void {
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started >= LINGER_MS) stop();
    else stream.write({ kind: 'ping' });
  }, LINGER_PING_MS);
  timer.unref();
  function stop(): void {
    clearInterval(timer);
    stream.end();
  }
  res.on('close', stop);
}
