/**
 * Human-input forms: a workflow that pauses at a human-input node, its form,
 * the submission and the resumed run (docs/server-behavior.md §6.5, §7.3;
 * docs/client-behavior.md §3).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import { client, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export interface PauseInput {
  readonly events: readonly SseEvent[];
  readonly end: string;
}

function names(events: readonly SseEvent[]): string {
  return events.map((e) => e.name).join(', ');
}

export const pauseAnnounced = defineCheck<PauseInput>(
  {
    id: 'forms.pause-announced',
    area: 'forms',
    statement:
      'A run that reaches a human-input node sends, before any workflow_paused, human_input_required with its workflow_run_id and data.form_token (a string, or null for a form delivered elsewhere).',
    basis: [
      client(
        '§3',
        'human_input_required with form_token and workflow_run_id is what the CLI prints as the paused run and its resume hint; a bare workflow_paused is an error to it',
      ),
      server('§7.2'),
    ],
  },
  ({ events }) => {
    const required = events.find((e) => e.name === 'human_input_required');
    const paused = events.find((e) => e.name === 'workflow_paused');
    if (required === undefined || (paused !== undefined && paused.index < required.index)) {
      return [
        {
          message: paused === undefined ? 'the run sent no human_input_required' : 'workflow_paused came before any human_input_required',
          expected: 'human_input_required before workflow_paused',
          observed: names(events),
        },
      ];
    }
    const body = (required.json ?? {}) as { workflow_run_id?: unknown; data?: { form_token?: unknown } };
    const token = body.data?.form_token;
    const problems = [
      ...(typeof body.workflow_run_id === 'string' && body.workflow_run_id !== '' ? [] : ['no workflow_run_id']),
      ...((typeof token === 'string' && token !== '') || token === null ? [] : ['no data.form_token (a string, or null)']),
    ];
    if (problems.length === 0) return [];
    return [
      {
        message: `human_input_required has ${problems.join(' and ')}`,
        expected: '{"workflow_run_id": "…", "data": {"form_token": "…" | null}}',
        observed: required.data.slice(0, 300),
      },
    ];
  },
);

export const pauseEndsStream = defineCheck<PauseInput>(
  {
    id: 'forms.pause-ends-stream',
    area: 'forms',
    statement: 'After human_input_required a pausing run sends workflow_paused, and the server closes the stream.',
    basis: [server('§7.2', 'workflow_paused ends a workflow stream at a human-input pause')],
  },
  ({ events, end }) => {
    const out: Violation[] = [];
    const required = events.find((e) => e.name === 'human_input_required');
    const paused = events.find((e) => e.name === 'workflow_paused' && (required === undefined || e.index > required.index));
    if (paused === undefined) out.push({ message: 'no workflow_paused after human_input_required', expected: 'workflow_paused', observed: names(events) });
    if (end !== 'closed') out.push({ message: `the paused stream was not closed (read ended: ${end})`, expected: 'closed', observed: end });
    return out;
  },
);

type FormBody = Record<string, unknown>;

export const definitionShape = defineCheck<AnsweredExchange>(
  {
    id: 'forms.definition',
    area: 'forms',
    statement: 'GET of a pending form answers 200 with user_actions, an array of actions that each have a string id.',
    basis: [
      seed('#/paths/~1apps~1{app_id}~1form~1human_input~1{form_token}/get/responses/200'),
      client('§3', 'without --action the CLI reads the form and submits its single user_actions[].id'),
      server('§6.5'),
    ],
  },
  (exchange) => {
    const actions = ((exchange.response.json ?? {}) as FormBody)['user_actions'];
    const valid = Array.isArray(actions) && actions.every((a) => typeof (a as { id?: unknown } | null)?.id === 'string');
    if (exchange.response.status === 200 && valid) return [];
    return [
      {
        message: `the form answered ${exchange.response.status} without user_actions of {id}`,
        expected: '200 {"user_actions": [{"id": "…"}, …]}',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const definitionFields = defineCheck<AnsweredExchange>(
  {
    id: 'forms.definition-fields',
    area: 'forms',
    statement:
      'GET of a pending form gives its form_content (a string), inputs (an array), resolved_default_values (an object of strings) and expiration_time (an integer).',
    basis: [server('§6.5', 'form_content, inputs, resolved_default_values, user_actions, expiration_time')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const b = (exchange.response.json ?? {}) as FormBody;
    const defaults = b['resolved_default_values'];
    const problems = [
      ...(typeof b['form_content'] === 'string' ? [] : ['form_content is not a string']),
      ...(Array.isArray(b['inputs']) ? [] : ['inputs is not an array']),
      ...(typeof defaults === 'object' && defaults !== null && !Array.isArray(defaults) && Object.values(defaults).every((v) => typeof v === 'string')
        ? []
        : ['resolved_default_values is not an object of strings']),
      ...(Number.isInteger(b['expiration_time']) ? [] : ['expiration_time is not an integer']),
    ];
    if (problems.length === 0) return [];
    return [
      {
        message: `the form definition: ${problems.join('; ')}`,
        expected: '{form_content, inputs[], resolved_default_values{}, user_actions[], expiration_time}',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const tokenBoundToApp = defineCheck<AnsweredExchange>(
  {
    id: 'forms.token-bound-to-app',
    area: 'forms',
    statement: 'GET of a pending form under another app than the one whose run opened it answers 404.',
    basis: [server('§6.5', 'a form of another app → 404 form_not_found')],
  },
  (exchange) => {
    const { status } = exchange.response;
    if (status === 404) return [];
    return [
      { message: `the form was answered ${status} under another app`, expected: '404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` },
    ];
  },
);

export const submitAccepted = defineCheck<AnsweredExchange>(
  {
    id: 'forms.submit-accepted',
    area: 'forms',
    statement: 'Submitting a pending form with one of its actions and its inputs answers 200 {}.',
    basis: [seed('#/components/schemas/FormSubmitResponse'), client('§3', 'the submit answer is {}')],
  },
  (exchange) => {
    if (exchange.response.status === 200) return [];
    return [{ message: `submitting the form answered ${exchange.response.status}`, expected: '200 {}', observed: exchange.response.bodyText.slice(0, 300) }];
  },
);

export const resumeFinishes = defineCheck<readonly SseEvent[]>(
  {
    id: 'forms.resume-finishes',
    area: 'forms',
    statement: 'After the form is submitted, the events of the run end with workflow_finished.',
    basis: [client('§3', "after submitting, the CLI reads the run's events and shows its workflow_finished"), server('§7.3')],
  },
  (events) => {
    const last = events.filter((e) => e.name !== 'ping').at(-1);
    if (last?.name === 'workflow_finished') return [];
    return [
      { message: `the resumed run ended with ${last?.name ?? 'no event'}`, expected: 'workflow_finished', observed: events.map((e) => e.name).join(', ') },
    ];
  },
);

export interface HistoryInput {
  /** The nodes the run finished before it paused, from its own stream. */
  readonly executedNodes: readonly string[];
  readonly events: readonly SseEvent[];
}

