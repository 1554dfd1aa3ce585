// A thin HTTP client for the reference server's own tests: real requests over
// loopback with global fetch, answers read whole, SSE streams parsed with
// eventsource-parser as a client would.
import { createParser } from 'eventsource-parser';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface CallOptions {
  /** Bearer token; null sends no Authorization header. Defaults to the owner's token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** A JSON body (serialised, with Content-Type application/json). */
  json?: unknown;
  /** A raw body sent as is. */
  body?: RequestInit['body'];
}

export type Json = Record<string, unknown>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class Client {
  constructor(readonly server: ReferenceServer) {}

  request(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.server.token : options.token;
    if (token !== null && headers.authorization === undefined) headers.authorization = `Bearer ${token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    return fetch(this.server.baseUrl + path, { method, headers, body });
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const response = await this.request(method, path, options);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  }

  get(path: string, options?: CallOptions): Promise<Answer> {
    return this.call('GET', path, options);
  }

  post(path: string, json?: unknown, options: CallOptions = {}): Promise<Answer> {
    return this.call('POST', path, { ...options, json: json ?? options.json });
  }

  put(path: string, json?: unknown, options: CallOptions = {}): Promise<Answer> {
    return this.call('PUT', path, { ...options, json });
  }

  delete(path: string, options?: CallOptions): Promise<Answer> {
    return this.call('DELETE', path, options);
  }
}

/** The body as an object, for reading fields in assertions. */
export function body(answer: Answer): Json {
  if (typeof answer.json !== 'object' || answer.json === null) throw new Error(`not a JSON object: ${answer.text.slice(0, 200)}`);
  return answer.json as Json;
}

export function rows(answer: Answer): Json[] {
  return body(answer).data as Json[];
}

export interface StreamEvent {
  /** The `event:` field, when the server sent one. */
  field: string | undefined;
  data: string;
  /** Parsed data for JSON events. */
  json: Json | undefined;
  /** The event name a Dify client uses: the `event:` field, else the JSON `event`. */
  name: string;
}

function toStreamEvent(field: string | undefined, data: string): StreamEvent {
  const json = data === '' ? undefined : (parseJson(data) as Json | undefined);
  const name = field ?? (typeof json?.event === 'string' ? json.event : '');
  return { field, data, json, name };
}

/**
 * The events of an SSE text. Like any EventSource client, this drops events
 * without data — Dify's `event: ping` keep-alives — so tests look for pings
 * in the raw text.
 */
export function parseEvents(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  createParser({ onEvent: (event) => events.push(toStreamEvent(event.event, event.data)) }).feed(text);
  return events;
}

/** Reads an SSE response to its end and returns its events. */
export async function readEvents(response: Response): Promise<StreamEvent[]> {
  return parseEvents(await response.text());
}

/**
 * Reads an SSE response event by event; `until` decides when the caller has
 * seen enough (the stream keeps being read in the background).
 */
export async function readEventsUntil(
  response: Response,
  until: (event: StreamEvent) => boolean,
): Promise<{ seen: StreamEvent[]; rest: Promise<StreamEvent[]> }> {
  const seen: StreamEvent[] = [];
  const rest: StreamEvent[] = [];
  let stopped = false;
  let release: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    release = resolve;
  });
  const parser = createParser({
    onEvent: (raw) => {
      const event = toStreamEvent(raw.event, raw.data);
      if (stopped) {
        rest.push(event);
        return;
      }
      seen.push(event);
      if (until(event)) {
        stopped = true;
        release();
      }
    },
  });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('response has no body');
  const decoder = new TextDecoder();
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    release();
    return rest;
  })();
  await reached;
  return { seen, rest: pump };
}

export function dataEvents(events: readonly StreamEvent[]): Json[] {
  return events.flatMap((event) => (event.json ? [event.json] : []));
}

export function eventNames(events: readonly StreamEvent[]): string[] {
  return events.map((event) => event.name);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
