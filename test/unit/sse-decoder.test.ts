// The SSE decoder against the framings the SSE standard allows: a property over
// random streams cut at random byte offsets, and examples of Dify's own shapes.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createSseDecoder } from '../../lib/sse/sse-decoder.ts';
import type { SseEvent } from '../../lib/sse/sse-decoder.ts';

const FRAMING_RUNS = 1000;

interface Decoded {
  readonly events: SseEvent[];
  readonly comments: number;
  readonly retries: number[];
}

function decode(chunks: readonly Uint8Array[]): Decoded {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  let comments = 0;
  let clock = 0;
  const decoder = createSseDecoder({
    onEvent: (event) => events.push(event),
    onComment: () => {
      comments++;
    },
    onRetry: (ms) => retries.push(ms),
    now: () => clock++,
  });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return { events, comments, retries };
}

const decodeText = (text: string): Decoded => decode([new TextEncoder().encode(text)]);

// --- A model of a stream: what is sent, and what must come out. ---

/** Lines that carry no event: comments, `retry:`, and fields the standard says to ignore. */
type Extra =
  | { readonly kind: 'comment'; readonly text: string; readonly spaced: boolean }
  | { readonly kind: 'retry'; readonly ms: number }
  | { readonly kind: 'ignored'; readonly field: string; readonly text: string };

interface EventBlock {
  readonly kind: 'event';
  readonly name: string | undefined;
  readonly id: string | undefined;
  readonly dataLines: readonly string[];
  readonly dataStyle: 'space' | 'bare' | 'no-colon';
  /** Comment and retry lines, each placed among the field lines at `at` (modulo). */
  readonly extras: readonly { readonly at: number; readonly extra: Extra }[];
}

interface NoiseBlock {
  readonly kind: 'noise';
  readonly extras: readonly Extra[];
}

type Block = EventBlock | NoiseBlock;

interface Expected {
  readonly name: string;
  readonly transportName: string | undefined;
  readonly id: string | undefined;
  readonly data: string;
}

const notLineEnd = (c: string): boolean => c !== '\r' && c !== '\n';
const wideChar = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(notLineEnd),
  fc.constantFrom('😀', '👩‍💻', '🇯🇵', '漢', '字', '中文', 'é', '€', 'ß', ' ', ':', '{', '"', '\u00ef\u00bb\u00bf'),
);
const lineText = fc.string({ unit: wideChar, maxLength: 10 });
const name = fc.string({ unit: wideChar, minLength: 1, maxLength: 8 });
const id = fc.string({ unit: wideChar, maxLength: 6 }).filter((s) => !s.includes('\0'));

const extra: fc.Arbitrary<Extra> = fc.oneof(
  fc.record({ kind: fc.constant('comment' as const), text: lineText, spaced: fc.boolean() }),
  fc.record({ kind: fc.constant('retry' as const), ms: fc.nat({ max: 100_000 }) }),
  fc.record({ kind: fc.constant('ignored' as const), field: fc.constantFrom('Data', 'EVENT', 'datum', 'events', 'retry', 'x'), text: lineText }),
);

const jsonData = fc
  .record({ event: fc.oneof(name, fc.integer()), answer: lineText, pretty: fc.boolean() })
  .map(({ event, answer, pretty }) => JSON.stringify({ event, answer }, null, pretty ? 2 : undefined).split('\n'));

const eventBlock: fc.Arbitrary<EventBlock> = fc.record({
  kind: fc.constant('event' as const),
  name: fc.option(name, { nil: undefined }),
  id: fc.option(id, { nil: undefined }),
  dataLines: fc.oneof(fc.array(lineText, { maxLength: 3 }), jsonData),
  dataStyle: fc.constantFrom('space' as const, 'bare' as const, 'no-colon' as const),
  extras: fc.array(fc.record({ at: fc.nat(), extra }), { maxLength: 3 }),
});

const noiseBlock: fc.Arbitrary<NoiseBlock> = fc.record({ kind: fc.constant('noise' as const), extras: fc.array(extra, { maxLength: 2 }) });

const streamModel = fc.record({
  blocks: fc.array(fc.oneof({ weight: 4, arbitrary: eventBlock }, { weight: 1, arbitrary: noiseBlock }), { maxLength: 8 }),
  /** A last event cut off before its blank line: the standard drops it. */
  unfinished: fc.option(lineText, { nil: undefined }),
  lineEnds: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 40 }),
  bom: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 24 }),
  byteAtATime: fc.boolean(),
});

function extraLine(e: Extra): string {
  if (e.kind === 'retry') return `retry: ${e.ms}`;
  if (e.kind === 'comment') return `:${e.spaced ? ' ' : ''}${e.text}`;
  // A retry value that is not all digits is ignored too.
  return `${e.field}: x${e.text}`;
}

function dataLine(value: string, style: EventBlock['dataStyle']): string {
  if (style === 'no-colon' && value === '') return 'data';
  if (style === 'bare' && !value.startsWith(' ')) return `data:${value}`;
  return `data: ${value}`;
}

function blockLines(block: Block): string[] {
  if (block.kind === 'noise') return [...block.extras.map(extraLine), ''];
  const lines = [
    ...(block.name === undefined ? [] : [`event: ${block.name}`]),
    ...(block.id === undefined ? [] : [`id: ${block.id}`]),
    ...block.dataLines.map((value) => dataLine(value, block.dataStyle)),
  ];
  for (const { at, extra: e } of block.extras) lines.splice(at % (lines.length + 1), 0, extraLine(e));
  return [...lines, ''];
}

