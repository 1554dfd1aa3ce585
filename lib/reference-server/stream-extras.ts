// The stream events a real app's graph produces besides one mode's happy path
// (docs/server-behavior.md §12.7), played by the realistic profile: parallel
// branches, an iteration, a loop, a retried node and an agent node in
// workflow-family runs; reasoning, files, a moderation replace and
// text-to-speech audio in chat-family runs. Payload shapes follow Dify's task
// entities as far as the notes know them; `reasoning_chunk` is the least
// certain (its payload was not verified in code).
import type { NodeSpec, StreamPlayer } from './stream-player.ts';
import { epochSeconds } from './time.ts';

const SPLIT: NodeSpec = { id: 'split_sections', type: 'iteration', title: 'Each section' };
const SUMMARISE: NodeSpec = { id: 'summarise_section', type: 'template-transform', title: 'Summarise section' };
const REFINE: NodeSpec = { id: 'refine_draft', type: 'loop', title: 'Refine until short' };
const SHORTEN: NodeSpec = { id: 'shorten', type: 'code', title: 'Shorten draft' };
const CRM: NodeSpec = { id: 'fetch_crm', type: 'http-request', title: 'Fetch CRM record' };
const KNOWLEDGE: NodeSpec = { id: 'search_kb', type: 'knowledge-retrieval', title: 'Search knowledge base' };
const POLICY: NodeSpec = { id: 'check_policy', type: 'if-else', title: 'Check policy' };
const RESEARCH: NodeSpec = { id: 'research_agent', type: 'agent', title: 'Research agent' };

const SECTIONS = ['Summary of the request', 'Details and context'];

/** Container events (iteration, loop) share the node-event base and carry the container's own execution id. */
function containerEvent(player: StreamPlayer, event: string, node: NodeSpec, id: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    event,
    ...player.narrator.workflowBase(),
    data: { id, node_id: node.id, node_type: node.type, title: node.title, created_at: epochSeconds(Date.now()), extras: {}, ...data },
  };
}

function branchEvent(player: StreamPlayer, event: string, branch: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event,
    ...player.narrator.workflowBase(),
    data: {
      parallel_id: 'parallel_lookup',
      parallel_start_node_id: branch,
      parent_parallel_id: null,
      parent_parallel_start_node_id: null,
      iteration_id: null,
      loop_id: null,
      created_at: epochSeconds(Date.now()),
      ...extra,
    },
  };
}

/** Two branches that run side by side: their node events interleave. */
async function parallelLookups(player: StreamPlayer): Promise<void> {
  const { narrator } = player;
  const within = (branch: NodeSpec) => ({ parallel_id: 'parallel_lookup', parallel_start_node_id: branch.id });
  await player.emit(branchEvent(player, 'parallel_branch_started', CRM.id));
  await player.emit(branchEvent(player, 'parallel_branch_started', KNOWLEDGE.id));
  await player.emit(narrator.nodeStarted(CRM, within(CRM)));
  await player.emit(narrator.nodeStarted(KNOWLEDGE, within(KNOWLEDGE)));
  // The CRM call fails once and is retried, as a node with a retry policy does.
  await player.emit({
    event: 'node_retry',
    ...narrator.workflowBase(),
    data: {
      id: narrator.executionOf(CRM.id),
      node_id: CRM.id,
      node_type: CRM.type,
      title: CRM.title,
      status: 'retry',
      error: 'HTTP 503 from crm.northwind-labs.example.com',
      retry_index: 1,
      created_at: epochSeconds(Date.now()),
      ...within(CRM),
    },
  });
  await player.emit(narrator.nodeFinished(KNOWLEDGE, { result: [] }, within(KNOWLEDGE)));
  await player.emit(narrator.nodeFinished(CRM, { status_code: 200, body: '{"tier":"pro"}' }, within(CRM)));
  await player.emit(branchEvent(player, 'parallel_branch_finished', KNOWLEDGE.id, { status: 'succeeded', error: null }));
  await player.emit(branchEvent(player, 'parallel_branch_finished', CRM.id, { status: 'succeeded', error: null }));
}

