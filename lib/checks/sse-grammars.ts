/**
 * What a run's event stream looks like for each app mode, as data
 * (docs/server-behavior.md §7.2; docs/client-behavior.md §3, §7). The seed
 * says only "SSE stream", so every rule here is checked at SHOULD level.
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
  /** Ids that stay the same within one stream. */
  readonly consistentIds: readonly string[];
}

export const KEEP_ALIVE = 'ping';

const WORKFLOW_EVENTS = [
  'workflow_started', 'workflow_finished', 'node_started', 'node_finished', 'node_retry', 'text_chunk', 'text_replace',
  'iteration_started', 'iteration_next', 'iteration_completed', 'loop_started', 'loop_next', 'loop_completed',
  'reasoning_chunk', 'human_input_required', 'workflow_paused', 'human_input_form_filled', 'human_input_form_timeout',
  'tts_message', 'tts_message_end', 'error', KEEP_ALIVE,
];
const MESSAGE_EVENTS = ['message', 'message_end', 'message_file', 'message_replace', 'tts_message', 'tts_message_end', 'reasoning_chunk', 'error', KEEP_ALIVE];

export const STREAM_GRAMMARS: Readonly<Record<AppModeKey, StreamGrammar>> = {
  workflow: {
    first: ['workflow_started', 'error'],
    terminal: 'workflow_finished',
    alsoEnding: ['error', 'workflow_paused'],
    known: WORKFLOW_EVENTS,
    consistentIds: ['task_id', 'workflow_run_id'],
  },
  'advanced-chat': {
    first: ['workflow_started', 'error'],
    // advanced-chat sends workflow_finished and then message_end, which ends the stream.
    terminal: 'message_end',
    alsoEnding: ['error', 'workflow_paused'],
    known: [...WORKFLOW_EVENTS, ...MESSAGE_EVENTS],
    consistentIds: ['task_id', 'workflow_run_id', 'message_id', 'conversation_id'],
  },
  chat: {
    first: ['message', 'message_file', 'message_replace', 'reasoning_chunk', 'error'],
    terminal: 'message_end',
    alsoEnding: ['error'],
    known: MESSAGE_EVENTS,
    consistentIds: ['task_id', 'message_id', 'conversation_id'],
  },
  completion: {
    first: ['message', 'message_file', 'message_replace', 'reasoning_chunk', 'error'],
    terminal: 'message_end',
    alsoEnding: ['error'],
    known: MESSAGE_EVENTS,
    consistentIds: ['task_id', 'message_id'],
  },
  'agent-chat': {
    first: ['agent_thought', 'agent_message', 'message', 'message_file', 'error'],
    terminal: 'message_end',
    alsoEnding: ['error'],
    known: [...MESSAGE_EVENTS, 'agent_thought', 'agent_message'],
    consistentIds: ['task_id', 'message_id', 'conversation_id'],
  },
};
