// POST /apps/{id}/run and its event stream per mode, stopping a task and
// reconnecting to a workflow run (docs/server-behavior.md §7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidFrom } from '../../lib/reference-server/ids.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer, SeededAppMode } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, dataEvents, eventNames, parseEvents, readEvents, readEventsUntil } from './client.ts';
import type { Json, StreamEvent } from './client.ts';

let server: ReferenceServer;
let slow: ReferenceServer;
let client: Client;
let slowClient: Client;

beforeAll(async () => {
  [server, slow] = await Promise.all([startReferenceServer({ streamEventDelayMs: 0 }), startReferenceServer({ streamEventDelayMs: 15 })]);
  client = new Client(server);
  slowClient = new Client(slow);
});
afterAll(() => Promise.all([server.close(), slow.close()]));

const TRIAGE_INPUTS = { ticket_text: 'VPN drops every hour since the update', priority_hint: 'high' };
const RUN_BODIES: Record<SeededAppMode, Json> = {
  workflow: { inputs: TRIAGE_INPUTS },
  'advanced-chat': { inputs: {}, query: 'Where is my invoice?' },
  chat: { inputs: {}, query: 'How many vacation days do I get?' },
  completion: { inputs: { topic: 'noise-cancelling headphones' } },
  'agent-chat': { inputs: {}, query: 'Research Contoso Ltd' },
};

function startRun(target: Client, mode: SeededAppMode, extra: Json = {}): Promise<Response> {
  return target.request('POST', `/apps/${target.server.appIds[mode]}/run`, {
    json: { ...RUN_BODIES[mode], ...extra },
    headers: { accept: 'text/event-stream' },
  });
}

async function runText(mode: SeededAppMode, extra: Json = {}): Promise<string> {
  const response = await startRun(client, mode, extra);
  expect(response.status).toBe(200);
  return response.text();
}

async function runEvents(mode: SeededAppMode, extra: Json = {}): Promise<StreamEvent[]> {
  return parseEvents(await runText(mode, extra));
}

function expectSame(events: Json[], key: string): void {
  const values = new Set(events.map((event) => event[key]));
  expect(values.size, `${key} differs across the stream`).toBe(1);
  expect([...values][0]).toEqual(expect.any(String));
}

describe('stream framing', () => {
  it('is text/event-stream, not cached, with data events carrying their name in JSON', async () => {
    const response = await startRun(client, 'workflow');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const text = await response.text();
    expect(text.startsWith('event: ping\n\n')).toBe(true);
    const blocks = text.split('\n\n').filter((block) => block !== '');
    for (const block of blocks.slice(1)) {
      expect(block).toMatch(/^data: \{.*\}$/);
      expect(JSON.parse(block.slice('data: '.length))).toHaveProperty('event');
    }
    expect(text.endsWith('\n\n')).toBe(true);
  });
});