async function iterateSections(player: StreamPlayer): Promise<void> {
  const { narrator } = player;
  const id = player.context.nextId('node-execution');
  await player.emit(
    containerEvent(player, 'iteration_started', SPLIT, id, {
      metadata: { iterator_length: SECTIONS.length },
      inputs: { iterator_selector: ['start', 'sections'] },
    }),
  );
  for (const [index, section] of SECTIONS.entries()) {
    await player.emit(containerEvent(player, 'iteration_next', SPLIT, id, { index }));
    const within = { iteration_id: SPLIT.id, iteration_index: index };
    await player.emit(narrator.nodeStarted(SUMMARISE, within));
    await player.emit(narrator.nodeFinished(SUMMARISE, { output: `${section}: noted.` }, within));
  }
  await player.emit(
    containerEvent(player, 'iteration_completed', SPLIT, id, {
      outputs: { output: SECTIONS.map((section) => `${section}: noted.`) },
      status: 'succeeded',
      error: null,
      steps: SECTIONS.length,
      finished_at: epochSeconds(Date.now()),
    }),
  );
}

async function refineInLoop(player: StreamPlayer): Promise<void> {
  const { narrator } = player;
  const id = player.context.nextId('node-execution');
  await player.emit(containerEvent(player, 'loop_started', REFINE, id, { metadata: { loop_length: 2 }, inputs: {} }));
  for (const index of [0, 1]) {
    await player.emit(containerEvent(player, 'loop_next', REFINE, id, { index }));
    const within = { loop_id: REFINE.id, loop_index: index };
    await player.emit(narrator.nodeStarted(SHORTEN, within));
    await player.emit(narrator.nodeFinished(SHORTEN, { result: index === 0 ? 'shorter' : 'short enough' }, within));
  }
  await player.emit(
    containerEvent(player, 'loop_completed', REFINE, id, {
      outputs: { result: 'short enough' },
      status: 'succeeded',
      error: null,
      steps: 2,
      finished_at: epochSeconds(Date.now()),
    }),
  );
}

async function agentNode(player: StreamPlayer): Promise<void> {
  const { narrator } = player;
  await player.emit(narrator.nodeStarted(RESEARCH));
  const executionId = narrator.executionOf(RESEARCH.id);
  const log = (id: string, label: string, parentId: string | null, data: Record<string, unknown>) => ({
    event: 'agent_log',
    ...narrator.workflowBase(),
    data: { node_execution_id: executionId, id, label, parent_id: parentId, error: null, status: 'success', data, metadata: {}, node_id: RESEARCH.id },
  });
  const round = player.context.nextId('agent-log');
  await player.emit(log(round, 'ROUND 1', null, {}));
  await player.emit(log(player.context.nextId('agent-log'), 'CALL web_search', round, { query: 'policy exceptions' }));
  await player.emit(narrator.nodeFinished(RESEARCH, { text: 'No exception applies.' }));
}

/** What a workflow-family graph does between its start node and the nodes that answer. */
export async function playGraphExtras(player: StreamPlayer): Promise<void> {
  await parallelLookups(player);
  await iterateSections(player);
  await refineInLoop(player);
  await player.node(POLICY, { result: true });
  await agentNode(player);
}

/** The reasoning a thinking model streams before its answer. */
export async function playReasoning(player: StreamPlayer): Promise<void> {
  for (const text of ['Checking the policy first. ', 'The answer is in the handbook.']) {
    await player.emit({ event: 'reasoning_chunk', ...player.narrator.messageBase(), text });
  }
}

/** A file the model produced (an image), sent along with the answer. */
export async function playMessageFile(player: StreamPlayer): Promise<void> {
  const { narrator } = player;
  const fileId = player.context.nextId('message-file');
  await player.emit({
    event: 'message_file',
    ...narrator.messageBase(),
    id: fileId,
    type: 'image',
    belongs_to: 'assistant',
    url: `https://files.northwind-labs.example.com/files/${fileId}/image-preview?timestamp=1751302800&sign=preview`,
  });
}

/** Output moderation replacing the streamed answer. */
export async function playModerationReplace(player: StreamPlayer): Promise<void> {
  await player.emit({
    event: 'message_replace',
    ...player.narrator.messageBase(),
    answer: 'This answer was withheld by the output moderation policy.',
    reason: 'output_moderation',
  });
}

/** Text-to-speech audio of the answer, ended just before message_end. */
export async function playSpeech(player: StreamPlayer): Promise<void> {
  const { narrator } = player;
  for (const audio of ['SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjYwLjMuMTAw', '//uQZAAAAAAAaQYAAAAAAA0gwAAAAAA']) {
    await player.emit({ event: 'tts_message', ...narrator.messageBase(), audio });
  }
  await player.emit({ event: 'tts_message_end', ...narrator.messageBase(), audio: '' });
}
