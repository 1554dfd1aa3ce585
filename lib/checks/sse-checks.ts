/**
 * The event streams of runs, judged event by event (docs/server-behavior.md
 * §7.2). The seed types the run answer only as "SSE stream": what the official
 * client reads from a stream (docs/client-behavior.md §3) is MUST, the rest of
 * the documented behaviour SHOULD.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import { client, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';
import { KEEP_ALIVE, type StreamGrammar } from './sse-grammars.ts';

export interface StreamInput {
  readonly events: readonly SseEvent[];
  readonly grammar: StreamGrammar;
  /** How the read ended: 'closed' when the server closed the stream. */
  readonly end: string;
}

function dataEvents(events: readonly SseEvent[]): SseEvent[] {
  return events.filter((e) => e.name !== KEEP_ALIVE);
}

function describe(e: SseEvent | undefined): string {
  return e === undefined ? '(none)' : `#${e.index} ${e.name}`;
}

export const eventJson = defineCheck<StreamInput>(
  {
    id: 'sse.event-json',
    area: 'sse',
    statement: 'Every event of a run stream other than keep-alives carries a JSON object as its data.',
    basis: [client('§3', 'an event whose data is not JSON has no name and is not folded'), standard('RFC 8259 §2'), server('§7.2')],
  },
  ({ events }) => {
    const bad = dataEvents(events).find((e) => e.json === null || typeof e.json !== 'object' || Array.isArray(e.json));
    if (bad === undefined) return [];
    return [{ message: `event ${describe(bad)} has data that is not a JSON object`, expected: 'data: {"event": …}', observed: bad.data.slice(0, 200) }];
  },
);

export const firstEvent = defineCheck<StreamInput>(
  {
    id: 'sse.first-event',
    area: 'sse',
    statement: 'The first event of a run stream after keep-alives is one its app mode starts with.',
    basis: [server('§7.2', 'the typical order of each mode')],
  },
  ({ events, grammar }) => {
    const first = dataEvents(events)[0];
    if (first === undefined) return [{ message: 'the stream carried no event but keep-alives', expected: grammar.first.join(' or '), observed: '(no event)' }];
    if (grammar.first.includes(first.name)) return [];
    return [{ message: `the stream starts with ${first.name}`, expected: grammar.first.join(' or '), observed: first.name }];
  },
);

export const singleTerminal = defineCheck<StreamInput>(
  {
    id: 'sse.single-terminal',
    area: 'sse',
    statement: 'A run stream ends with exactly one terminal event of its mode (or an error, or a pause), after which only keep-alives come.',
    basis: [client('§3', "the CLI shows a run's result from its terminal event, and a late event changes what it reports"), server('§7.2')],
  },
  ({ events, grammar }) => {
    const data = dataEvents(events);
    const ending = new Set([grammar.terminal, ...grammar.alsoEnding]);
    const endings = data.filter((e) => ending.has(e.name));
    const out: Violation[] = [];
    if (endings.length === 0) {
      out.push({
        message: `the stream has no ${grammar.terminal} (nor an error or a pause)`,
        expected: `one ${grammar.terminal}`,
        observed: `last event ${describe(data.at(-1))}`,
      });
    } else {
      const firstEnd = endings[0];
      const after = data.filter((e) => firstEnd !== undefined && e.index > firstEnd.index);
      if (after.length > 0)
        out.push({
          message: `events follow the terminal event ${describe(firstEnd)}`,
          expected: 'only keep-alives after the terminal event',
          observed: after.map(describe).slice(0, 5).join(', '),
        });
    }
    return out;
  },
);

export const closesAfterTerminal = defineCheck<StreamInput>(
  {
    id: 'sse.closes-after-terminal',
    area: 'sse',
    statement: 'The server closes a run stream soon after its terminal event.',
    basis: [client('§3', 'the CLI reads until the server closes the stream'), server('§7.2')],
  },
  ({ end }) => {
    if (end === 'closed') return [];
    return [
      { message: `the stream did not close after its terminal event (read ended: ${end})`, expected: 'the connection closed by the server', observed: end },
    ];
  },
);

function nodeKey(e: SseEvent): string | undefined {
  const data = (e.json as { data?: { node_id?: unknown; id?: unknown } } | undefined)?.data;
  const id = data?.node_id ?? data?.id;
  return typeof id === 'string' ? id : undefined;
}

