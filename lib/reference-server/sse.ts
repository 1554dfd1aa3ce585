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

/** Opens an event stream and ends it once the terminal event has been written. */
export function openStream(runtime: Runtime, res: ServerResponse): { write(frame: Frame): void; end(): void } {
  startEventStream(res);
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
      res.write(frameText(frame));
      lastWrite = Date.now();
      if (frame.kind === 'data') silentSince = lastWrite;
    },
    end,
  };
}

/** Relays a run's frames to the client until `isTerminal` says the stream is done. */
export function relayRun(
  runtime: Runtime,
  res: ServerResponse,
  run: Run,
  isTerminal: (eventName: unknown) => boolean,
  replay: readonly Frame[] = [],
): void {
  const stream = openStream(runtime, res);
  for (const frame of replay) stream.write(frame);
  const unsubscribe = run.subscribe((frame) => {
    stream.write(frame);
    if (frame.kind === 'data' && isTerminal(frame.event.event)) {
      unsubscribe();
      stream.end();
    }
  });
  res.on('close', unsubscribe);
}
