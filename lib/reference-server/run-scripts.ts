// What a run streams, per app mode (docs/server-behavior.md §7.2,
// docs/client-behavior.md §3): workflow events with node pairs and text
// chunks, chat messages, agent thoughts, and the human-input pause. Payloads
// are the "full" converter's: whether OpenAPI gets the full or the simple one
// is UNKNOWN.
import type { FaultSwitches } from './faults.ts';
import { StopSignal } from './run-registry.ts';
import type { FormSubmission, Run } from './run-registry.ts';
import { playGraphExtras, playMessageFile, playModerationReplace, playReasoning, playSpeech } from './stream-extras.ts';
import type { NodeSpec } from './stream-player.ts';
import { epochSeconds } from './time.ts';

export type { NodeSpec } from './stream-player.ts';

export const REVIEW_FORM = {
  nodeId: 'review',
  nodeTitle: 'Manager review',
  inputs: [{ output_variable_name: 'comment', type: 'paragraph', label: 'Comment for the employee', default: { type: 'constant', value: '' } }],
  actions: [
    { id: 'approve', title: 'Approve', button_style: 'primary' },
    { id: 'reject', title: 'Reject', button_style: 'default' },
  ],
  resolvedDefaults: { comment: '' },
};

export function reviewFormContent(inputs: Record<string, unknown>): string {
  const employee = typeof inputs.employee === 'string' ? inputs.employee : 'an employee';
  const amount = inputs.amount === undefined ? 'an unstated amount' : `EUR ${String(inputs.amount)}`;
  return `Expense claim from ${employee} for ${amount}. Approve or reject it, and leave a comment for the employee: {{#$output.comment#}}`;
}

export interface OpenedForm {
  formId: string;
  token: string;
  expiresAt: number;
}

export interface ScriptContext {
  delayMs: number;
  faults: FaultSwitches;
  /** Streams carry every event kind a real graph produces (realistic profile). */
  allEventKinds: boolean;
  /** Registers the human-input form of a paused run. */
  openForm(run: Run): OpenedForm;
  nextId(kind: string): string;
}

function words(text: string): string[] {
  return text.split(/(?<= )/);
}

/** Builds the payloads of one run so ids and timestamps stay consistent across the stream. */
export class Narrator {
  private nodeIndex = 0;
  private readonly started = new Map<string, { executionId: string; at: number; index: number; predecessor: string | null }>();
  private lastNode: string | null = null;
  private steps = 0;

  constructor(
    private readonly run: Run,
    private readonly context: ScriptContext,
  ) {}

  get info() {
    return this.run.info;
  }

  /** The execution id of a node's latest start, once it has started. */
  executionOf(nodeId: string): string | undefined {
    return this.started.get(nodeId)?.executionId;
  }

  workflowBase(): Record<string, unknown> {
    const base: Record<string, unknown> = { task_id: this.info.taskId, workflow_run_id: this.info.workflowRunId };
    if (this.info.app.mode === 'advanced-chat') {
      base.conversation_id = this.info.conversationId;
      base.message_id = this.info.messageId;
    }
    return base;
  }

  messageBase(): Record<string, unknown> {
    return {
      task_id: this.info.taskId,
      id: this.info.messageId,
      message_id: this.info.messageId,
      conversation_id: this.info.conversationId,
      created_at: epochSeconds(this.info.createdAt),
    };
  }

  workflowStarted(): Record<string, unknown> {
    return {
      event: 'workflow_started',
      ...this.workflowBase(),
      data: {
        id: this.info.workflowRunId,
        workflow_id: this.info.workflowId,
        inputs: this.info.inputs,
        created_at: epochSeconds(this.info.createdAt),
      },
    };
  }

  /** The ids a node event carries, as the faults that drop some of them leave them. */
  private nodeBase(event: 'node_started' | 'node_finished'): Record<string, unknown> {
    const { task_id: taskId, workflow_run_id: runId, ...rest } = this.workflowBase();
    const faults = this.context.faults;
    return {
      ...(faults.has('sse-events-without-task-id') ? {} : { task_id: taskId }),
      ...(event === 'node_started' && faults.has('sse-events-without-run-id') ? {} : { workflow_run_id: runId }),
      ...rest,
    };
  }