export const nodePairing = defineCheck<StreamInput>(
  {
    id: 'sse.node-pairing',
    area: 'sse',
    statement: 'Every node_finished follows a node_started of the same node, and a finished run leaves no node unfinished.',
    basis: [server('§7.2', 'node_started … node_finished per node')],
  },
  ({ events, grammar }) => {
    const open = new Map<string, number>();
    const out: Violation[] = [];
    for (const e of dataEvents(events)) {
      if (e.name !== 'node_started' && e.name !== 'node_finished') continue;
      const key = nodeKey(e) ?? '(no node id)';
      const count = open.get(key) ?? 0;
      if (e.name === 'node_started') open.set(key, count + 1);
      else if (count === 0)
        out.push({
          message: `node_finished for ${key} (${describe(e)}) without a node_started before it`,
          expected: 'node_started first',
          observed: describe(e),
        });
      else open.set(key, count - 1);
    }
    const finished = dataEvents(events).some((e) => e.name === grammar.terminal || e.name === 'workflow_finished');
    const unfinished = [...open].filter(([, n]) => n > 0).map(([k]) => k);
    if (finished && unfinished.length > 0)
      out.push({
        message: `nodes started but never finished: ${unfinished.join(', ')}`,
        expected: 'a node_finished for every node_started',
        observed: unfinished.join(', '),
      });
    return out;
  },
);

function firstChange(events: readonly SseEvent[], fields: readonly string[]): Violation | undefined {
  const seen = new Map<string, string>();
  for (const e of dataEvents(events)) {
    const body = (e.json ?? {}) as Record<string, unknown>;
    for (const field of fields) {
      const value = body[field];
      if (typeof value !== 'string' || value === '') continue;
      const first = seen.get(field);
      if (first === undefined) seen.set(field, value);
      else if (first !== value) return { message: `${field} changes within the stream at ${describe(e)}`, expected: first, observed: value };
    }
  }
  return undefined;
}

export const idsConsistent = defineCheck<StreamInput>(
  {
    id: 'sse.ids-consistent',
    area: 'sse',
    statement: 'task_id keeps one value within a run stream.',
    basis: [
      client('§3', 'on interrupt the CLI stops the run with the last task_id seen in any event; a task_id that changes makes it stop another id'),
      server('§7.2', "every event carries the run's task_id"),
    ],
  },
  ({ events }) => {
    const change = firstChange(events, ['task_id']);
    return change === undefined ? [] : [change];
  },
);

export const runIdsConsistent = defineCheck<StreamInput>(
  {
    id: 'sse.run-ids-consistent',
    area: 'sse',
    statement: 'workflow_run_id, message_id and conversation_id keep one value within a run stream.',
    basis: [server('§7.2', "every event carries the run's ids")],
  },
  ({ events, grammar }) => {
    const change = firstChange(events, grammar.runIds);
    return change === undefined ? [] : [change];
  },
);

/** Error events carry the run's other ids but no task_id (docs/server-behavior.md §7.2: `{event, <ids>, status, code, message}`). */
function carriesTaskId(e: SseEvent): boolean {
  const value = (e.json as { task_id?: unknown } | null | undefined)?.task_id;
  return e.name === 'error' || (typeof value === 'string' && value !== '');
}

export const eventsCarryIds = defineCheck<StreamInput>(
  {
    id: 'sse.events-carry-ids',
    area: 'sse',
    statement: "Every data event of a run stream other than an error event carries the run's task_id.",
    basis: [
      client('§3', 'the CLI stops a run with the task_id it has seen in the stream, so a stream without task_id cannot be stopped'),
      server('§7.2', 'every workflow-family and chat-family event carries task_id'),
    ],
  },
  ({ events }) => {
    const data = dataEvents(events);
    const without = data.filter((e) => !carriesTaskId(e));
    if (without.length === 0) return [];
    return [
      {
        message: `${without.length} of ${data.length} events carry no task_id, the first ${describe(without[0])}`,
        expected: 'a non-empty string task_id on every event',
        observed: without.map(describe).slice(0, 5).join(', '),
      },
    ];
  },
);