describe('per-mode transcripts', () => {
  it('workflow: ping, started, node pairs with text chunks, finished', async () => {
    const text = await runText('workflow');
    expect(text.startsWith('event: ping\n\n')).toBe(true);
    const events = parseEvents(text);
    const names = eventNames(events);
    expect(names[0]).toBe('workflow_started');
    expect(names.at(-1)).toBe('workflow_finished');
    expect(names.filter((name) => name === 'node_started').length).toBe(names.filter((name) => name === 'node_finished').length);
    expect(names).toContain('text_chunk');
    const data = dataEvents(events);
    expectSame(data, 'task_id');
    expectSame(data, 'workflow_run_id');
    const finished = data.at(-1) as Json;
    expect(finished.data).toMatchObject({ id: finished.workflow_run_id, status: 'succeeded', error: null, outputs: { result: expect.any(String) } });
    const chunks = data
      .filter((event) => event.event === 'text_chunk')
      .map((event) => (event.data as Json).text)
      .join('');
    expect(chunks).toBe((finished.data as Json & { outputs: Json }).outputs.result);
    // Every node that started finished, in order.
    const started = data.filter((event) => event.event === 'node_started').map((event) => (event.data as Json).node_id);
    const done = data.filter((event) => event.event === 'node_finished').map((event) => (event.data as Json).node_id);
    expect(done).toEqual(started);
  });

  it('advanced-chat: workflow events, message chunks, workflow_finished then message_end', async () => {
    const text = await runText('advanced-chat');
    expect(text.startsWith('event: ping\n\n')).toBe(true);
    const events = parseEvents(text);
    const names = eventNames(events);
    expect(names.slice(-2)).toEqual(['workflow_finished', 'message_end']);
    expect(names).toContain('message');
    const data = dataEvents(events);
    expectSame(data, 'task_id');
    expectSame(data, 'conversation_id');
    expectSame(data, 'message_id');
    expectSame(
      data.filter((event) => event.event !== 'message' && event.event !== 'message_end'),
      'workflow_run_id',
    );
  });

  it.each(['chat', 'completion'] as const)('%s: message chunks then message_end, no ping', async (mode) => {
    const text = await runText(mode);
    expect(text).not.toContain('event: ping');
    const events = parseEvents(text);
    const names = eventNames(events);
    expect(names.at(-1)).toBe('message_end');
    expect(new Set(names.slice(0, -1))).toEqual(new Set(['message']));
    const data = dataEvents(events);
    for (const key of ['task_id', 'message_id', 'conversation_id', 'id']) expectSame(data, key);
    const end = data.at(-1) as Json;
    expect(end.metadata).toMatchObject({
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
      retriever_resources: [],
    });
  });

  it('chat answers mention what was asked', async () => {
    const answer = dataEvents(await runEvents('chat'))
      .filter((event) => event.event === 'message')
      .map((event) => event.answer)
      .join('');
    expect(answer).toContain('How many vacation days do I get?');
  });

  it('agent-chat: agent thoughts, agent messages, message_end', async () => {
    const names = eventNames(await runEvents('agent-chat'));
    expect(names[0]).toBe('agent_thought');
    expect(names).toContain('agent_message');
    expect(names.at(-1)).toBe('message_end');
  });

  it('a chat continues its conversation', async () => {
    const first = dataEvents(await runEvents('chat'));
    const conversationId = first[0]?.conversation_id;
    const second = dataEvents(await runEvents('chat', { conversation_id: conversationId }));
    expect(second[0]?.conversation_id).toBe(conversationId);
    expect(second[0]?.message_id).not.toBe(first[0]?.message_id);
  });

  it('a run of a published workflow version reports that version', async () => {
    const workflowId = uuidFrom('workflow:Support Ticket Triage:v1');
    const started = dataEvents(await runEvents('workflow', { workflow_id: workflowId })).find((event) => event.event === 'workflow_started');
    expect(started?.data).toMatchObject({ workflow_id: workflowId });
  });

  it('ignores body keys it does not know (response_mode, user)', async () => {
    expect(eventNames(await runEvents('completion', { response_mode: 'blocking', user: 'abc' })).at(-1)).toBe('message_end');
  });
});

