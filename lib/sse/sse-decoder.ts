/**
 * Turns the bytes of a text/event-stream into events, however the bytes are
 * chunked. eventsource-parser applies the field rules of the SSE standard
 * (field values, comments, `retry:`, multi-line `data:`); it is fed whole
 * lines because Dify's keep-alive is `event: ping` and a blank line with no
 * `data:` at all, a block the standard silently drops. The suite has to see
 * pings to judge their cadence, so a block that names an event is emitted even
 * without data (with data '').
 */
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';
import { createLineSplitter } from './line-splitter.ts';
import { readJson } from './read-json.ts';

export interface SseEvent {
  /** 0-based order of arrival. */
  readonly index: number;
  /** The `event:` field if present, else the JSON `event` field of the data if it is a string, else 'message'. */
  readonly name: string;
  /** The `event:` field as sent. */
  readonly transportName: string | undefined;
  readonly id: string | undefined;
  readonly data: string;
  /** The parsed data when it is JSON. */
  readonly json?: unknown;
  /** Why the data is not JSON, when it is non-empty. */
  readonly jsonError?: string;
  /** Milliseconds since the reader started. */
  readonly atMs: number;
}

export interface SseDecoderHandlers {
  onEvent(event: SseEvent): void;
  onComment?(): void;
  onRetry?(ms: number): void;
  /** Milliseconds since the reader started; stamps each event. */
  now(): number;
}

export interface SseDecoder {
  push(chunk: Uint8Array): void;
  /**
   * The bytes are over. An event still waiting for its blank line is dropped,
   * as the standard says; so is a character cut off by the end.
   */
  end(): void;
}

export function createSseDecoder(handlers: SseDecoderHandlers): SseDecoder {
  // Streaming mode holds back a character whose bytes a chunk boundary split;
  // the default options strip one leading BOM, as the standard asks.
  const utf8 = new TextDecoder('utf-8');
  let index = 0;
  let blockNamesEvent = false;
  let blockHasData = false;
  let padded = false;

  const parser = createParser({
    onEvent(message) {
      // A padded block whose `event:` was empty names nothing: drop it, as the standard would.
      if (padded && message.event === undefined) return;
      handlers.onEvent(toSseEvent(message, index++, handlers.now()));
    },
    onComment: () => handlers.onComment?.(),
    onRetry: (ms) => handlers.onRetry?.(ms),
  });

  const lines = createLineSplitter((line) => {
    if (line !== '') {
      if (isField(line, 'data')) blockHasData = true;
      else if (isField(line, 'event')) blockNamesEvent = true;
      parser.feed(`${line}\n`);
      return;
    }
    padded = blockNamesEvent && !blockHasData;
    if (padded) parser.feed('data:\n');
    parser.feed('\n');
    padded = false;
    blockNamesEvent = false;
    blockHasData = false;
  });

  return {
    push: (chunk) => lines.push(utf8.decode(chunk, { stream: true })),
    end: () => lines.push(utf8.decode()),
  };
}

/** Field names are compared literally; a line without a colon is a field with an empty value. */
function isField(line: string, name: string): boolean {
  return line.startsWith(name) && (line.length === name.length || line[name.length] === ':');
}

function toSseEvent(message: EventSourceMessage, index: number, atMs: number): SseEvent {
  const reading = readJson(message.data);
  return {
    index,
    name: message.event ?? jsonEventName(reading.json) ?? 'message',
    transportName: message.event,
    id: message.id,
    data: message.data,
    ...reading,
    atMs,
  };
}

function jsonEventName(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const name = (json as { event?: unknown }).event;
  return typeof name === 'string' ? name : undefined;
}