  /** `within` names the iteration, loop or parallel branch the node runs in. */
  nodeStarted(node: NodeSpec, within: Record<string, unknown> = {}): Record<string, unknown> {
    this.nodeIndex += 1;
    const entry = { executionId: this.context.nextId('node-execution'), at: Date.now(), index: this.nodeIndex, predecessor: this.lastNode };
    this.started.set(node.id, entry);
    this.lastNode = node.id;
    return {
      event: 'node_started',
      ...this.nodeBase('node_started'),
      data: {
        id: entry.executionId,
        node_id: node.id,
        node_type: node.type,
        title: node.title,
        index: entry.index,
        predecessor_node_id: entry.predecessor,
        inputs: node.type === 'start' ? this.info.inputs : null,
        created_at: epochSeconds(entry.at),
        extras: {},
        ...within,
      },
    };
  }

  nodeFinished(node: NodeSpec, outputs: Record<string, unknown>, within: Record<string, unknown> = {}): Record<string, unknown> {
    const entry = this.started.get(node.id);
    const now = Date.now();
    this.steps += 1;
    return {
      event: 'node_finished',
      ...this.nodeBase('node_finished'),
      data: {
        id: entry?.executionId,
        node_id: node.id,
        node_type: node.type,
        title: node.title,
        index: entry?.index,
        predecessor_node_id: entry?.predecessor ?? null,
        inputs: node.type === 'start' ? this.info.inputs : null,
        process_data: null,
        outputs,
        ...(this.context.faults.has('sse-node-finished-without-status') ? {} : { status: 'succeeded' }),
        error: null,
        elapsed_time: (now - (entry?.at ?? now)) / 1000,
        execution_metadata: node.type === 'llm' ? { total_tokens: this.tokens().total_tokens } : null,
        created_at: epochSeconds(entry?.at ?? now),
        finished_at: epochSeconds(now),
        files: [],
        ...within,
      },
    };
  }

  textChunk(text: string): Record<string, unknown> {
    return { event: 'text_chunk', ...this.workflowBase(), data: { text, from_variable_selector: ['llm', 'text'] } };
  }

  tokens(): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
    const prompt = 48 + JSON.stringify(this.info.inputs).length + this.info.query.length;
    const completion = 12 + (this.info.query.length % 17);
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  }

  workflowFinished(status: 'succeeded' | 'stopped', outputs: Record<string, unknown>): Record<string, unknown> {
    const now = Date.now();
    const faults = this.context.faults;
    return {
      event: 'workflow_finished',
      ...this.workflowBase(),
      ...(faults.has('sse-task-id-changes') ? { task_id: this.info.workflowRunId } : {}),
      data: {
        id: this.info.workflowRunId,
        ...(faults.has('sse-finished-without-status') ? {} : { workflow_id: this.info.workflowId, status }),
        outputs,
        error: status === 'stopped' ? 'Stopped by user.' : null,
        elapsed_time: (now - this.info.createdAt) / 1000,
        total_tokens: this.tokens().total_tokens,
        total_steps: this.steps,
        created_by: this.info.createdBy,
        created_at: epochSeconds(this.info.createdAt),
        finished_at: epochSeconds(now),
        exceptions_count: 0,
        files: [],
      },
    };
  }

  message(answer: string, event: 'message' | 'agent_message' = 'message'): Record<string, unknown> {
    return { event, ...this.messageBase(), answer };
  }

  /** A failure of the model in the middle of the answer, as the converter writes it (docs/server-behavior.md §7.2). */
  error(code: string, status: number, message: string): Record<string, unknown> {
    const { id: _id, created_at: _createdAt, task_id: _taskId, ...ids } = this.messageBase();
    return {
      event: 'error',
      ...ids,
      status,
      code,
      ...(this.context.faults.has('sse-error-event-without-message') ? {} : { message }),
    };
  }

  messageEnd(stopped: boolean): Record<string, unknown> {
    return {
      event: 'message_end',
      ...this.messageBase(),
      ...(this.context.faults.has('sse-conversation-id-changes') && this.info.conversationId !== null
        ? { conversation_id: this.context.nextId('conversation') }
        : {}),
      ...(stopped ? { status: 'stopped' } : {}),
      metadata: { usage: this.tokens(), retriever_resources: [] },
      files: [],
    };
  }

  agentThought(position: number, thought: string, observation: string): Record<string, unknown> {
    return {
      event: 'agent_thought',
      ...this.messageBase(),
      id: this.context.nextId('agent-thought'),
      position,
      thought,
      observation,
      tool: 'web_search',
      tool_labels: { web_search: { en_US: 'Web search' } },
      tool_input: JSON.stringify({ web_search: { query: this.info.query } }),
      message_files: [],
    };
  }

  humanInputRequired(form: OpenedForm): Record<string, unknown> {
    const { workflow_run_id: runId, ...base } = this.workflowBase();
    return {
      event: 'human_input_required',
      ...base,
      ...(this.context.faults.has('pause-event-without-run-id') ? {} : { workflow_run_id: runId }),
      data: {
        form_id: form.formId,
        node_id: REVIEW_FORM.nodeId,
        node_title: REVIEW_FORM.nodeTitle,
        form_content: reviewFormContent(this.info.inputs),
        inputs: REVIEW_FORM.inputs,
        actions: REVIEW_FORM.actions,
        display_in_ui: true,
        form_token: form.token,
        resolved_default_values: REVIEW_FORM.resolvedDefaults,
        expiration_time: epochSeconds(form.expiresAt),
      },
    };
  }

  workflowPaused(): Record<string, unknown> {
    return {
      event: 'workflow_paused',
      ...this.workflowBase(),
      data: {
        workflow_run_id: this.info.workflowRunId,
        paused_nodes: [REVIEW_FORM.nodeId],
        reasons: [{ type: 'human_input_required', node_id: REVIEW_FORM.nodeId }],
        outputs: {},
        status: 'paused',
        created_at: epochSeconds(this.info.createdAt),
        elapsed_time: (Date.now() - this.info.createdAt) / 1000,
        total_tokens: 0,
        total_steps: this.steps,
      },
    };
  }

  formFilled(submission: FormSubmission): Record<string, unknown> {
    const action = REVIEW_FORM.actions.find((candidate) => candidate.id === submission.action);
    return {
      event: 'human_input_form_filled',
      ...this.workflowBase(),
      data: {
        node_id: REVIEW_FORM.nodeId,
        node_title: REVIEW_FORM.nodeTitle,
        rendered_content: reviewFormContent(this.info.inputs).replace('{{#$output.comment#}}', String(submission.inputs.comment ?? '')),
        action_id: submission.action,
        action_text: action?.title ?? submission.action,
      },
    };
  }
}