describe('validation before streaming', () => {
  const run = (appId: string, payload: unknown) => client.post(`/apps/${appId}/run`, payload);

  it.each([
    ['chat without query', 'chat', { inputs: {} }],
    ['chat with a blank query', 'chat', { inputs: {}, query: '   ' }],
    ['agent-chat without query', 'agent-chat', { inputs: {} }],
    ['advanced-chat without query', 'advanced-chat', { inputs: {} }],
  ] as const)('%s → 422 query_required_for_chat without details', async (_label, mode, payload) => {
    const answer = await run(server.appIds[mode], payload);
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ code: 'invalid_param', message: 'query_required_for_chat', status: 422 });
  });

  it('a workflow given a query, even an empty one → 422 query_not_supported_for_workflow', async () => {
    for (const query of ['', 'hello']) {
      const answer = await run(server.appIds.workflow, { inputs: TRIAGE_INPUTS, query });
      expect(answer.json).toEqual({ code: 'invalid_param', message: 'query_not_supported_for_workflow', status: 422 });
    }
  });

  it('an app of the agent type is not runnable', async () => {
    const answer = await run(SEED.agentAppId, { inputs: {}, query: 'hi' });
    expect(answer.json).toEqual({ code: 'invalid_param', message: 'mode_not_runnable', status: 422 });
  });

  it.each([
    ['missing inputs', { query: 'x' }, [{ type: 'missing', loc: ['inputs'], msg: 'Field required' }]],
    ['inputs that are not an object', { inputs: 'x', query: 'x' }, [{ type: 'dict_type', loc: ['inputs'], msg: 'Input should be a valid dictionary' }]],
    [
      'a malformed conversation_id',
      { inputs: {}, query: 'x', conversation_id: 'conv-1' },
      [{ type: 'value_error', loc: ['conversation_id'], msg: 'Value error, conversation_id must be a valid UUID' }],
    ],
    ['files that are not a list', { inputs: {}, query: 'x', files: {} }, [{ type: 'list_type', loc: ['files'], msg: 'Input should be a valid list' }]],
  ])('%s → 422 with details', async (_label, payload, details) => {
    const answer = await run(server.appIds.chat, payload);
    expect(answer.status).toBe(422);
    expect(body(answer)).toEqual({ code: 'invalid_param', message: 'Request validation failed', status: 422, details });
  });

  it('checks inputs against the app’s form', async () => {
    const missing = await run(server.appIds.workflow, { inputs: { priority_hint: 'urgent', max_tags: 'many' } });
    expect(missing.status).toBe(422);
    expect(body(missing).details).toEqual([
      { type: 'missing', loc: ['inputs', 'ticket_text'], msg: 'Field required' },
      { type: 'literal_error', loc: ['inputs', 'priority_hint'], msg: "Input should be 'low', 'normal' or 'high'" },
      { type: 'float_parsing', loc: ['inputs', 'max_tags'], msg: 'Input should be a valid number, unable to parse string as a number' },
    ]);
  });

  it('an unknown conversation is 404', async () => {
    const answer = await run(server.appIds.chat, { inputs: {}, query: 'x', conversation_id: '00000000-0000-4000-8000-000000000000' });
    expect(answer.status).toBe(404);
    expect(body(answer).message).toBe('Conversation Not Exists.');
  });

  it('an unknown workflow_id is 404, a malformed one 400', async () => {
    expect((await run(server.appIds.workflow, { inputs: TRIAGE_INPUTS, workflow_id: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await run(server.appIds.workflow, { inputs: TRIAGE_INPUTS, workflow_id: 'draft' })).status).toBe(400);
  });

  it('an unknown app is 404', async () => {
    expect((await run('00000000-0000-4000-8000-000000000000', { inputs: {} })).status).toBe(404);
  });
});

describe('stopping a task', () => {
  async function stopMidway(mode: SeededAppMode): Promise<{ events: StreamEvent[]; stoppedInMs: number }> {
    const response = await startRun(slowClient, mode);
    const { seen, rest } = await readEventsUntil(response, (event) => event.json !== undefined);
    const taskId = String(seen.at(-1)?.json?.task_id);
    const appId = slow.appIds[mode];
    const started = Date.now();
    const stop = await slowClient.post(`/apps/${appId}/tasks/${taskId}/stop`);
    expect(stop.status).toBe(200);
    expect(stop.json).toEqual({ result: 'success' });
    const events = [...seen, ...(await rest)];
    return { events, stoppedInMs: Date.now() - started };
  }

  it('a workflow run ends promptly with workflow_finished status stopped', async () => {
    const { events, stoppedInMs } = await stopMidway('workflow');
    expect(stoppedInMs).toBeLessThan(500);
    const last = dataEvents(events).at(-1);
    expect(last).toMatchObject({ event: 'workflow_finished', data: { status: 'stopped' } });
    expect(eventNames(events).filter((name) => name === 'workflow_finished')).toHaveLength(1);
  });

  it('a chat run ends with message_end status stopped', async () => {
    const { events } = await stopMidway('chat');
    expect(dataEvents(events).at(-1)).toMatchObject({ event: 'message_end', status: 'stopped' });
  });

  it('an advanced-chat run ends with workflow_finished stopped then message_end', async () => {
    const { events } = await stopMidway('advanced-chat');
    const data = dataEvents(events);
    expect(data.slice(-2)).toMatchObject([
      { event: 'workflow_finished', data: { status: 'stopped' } },
      { event: 'message_end', status: 'stopped' },
    ]);
  });

  it('unknown, finished and malformed task ids still answer success', async () => {
    const finished = dataEvents(await runEvents('chat'))[0]?.task_id;
    for (const taskId of [finished, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const answer = await client.post(`/apps/${server.appIds.chat}/tasks/${String(taskId)}/stop`);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ result: 'success' });
    }
  });

  it('stop still requires authentication and a visible app', async () => {
    expect((await client.post(`/apps/${server.appIds.chat}/tasks/x/stop`, undefined, { token: null })).status).toBe(401);
    expect((await client.post(`/apps/${SEED.foreignAppId}/tasks/x/stop`)).status).toBe(404);
  });
});