function expectedEvents(blocks: readonly Block[]): Expected[] {
  const out: Expected[] = [];
  for (const block of blocks) {
    if (block.kind === 'noise' || (block.dataLines.length === 0 && block.name === undefined)) continue;
    const data = block.dataLines.join('\n');
    out.push({ name: block.name ?? jsonEventName(data) ?? 'message', transportName: block.name, id: block.id, data });
  }
  return out;
}

function jsonEventName(data: string): string | undefined {
  try {
    const parsed = JSON.parse(data) as unknown;
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { event?: unknown }).event : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function serialise(lines: readonly string[], lineEnds: readonly string[], unfinished: string | undefined): string {
  let text = '';
  let previousEnd = '';
  lines.forEach((line, i) => {
    let end = lineEnds[i % lineEnds.length] ?? '\n';
    // CR then an empty line ended by LF would read as one CRLF, swallowing the blank line.
    if (previousEnd === '\r' && line === '' && end === '\n') end = '\r\n';
    text += line + end;
    previousEnd = end;
  });
  return unfinished === undefined ? text : `${text}data: ${unfinished}`;
}

function cutAt(bytes: Uint8Array, cuts: readonly number[], byteAtATime: boolean): Uint8Array[] {
  if (byteAtATime) return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  const offsets = [...new Set(cuts.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  return chunks;
}

describe('SSE decoder framing', () => {
  it('yields the events that were sent, whatever the line ends, BOM and chunk boundaries', () => {
    fc.assert(
      fc.property(streamModel, ({ blocks, unfinished, lineEnds, bom, cuts, byteAtATime }) => {
        const lines = blocks.flatMap(blockLines);
        const text = serialise(lines, lineEnds, unfinished);
        const body = new TextEncoder().encode(text);
        const bytes = bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
        const decoded = decode(cutAt(bytes, cuts, byteAtATime));

        expect(decoded.events.map(({ name: n, transportName, id: i, data }) => ({ name: n, transportName, id: i, data }))).toEqual(expectedEvents(blocks));
        expect(decoded.events.map((event) => event.index)).toEqual(decoded.events.map((_, i) => i));
        expect(decoded.comments).toBe(lines.filter((line) => line.startsWith(':')).length);
        expect(decoded.retries).toEqual(lines.flatMap((line) => (/^retry: \d+$/.test(line) ? [Number(line.slice(7))] : [])));
      }),
      { numRuns: FRAMING_RUNS },
    );
  });
});

describe('SSE decoder examples', () => {
  it("emits Dify's keep-alive `event: ping` with no data line as a ping with empty data", () => {
    const { events } = decodeText('event: ping\n\nevent: ping\ndata:\n\n');
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event).toMatchObject({ name: 'ping', transportName: 'ping', data: '' });
      expect(event).not.toHaveProperty('json');
      expect(event).not.toHaveProperty('jsonError');
    }
  });

  it('drops a block with neither data nor an event name, as the standard says', () => {
    expect(decodeText('event:\n\nid: 7\n\n: only a comment\n\nretry: 10\n\n').events).toEqual([]);
  });

  it('names a data event from its JSON `event` field, and lets an `event:` line win over it', () => {
    const { events } = decodeText('data: {"event":"workflow_started","task_id":"t"}\n\nevent: custom\ndata: {"event":"message"}\n\ndata: {"event":5}\n\n');
    expect(events.map((e) => [e.name, e.transportName])).toEqual([
      ['workflow_started', undefined],
      ['custom', 'custom'],
      ['message', undefined],
    ]);
    expect(events[0]?.json).toEqual({ event: 'workflow_started', task_id: 't' });
  });

  it('gives jsonError, and no json, for data that is not JSON', () => {
    const [event] = decodeText('data: {"event":"message",\n\n').events;
    expect(event?.name).toBe('message');
    expect(event).not.toHaveProperty('json');
    expect(event?.jsonError).toEqual(expect.any(String));
  });

  it('counts comments and reports valid retry values only', () => {
    const decoded = decodeText(': hello\n:\nretry: 1500\nretry: soon\ndata: x\n: between\n\n');
    expect(decoded.comments).toBe(3);
    expect(decoded.retries).toEqual([1500]);
    expect(decoded.events.map((e) => e.data)).toEqual(['x']);
  });

  it('joins multi-line data with LF and keeps the id of each event', () => {
    const { events } = decodeText('id: 1\ndata: a\ndata:\ndata: b\n\ndata: c\n\n');
    expect(events.map((e) => [e.id, e.data])).toEqual([
      ['1', 'a\n\nb'],
      [undefined, 'c'],
    ]);
  });

  it('stamps events with the clock and numbers them in order of arrival', () => {
    const { events } = decodeText('data: 1\n\ndata: 2\n\n');
    expect(events.map((e) => [e.index, e.atMs])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('decodes a character whose bytes are split across chunks, and a BOM split the same way', () => {
    const bytes = new TextEncoder().encode('\ufeffdata: 漢😀\n\n');
    expect(decode(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))).events.map((e) => e.data)).toEqual(['漢😀']);
  });

  it('drops an event the stream ends before its blank line, and a truncated character', () => {
    const bytes = new TextEncoder().encode('data: done\n\ndata: cut 😀');
    expect(decode([bytes.subarray(0, bytes.length - 2)]).events.map((e) => e.data)).toEqual(['done']);
  });

  it('treats a final lone CR as a line end', () => {
    expect(decodeText('data: x\r\r').events.map((e) => e.data)).toEqual(['x']);
  });
});