/** How long a resumed run waits for a worker to pick it up after its form is submitted. */
const RESUME_PICKUP_MS = 250;

const START: NodeSpec = { id: 'start', type: 'start', title: 'Start' };
const REVIEW: NodeSpec = { id: REVIEW_FORM.nodeId, type: 'human-input', title: REVIEW_FORM.nodeTitle };
const LLM: NodeSpec = { id: 'llm', type: 'llm', title: 'Draft answer' };
const END: NodeSpec = { id: 'end', type: 'end', title: 'End' };
const ANSWER: NodeSpec = { id: 'answer', type: 'answer', title: 'Answer' };

export class Player {
  readonly narrator: Narrator;

  constructor(
    readonly run: Run,
    readonly context: ScriptContext,
  ) {
    this.narrator = new Narrator(run, context);
  }

  async emit(event: Record<string, unknown>): Promise<void> {
    if (this.run.stopping) throw new StopSignal();
    this.run.publish({ kind: 'data', event });
    await this.run.pause(this.context.delayMs);
  }

  /** Terminal events go out back to back: once they start, a stop request has nothing left to stop. */
  finish(...events: Record<string, unknown>[]): void {
    this.run.status = 'succeeded';
    for (const event of events) this.run.publish({ kind: 'data', event });
  }

  async ping(): Promise<void> {
    this.run.publish({ kind: 'ping' });
    await this.run.pause(this.context.delayMs);
  }

  async node(node: NodeSpec, outputs: Record<string, unknown>, during?: () => Promise<void>): Promise<void> {
    const started = this.narrator.nodeStarted(node);
    if (this.context.faults.has('sse-node-finished-first')) {
      if (during) await during();
      await this.emit(this.narrator.nodeFinished(node, outputs));
      await this.emit(started);
      return;
    }
    await this.emit(started);
    if (during) await during();
    await this.emit(this.narrator.nodeFinished(node, outputs));
  }
}