describe('GET /apps/{id}/tasks/{run_id}/events', () => {
  it('a finished run answers exactly one workflow_finished event, then closes', async () => {
    const finished = dataEvents(await runEvents('workflow')).at(-1) as Json;
    const response = await client.request('GET', `/apps/${server.appIds.workflow}/tasks/${String(finished.workflow_run_id)}/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = await readEvents(response);
    expect(events).toHaveLength(1);
    expect(events[0]?.json).toEqual(finished);
  });

  it('a running run is followed to its end; a state snapshot replays executed nodes first', async () => {
    const response = await startRun(slowClient, 'workflow');
    const { seen, rest } = await readEventsUntil(response, (event) => event.name === 'node_finished');
    const runId = String(seen.at(-1)?.json?.workflow_run_id);
    const path = `/apps/${slow.appIds.workflow}/tasks/${runId}/events`;
    const [plainText, snapshot] = await Promise.all([
      slowClient.request('GET', path).then((reconnect) => reconnect.text()),
      slowClient.request('GET', `${path}?include_state_snapshot=TRUE`).then(readEvents),
    ]);
    await rest;
    expect(plainText.startsWith('event: ping\n\n')).toBe(true);
    const plain = parseEvents(plainText);
    expect(eventNames(plain).at(-1)).toBe('workflow_finished');
    expect(eventNames(plain)).not.toContain('workflow_started');
    expect(eventNames(snapshot).slice(0, 3)).toEqual(['workflow_started', 'node_started', 'node_finished']);
    expect(eventNames(snapshot).at(-1)).toBe('workflow_finished');
  });

  it('advanced-chat runs can be reconnected to', async () => {
    const runId = dataEvents(await runEvents('advanced-chat')).find((event) => event.event === 'workflow_started')?.workflow_run_id;
    const events = await readEvents(await client.request('GET', `/apps/${server.appIds['advanced-chat']}/tasks/${String(runId)}/events`));
    expect(eventNames(events)).toEqual(['workflow_finished']);
  });

  it.each(['chat', 'completion', 'agent-chat'] as const)('a %s app → 422 mode_not_supported_for_event_reconnect', async (mode) => {
    const answer = await client.get(`/apps/${server.appIds[mode]}/tasks/00000000-0000-4000-8000-000000000000/events`);
    expect(answer.json).toEqual({ code: 'invalid_param', message: 'mode_not_supported_for_event_reconnect', status: 422 });
  });

  it('an unknown run, or a run of another app, is 404 Workflow run not found', async () => {
    const runId = dataEvents(await runEvents('workflow')).at(-1)?.workflow_run_id;
    for (const [appId, id] of [
      [server.appIds.workflow, '00000000-0000-4000-8000-000000000000'],
      [server.hitlAppId, String(runId)],
    ] as const) {
      const answer = await client.get(`/apps/${appId}/tasks/${id}/events`);
      expect(answer.status).toBe(404);
      expect(body(answer).message).toBe('Workflow run not found');
    }
  });

  it('a task id is not a run id', async () => {
    const taskId = dataEvents(await runEvents('workflow')).at(-1)?.task_id;
    expect((await client.get(`/apps/${server.appIds.workflow}/tasks/${String(taskId)}/events`)).status).toBe(404);
  });
});