export const eventsCarryRunIds = defineCheck<StreamInput>(
  {
    id: 'sse.events-carry-run-ids',
    area: 'sse',
    statement: 'The workflow events of a run stream carry workflow_run_id, and the message events conversation_id and message_id, as their mode sends them.',
    basis: [server('§7.2', 'workflow-family events carry workflow_run_id; chat-family events carry conversation_id and message_id')],
  },
  ({ events, grammar }) => {
    for (const e of dataEvents(events)) {
      const body = (e.json ?? {}) as Record<string, unknown>;
      for (const { ids, on } of grammar.carries) {
        if (!on.includes(e.name)) continue;
        const missing = ids.filter((id) => typeof body[id] !== 'string' || body[id] === '');
        if (missing.length > 0)
          return [{ message: `${describe(e)} carries no ${missing.join(', ')}`, expected: ids.join(', '), observed: e.data.slice(0, 200) }];
      }
    }
    return [];
  },
);

export const errorEventShape = defineCheck<readonly SseEvent[]>(
  {
    id: 'sse.error-event-shape',
    area: 'sse',
    statement: 'An error event of a run stream carries a string message, and an integer status when it gives one.',
    basis: [
      client('§3', "the CLI shows an error event's message and classifies it by its status"),
      server('§7.2', 'error event payload {event, <ids>, status, code, message}'),
    ],
  },
  (events) => {
    const out: Violation[] = [];
    for (const e of events.filter((candidate) => candidate.name === 'error')) {
      const body = (e.json ?? {}) as { message?: unknown; status?: unknown };
      const problems = [
        ...(typeof body.message === 'string' && body.message !== '' ? [] : ['no string message']),
        ...(body.status === undefined || Number.isInteger(body.status) ? [] : ['a status that is not an integer']),
      ];
      if (problems.length > 0)
        out.push({
          message: `error event ${describe(e)} has ${problems.join(' and ')}`,
          expected: '{"event": "error", "message": "…", "status": <int>?}',
          observed: e.data.slice(0, 200),
        });
    }
    return out;
  },
);

export const eventsNamed = defineCheck<StreamInput>(
  {
    id: 'sse.events-named',
    area: 'sse',
    statement: 'Every event of a run stream other than keep-alives names itself: with an event: field, or a string "event" in its JSON data.',
    basis: [
      client('§3', 'the CLI takes an event\'s name from the event: field, else from the JSON "event"; an event without either is left unnamed and not folded'),
      server('§7.2', 'data events carry "event" in their JSON'),
    ],
  },
  ({ events }) => {
    const unnamed = dataEvents(events).find((e) => (e.transportName ?? '') === '' && !hasJsonName(e));
    if (unnamed === undefined) return [];
    return [
      {
        message: `event ${describe(unnamed)} has neither an event: field nor a string "event" in its data`,
        expected: 'data: {"event": "<name>", …} or an event: line',
        observed: unnamed.data.slice(0, 200),
      },
    ];
  },
);

function hasJsonName(e: SseEvent): boolean {
  const name = (e.json as { event?: unknown } | null | undefined)?.event;
  return typeof name === 'string' && name !== '';
}

/**
 * Event names the grammar of the mode does not list. Servers add events over time (§12.7) and the
 * client ignores names it does not know, so these are information for the report, never a verdict.
 */
export function unlistedEventNames(events: readonly SseEvent[], grammar: StreamGrammar): string[] {
  return [...new Set(events.map((e) => e.name).filter((n) => !grammar.known.includes(n)))];
}