async function playWorkflow(player: Player, answer: string): Promise<void> {
  const { run, narrator } = player;
  await player.ping();
  if (player.context.faults.has('sse-node-before-workflow-started')) {
    await player.emit(narrator.nodeStarted(START));
    await player.emit(narrator.workflowStarted());
    await player.emit(narrator.nodeFinished(START, run.info.inputs));
  } else {
    await player.emit(narrator.workflowStarted());
    await player.node(START, run.info.inputs);
  }
  if (player.context.allEventKinds) await playGraphExtras(player);
  let text = answer;
  if (run.info.app.pausesForHumanInput) {
    await player.emit(narrator.nodeStarted(REVIEW));
    const form = player.context.openForm(run);
    await player.emit(narrator.humanInputRequired(form));
    run.status = 'paused';
    run.publish({ kind: 'data', event: narrator.workflowPaused() });
    const submission = await run.waitForSubmission();
    run.status = 'running';
    // A submitted form re-queues the run: a worker picks it up a moment later (docs/server-behavior.md §6.5).
    await run.pause(RESUME_PICKUP_MS);
    await player.emit(narrator.formFilled(submission));
    await player.emit(narrator.nodeFinished(REVIEW, { __action_id: submission.action, ...submission.inputs }));
    const verdict = submission.action === 'approve' ? 'approved' : 'rejected';
    text = `Expense claim ${verdict}. ${String(submission.inputs.comment ?? '')}`.trim();
  }
  await player.node(LLM, { text }, async () => {
    for (const chunk of words(text)) await player.emit(narrator.textChunk(chunk));
  });
  if (run.info.app.mode === 'advanced-chat') {
    await player.node(ANSWER, { answer: text }, async () => {
      for (const chunk of words(text)) await player.emit(narrator.message(chunk));
    });
    const finished = player.context.faults.has('sse-advanced-chat-no-workflow-finished') ? [] : [narrator.workflowFinished('succeeded', { answer: text })];
    player.finish(...finished, narrator.messageEnd(false));
    return;
  }
  await player.node(END, { result: text });
  player.finish(narrator.workflowFinished('succeeded', { result: text }));
}

async function playChat(player: Player, answer: string): Promise<void> {
  const kinds = player.context.allEventKinds;
  const chat = player.run.info.app.mode === 'chat';
  if (!chat && player.context.faults.has('sse-error-event-without-message')) {
    await player.emit(player.narrator.message(words(answer)[0] ?? ''));
    player.finish(player.narrator.error('internal_server_error', 500, 'Internal Server Error, please contact support.'));
    return;
  }
  if (kinds && chat) await playReasoning(player);
  for (const chunk of words(answer)) await player.emit(player.narrator.message(chunk));
  if (kinds && chat) {
    await playMessageFile(player);
    await playSpeech(player);
  }
  if (kinds && !chat) await playModerationReplace(player);
  player.finish(player.narrator.messageEnd(false));
}

async function playAgent(player: Player, answer: string): Promise<void> {
  const { narrator } = player;
  await player.emit(narrator.agentThought(1, 'I should look this up before answering.', ''));
  await player.emit(narrator.agentThought(1, 'I should look this up before answering.', 'Found 3 relevant sources.'));
  if (player.context.allEventKinds) await playMessageFile(player);
  for (const chunk of words(answer)) await player.emit(narrator.message(chunk, 'agent_message'));
  if (player.context.allEventKinds) await playSpeech(player);
  player.finish(narrator.messageEnd(false));
}

/**
 * Ends a stopped run with the terminal events a client waits for, status
 * `stopped` (not verified against the real server).
 */
function publishStopped(player: Player): void {
  const { run, narrator } = player;
  run.status = 'stopped';
  const mode = run.info.app.mode;
  if (mode === 'workflow' || mode === 'advanced-chat') {
    run.publish({ kind: 'data', event: narrator.workflowFinished('stopped', {}) });
  }
  if (mode !== 'workflow') run.publish({ kind: 'data', event: narrator.messageEnd(true) });
}

export async function playRun(run: Run, context: ScriptContext, answer: string): Promise<void> {
  const player = new Player(run, context);
  try {
    const mode = run.info.app.mode;
    if (mode === 'workflow' || mode === 'advanced-chat') await playWorkflow(player, answer);
    else if (mode === 'agent-chat') await playAgent(player, answer);
    else await playChat(player, answer);
  } catch (error) {
    if (!(error instanceof StopSignal)) throw error;
    publishStopped(player);
  }
}