function nodeIdOf(e: SseEvent): unknown {
  return (e.json as { data?: { node_id?: unknown } } | undefined)?.data?.node_id;
}

/** The node ids whose node_finished came before the pause, in a run's stream. */
export function nodesFinishedBeforePause(events: readonly SseEvent[]): string[] {
  const pause = events.find((e) => e.name === 'human_input_required');
  const ids = events.filter((e) => e.name === 'node_finished' && (pause === undefined || e.index < pause.index)).map(nodeIdOf);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

export const resumeWithHistory = defineCheck<HistoryInput>(
  {
    id: 'forms.resume-with-history',
    area: 'forms',
    statement: 'GET …/tasks/{run_id}/events?include_state_snapshot=true of a resumed run replays the node events of the nodes it executed before the pause.',
    basis: [
      client('§3', 'difyctl resume --with-history asks for include_state_snapshot=true to show the nodes run before the pause'),
      server('§7.3', "include_state_snapshot=true first replays each executed node's state"),
    ],
  },
  ({ executedNodes, events }) => {
    const replayed = new Set(events.filter((e) => e.name === 'node_started' || e.name === 'node_finished').map(nodeIdOf));
    const missing = executedNodes.filter((id) => !replayed.has(id));
    if (missing.length === 0) return [];
    return [
      {
        message: `the snapshot replayed no node event of ${missing.join(', ')}`,
        expected: `node events of ${executedNodes.join(', ')}`,
        observed: events
          .map((e) => e.name)
          .slice(0, 12)
          .join(', '),
      },
    ];
  },
);

export const secondSubmitRefused = defineCheck<AnsweredExchange>(
  {
    id: 'forms.second-submit-refused',
    area: 'forms',
    statement: 'Submitting the same form a second time is refused with 412 human_input_form_submitted, as the server documents it.',
    basis: [server('§6.5', 'already submitted: 412 human_input_form_submitted')],
  },
  (exchange) => {
    if (exchange.response.status === 412) return [];
    return [{ message: `a second submission answered ${exchange.response.status}`, expected: '412', observed: exchange.response.bodyText.slice(0, 300) }];
  },
);