export interface PayloadInput {
  readonly events: readonly SseEvent[];
  /** Schema errors of a value against a named schema ('#/components/schemas/WorkflowRunData', …). */
  readonly schemaErrors: (schemaRef: string, value: unknown) => readonly string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const payloadShapes = defineCheck<PayloadInput>(
  {
    id: 'sse.payload-shapes',
    area: 'sse',
    statement:
      'workflow_finished carries data with a string status and its outputs (an object or null), message and agent_message a string answer, and message_end an object as its metadata when it has one.',
    basis: [
      client(
        '§3',
        'the CLI shows workflow_finished data.outputs as the result and judges data.status, folds the answer of message and agent_message events, and takes metadata from message_end',
      ),
      server('§7.2', 'event payloads'),
    ],
  },
  ({ events }) => {
    const out: Violation[] = [];
    for (const e of dataEvents(events)) {
      const body = (e.json ?? {}) as Record<string, unknown>;
      const data = body['data'];
      let errors: string[] = [];
      if (e.name === 'workflow_finished') {
        if (!isObject(data)) errors = ['data must be an object'];
        else {
          if (typeof data['status'] !== 'string') errors.push('data.status must be a string');
          if (!('outputs' in data) || (data['outputs'] !== null && !isObject(data['outputs']))) errors.push('data.outputs must be an object or null');
        }
      } else if ((e.name === 'message' || e.name === 'agent_message') && typeof body['answer'] !== 'string') errors = ['answer must be a string'];
      else if (e.name === 'message_end' && body['metadata'] !== undefined && !isObject(body['metadata'])) errors = ['metadata must be an object'];
      if (errors.length > 0) {
        out.push({
          message: `${describe(e)} lacks what the client reads: ${errors.join('; ')}`,
          expected: `the ${e.name} payload the client reads`,
          observed: e.data.slice(0, 300),
        });
        if (out.length >= 3) break;
      }
    }
    return out;
  },
);

export const payloadDetails = defineCheck<PayloadInput>(
  {
    id: 'sse.payload-details',
    area: 'sse',
    statement:
      'workflow_finished data is a WorkflowRunData, message_end metadata a MessageMetadata, workflow_started and node_started data carry their ids, and node_finished data a string status.',
    basis: [server('§7.2', 'event payloads'), server('§12.7')],
  },
  ({ events, schemaErrors }) => {
    const out: Violation[] = [];
    for (const e of dataEvents(events)) {
      const body = (e.json ?? {}) as Record<string, unknown>;
      const data = body['data'] as Record<string, unknown> | undefined;
      let errors: readonly string[] = [];
      if (e.name === 'workflow_finished') errors = schemaErrors('#/components/schemas/WorkflowRunData', data);
      else if (e.name === 'message_end' && body['metadata'] !== undefined) errors = schemaErrors('#/components/schemas/MessageMetadata', body['metadata']);
      else if (e.name === 'workflow_started' && (typeof data?.['id'] !== 'string' || typeof data['workflow_id'] !== 'string'))
        errors = ['data.id and data.workflow_id must be strings'];
      else if (e.name === 'node_started' && (typeof data?.['id'] !== 'string' || typeof data['node_id'] !== 'string'))
        errors = ['data.id and data.node_id must be strings'];
      else if (e.name === 'node_finished' && typeof data?.['status'] !== 'string') errors = ['data.status must be a string'];
      if (errors.length > 0) {
        out.push({
          message: `${describe(e)} does not have the documented shape: ${errors.join('; ')}`,
          expected: `the documented ${e.name} payload`,
          observed: e.data.slice(0, 300),
        });
        if (out.length >= 3) break;
      }
    }
    return out;
  },
);

export const advancedChatFinishesWorkflow = defineCheck<StreamInput>(
  {
    id: 'sse.advanced-chat-finishes-workflow',
    area: 'sse',
    statement: 'An advanced-chat run stream sends workflow_finished before its message_end.',
    basis: [server('§7.2', 'advanced-chat sends workflow_finished then message_end')],
  },
  ({ events }) => {
    const data = dataEvents(events);
    const end = data.find((e) => e.name === 'message_end');
    if (end === undefined || data.some((e) => e.name === 'workflow_finished' && e.index < end.index)) return [];
    return [
      {
        message: `the advanced-chat stream reached message_end (${describe(end)}) without a workflow_finished`,
        expected: 'workflow_finished, then message_end',
        observed: data
          .map((e) => e.name)
          .slice(-5)
          .join(', '),
      },
    ];
  },
);

export const notCached = defineCheck<AnsweredExchange>(
  {
    id: 'sse.not-cached',
    area: 'sse',
    statement: 'The event stream of GET …/tasks/{task_id}/events is sent with Cache-Control no-cache (or no-store).',
    basis: [server('§7.3', 'headers: Content-Type text/event-stream, Cache-Control no-cache')],
  },
  (exchange) => {
    const text = exchange.response.headers['cache-control'] ?? '';
    if (/\bno-(cache|store)\b/i.test(text)) return [];
    return [
      {
        message: `the event stream was sent with Cache-Control ${text === '' ? '(none)' : JSON.stringify(text)}`,
        expected: 'no-cache or no-store',
        observed: text === '' ? '(none)' : text,
      },
    ];
  },
);

/** The stream checks that judge a complete run of any mode. */
export const STREAM_CHECKS = [
  eventJson,
  eventsNamed,
  firstEvent,
  singleTerminal,
  closesAfterTerminal,
  nodePairing,
  idsConsistent,
  runIdsConsistent,
  eventsCarryIds,
  eventsCarryRunIds,
] as const;
