/**
 * What a run's event stream looks like for each app mode, as data
 * (docs/server-behavior.md §7.2; docs/client-behavior.md §3, §7). The seed
 * says only "SSE stream"; each check that reads a grammar states its own basis.
 */
import type { AppModeKey } from '../config/load-config.ts';

export interface StreamGrammar {
  /** Events the first non-keep-alive event may be. */
  readonly first: readonly string[];
  /** The event that ends a complete stream of this mode. */
  readonly terminal: string;
  /** Other events that end a stream: an error, or a pause at a human-input node. */
  readonly alsoEnding: readonly string[];
  /** Events this mode is known to send; others are tolerated and only noted. */
  readonly known: readonly string[];
  /** Ids besides task_id that stay the same within one stream. */
  readonly runIds: readonly string[];
  /** Which events carry which of the run's ids besides task_id (docs/server-behavior.md §7.2). */
  readonly carries: readonly IdsCarried[];
}

export interface IdsCarried {
  readonly ids: readonly string[];
  readonly on: readonly string[];
}

export const KEEP_ALIVE = 'ping';

const WORKFLOW_EVENTS = [
  'workflow_started',
  'workflow_finished',
  'node_started',
  'node_finished',
  'node_retry',
  'text_chunk',
  'text_replace',
  'iteration_started',
  'iteration_next',
  'iteration_completed',
  'loop_started',
  'loop_next',
  'loop_completed',
  'reasoning_chunk',
  'human_input_required',
  'workflow_paused',
  'human_input_form_filled',
  'human_input_form_timeout',
  'tts_message',
  'tts_message_end',
  'error',
  KEEP_ALIVE,
];
/** The workflow events whose payloads §7.2 describes, which carry the workflow run's id. */
const WORKFLOW_RUN_EVENTS = ['workflow_started', 'workflow_finished', 'node_started', 'node_finished', 'human_input_required', 'workflow_paused'];
const MESSAGE_EVENTS = ['message', 'message_end', 'message_file', 'message_replace', 'tts_message', 'tts_message_end', 'reasoning_chunk', 'error', KEEP_ALIVE];

export const STREAM_GRAMMARS: Readonly<Record<AppModeKey, StreamGrammar>> = {
  workflow: {
    first: ['workflow_started', 'error'],
    terminal: 'workflow_finished',
    alsoEnding: ['error', 'workflow_paused'],
    known: WORKFLOW_EVENTS,
    runIds: ['workflow_run_id'],
    carries: [{ ids: ['workflow_run_id'], on: WORKFLOW_RUN_EVENTS }],
  },
  'advanced-chat': {
    first: ['workflow_started', 'error'],
    // advanced-chat sends workflow_finished and then message_end, which ends the stream.
    terminal: 'message_end',
    alsoEnding: ['error', 'workflow_paused'],
    known: [...WORKFLOW_EVENTS, ...MESSAGE_EVENTS],
    runIds: ['workflow_run_id', 'message_id', 'conversation_id'],
    carries: [
      { ids: ['workflow_run_id'], on: WORKFLOW_RUN_EVENTS },
      { ids: ['conversation_id', 'message_id'], on: ['message', 'message_end'] },
    ],
  },
  chat: {
    first: ['message', 'message_file', 'message_replace', 'reasoning_chunk', 'error'],
    terminal: 'message_end',
    alsoEnding: ['error'],
    known: MESSAGE_EVENTS,
    runIds: ['message_id', 'conversation_id'],
    carries: [{ ids: ['conversation_id', 'message_id'], on: ['message', 'message_end'] }],
  },
  completion: {
    first: ['message', 'message_file', 'message_replace', 'reasoning_chunk', 'error'],
    terminal: 'message_end',
    alsoEnding: ['error'],
    known: MESSAGE_EVENTS,
    runIds: ['message_id'],
    carries: [{ ids: ['message_id'], on: ['message', 'message_end'] }],
  },
  'agent-chat': {
    first: ['agent_thought', 'agent_message', 'message', 'message_file', 'error'],
    terminal: 'message_end',
    alsoEnding: ['error'],
    known: [...MESSAGE_EVENTS, 'agent_thought', 'agent_message'],
    runIds: ['message_id', 'conversation_id'],
    carries: [{ ids: ['conversation_id', 'message_id'], on: ['agent_message', 'message', 'message_end'] }],
  },
};
