// Each fault of runs, event streams, tasks, files and forms changes what a
// client observes: its probe is run against a healthy server and against a
// server with only that fault switched on. test/e2e/fault-matrix.test.ts proves
// that the suite catches them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STREAM_FAULTS } from '../../lib/reference-server/faults/streams.ts';
import type { FaultName } from '../../lib/reference-server/faults.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { SeededAppMode } from '../../lib/reference-server/index.ts';
import { body, Client, dataEvents, eventNames, parseEvents, readEvents, readEventsUntil } from './client.ts';
import type { Answer, Json, StreamEvent } from './client.ts';

interface Probe {
  /** What a client sees, reduced to what the fault changes. */
  observe(client: Client): Promise<unknown>;
  /** What the faulty server shows. */
  faulty: unknown;
}

const RUN_BODIES: Record<SeededAppMode, Json> = {
  workflow: { inputs: { ticket_text: 'VPN drops every hour since the update', priority_hint: 'high' } },
  'advanced-chat': { inputs: {}, query: 'Where is my invoice?' },
  chat: { inputs: {}, query: 'How many vacation days do I get?' },
  completion: { inputs: { topic: 'noise-cancelling headphones' } },
  'agent-chat': { inputs: {}, query: 'Research Contoso Ltd' },
};
const HITL_INPUTS = { employee: 'Kenji Watanabe', amount: 412.5, purpose: 'Client visit in Osaka' };

function startRun(c: Client, mode: SeededAppMode): Promise<Response> {
  return c.request('POST', `/apps/${c.server.appIds[mode]}/run`, { json: RUN_BODIES[mode] });
}

async function runText(c: Client, mode: SeededAppMode): Promise<string> {
  return (await startRun(c, mode)).text();
}

async function runEvents(c: Client, mode: SeededAppMode): Promise<StreamEvent[]> {
  return parseEvents(await runText(c, mode));
}

/** The raw text a stream sent after its last data event. */
function afterLastData(text: string): string {
  const last = text.lastIndexOf('data: ');
  return text.slice(text.indexOf('\n\n', last) + 2);
}

/** The events of a workflow run stopped at its first event with a task_id. */
async function stopWorkflow(c: Client): Promise<StreamEvent[]> {
  const response = await startRun(c, 'workflow');
  const { seen, rest } = await readEventsUntil(response, (event) => event.json?.task_id !== undefined);
  await c.post(`/apps/${c.server.appIds.workflow}/tasks/${String(seen.at(-1)?.json?.task_id)}/stop`);
  return [...seen, ...(await rest)];
}

const FILE_BOUNDARY = '----stream-faults-boundary';

function uploadParts(c: Client, parts: string): Promise<Answer> {
  return c.call('POST', `/apps/${c.server.fileAppId}/files/upload`, {
    body: `${parts}--${FILE_BOUNDARY}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${FILE_BOUNDARY}` },
  });
}

function uploadNote(c: Client, content = 'hello'): Promise<Answer> {
  return uploadParts(
    c,
    `--${FILE_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`,
  );
}

interface Paused {
  names: string[];
  token: string;
  runId: string;
}

async function pauseRun(c: Client): Promise<Paused> {
  const events = await readEvents(await c.request('POST', `/apps/${c.server.hitlAppId}/run`, { json: { inputs: HITL_INPUTS } }));
  const required = dataEvents(events).find((event) => event.event === 'human_input_required');
  return { names: eventNames(events), token: String((required?.data as Json | undefined)?.form_token), runId: String(required?.workflow_run_id) };
}

const formPath = (c: Client, token: string): string => `/apps/${c.server.hitlAppId}/form/human_input/${token}`;
const submit = (c: Client, token: string): Promise<Answer> => c.post(formPath(c, token), { action: 'approve', inputs: { comment: 'ok' } });

/** Answers a request by its status and headers, dropping the body (a stream that would go on). */
async function headOf(response: Response): Promise<{ status: number; headers: Headers }> {
  await response.body?.cancel();
  return { status: response.status, headers: response.headers };
}

/** The task_id and workflow_run_id of a workflow run read to its end. */
async function finishedWorkflow(c: Client): Promise<{ taskId: string; runId: string }> {
  const finished = dataEvents(await runEvents(c, 'workflow')).find((event) => event.event === 'workflow_finished');
  return { taskId: String(finished?.task_id), runId: String(finished?.workflow_run_id) };
}

function workflowEvents(c: Client, runId: string, appId = c.server.appIds.workflow, options: { token?: string; query?: string } = {}): Promise<Response> {
  return c.request('GET', `/apps/${appId}/tasks/${runId}/events${options.query ?? ''}`, { token: options.token });
}

const PROBES: Record<(typeof STREAM_FAULTS)[number]['name'], Probe> = {
  'stream-json-content-type': { observe: async (c) => (await startRun(c, 'workflow')).headers.get('content-type'), faulty: 'application/json' },
  'sse-message-not-json': {
    observe: async (c) => {
      const message = (await runEvents(c, 'chat'))[0];
      return [message?.json, message?.data.startsWith("{'event': 'message'")];
    },
    faulty: [undefined, true],
  },
  'sse-node-before-workflow-started': {
    observe: async (c) => eventNames(await runEvents(c, 'workflow')).slice(0, 2),
    faulty: ['node_started', 'workflow_started'],
  },
  'sse-no-terminal-event': {
    observe: async (c) => Promise.all((['workflow', 'chat'] as const).map(async (mode) => eventNames(await runEvents(c, mode)).at(-1))),
    faulty: ['node_finished', 'message'],
  },
  'sse-open-after-terminal': {
    observe: async (c) => afterLastData(await runText(c, 'workflow')).split('event: ping').length - 1 >= 3,
    faulty: true,
  },
  'sse-node-finished-first': {
    observe: async (c) =>
      eventNames(await runEvents(c, 'workflow'))
        .filter((name) => name.startsWith('node_'))
        .slice(0, 2),
    faulty: ['node_finished', 'node_started'],
  },
  'sse-task-id-changes': { observe: async (c) => new Set(dataEvents(await runEvents(c, 'workflow')).map((event) => event.task_id)).size, faulty: 2 },
  'sse-unnamed-event': {
    observe: async (c) => dataEvents(await runEvents(c, 'workflow')).some((e) => e.event === undefined),
    faulty: true,
  },
  'sse-finished-without-status': {
    observe: async (c) => {
      const data = dataEvents(await runEvents(c, 'workflow')).at(-1)?.data as Json | undefined;
      return [data?.status, data?.workflow_id];
    },
    faulty: [undefined, undefined],
  },
  'replay-whole-run': {
    observe: async (c) => {
      const runId = dataEvents(await runEvents(c, 'workflow')).at(-1)?.workflow_run_id;
      const replay = await readEvents(await c.request('GET', `/apps/${c.server.appIds.workflow}/tasks/${String(runId)}/events`));
      return eventNames(replay)[0];
    },
    faulty: 'workflow_started',
  },
  'stop-ignored': {
    observe: async (c) => (dataEvents(await stopWorkflow(c)).at(-1)?.data as Json | undefined)?.status,
    faulty: 'succeeded',
  },
  'stopped-stream-left-open': {
    observe: async (c) => {
      const response = await startRun(c, 'workflow');
      const text = response.clone();
      const { seen } = await readEventsUntil(response, (event) => event.json?.task_id !== undefined);
      await c.post(`/apps/${c.server.appIds.workflow}/tasks/${String(seen.at(-1)?.json?.task_id)}/stop`);
      return afterLastData(await text.text()).split('event: ping').length - 1 >= 3;
    },
    faulty: true,
  },
  'stop-unknown-task-404': { observe: async (c) => (await c.post(`/apps/${c.server.appIds.workflow}/tasks/${randomUUID()}/stop`)).status, faulty: 404 },
  'upload-without-file-accepted': {
    observe: async (c) => {
      const answer = await uploadParts(c, `--${FILE_BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nno file here\r\n`);
      return [answer.status, (answer.json as Json | undefined)?.name, (answer.json as Json | undefined)?.size];
    },
    faulty: [201, 'blob', 0],
  },
  'upload-size-zero': { observe: async (c) => body(await uploadNote(c)).size, faulty: 0 },
  'upload-size-string': { observe: async (c) => body(await uploadNote(c)).size, faulty: '5' },
  'run-rejects-uploaded-file': {
    observe: async (c) => {
      const file = body(await uploadNote(c));
      const inputs = { contract: { type: 'document', transfer_method: 'local_file', upload_file_id: file.id } };
      return (await c.post(`/apps/${c.server.fileAppId}/run`, { inputs })).status;
    },
    faulty: 422,
  },
  'pause-not-announced': { observe: async (c) => (await pauseRun(c)).names.slice(-2), faulty: ['node_started', 'human_input_required'] },
  'form-actions-misnamed': {
    observe: async (c) => Object.keys(body(await c.get(formPath(c, (await pauseRun(c)).token)))).filter((key) => key.endsWith('actions')),
    faulty: ['actions'],
  },
  'form-submit-500': { observe: async (c) => (await submit(c, (await pauseRun(c)).token)).status, faulty: 500 },
  'resume-replays-pause': {
    observe: async (c) => {
      const { token, runId } = await pauseRun(c);
      await submit(c, token);
      return eventNames(await readEvents(await c.request('GET', `/apps/${c.server.hitlAppId}/tasks/${runId}/events`)));
    },
    faulty: ['workflow_paused'],
  },
  'form-resubmit-accepted': {
    observe: async (c) => {
      const { token } = await pauseRun(c);
      await submit(c, token);
      return (await submit(c, token)).status;
    },
    faulty: 200,
  },
  'sse-events-without-task-id': {
    observe: async (c) => dataEvents(await runEvents(c, 'workflow')).find((event) => event.event === 'node_started')?.task_id !== undefined,
    faulty: false,
  },
  'sse-events-without-run-id': {
    observe: async (c) => dataEvents(await runEvents(c, 'workflow')).find((event) => event.event === 'node_started')?.workflow_run_id !== undefined,
    faulty: false,
  },
  'sse-conversation-id-changes': {
    observe: async (c) => new Set(dataEvents(await runEvents(c, 'chat')).map((event) => event.conversation_id)).size,
    faulty: 2,
  },
  'sse-node-finished-without-status': {
    observe: async (c) => (dataEvents(await runEvents(c, 'workflow')).find((event) => event.event === 'node_finished')?.data as Json | undefined)?.status,
    faulty: undefined,
  },
  'sse-error-event-without-message': {
    observe: async (c) => {
      const last = dataEvents(await runEvents(c, 'completion')).at(-1);
      return [last?.event, last?.message];
    },
    faulty: ['error', undefined],
  },
  'sse-advanced-chat-no-workflow-finished': {
    observe: async (c) => eventNames(await runEvents(c, 'advanced-chat')).includes('workflow_finished'),
    faulty: false,
  },
  'sse-events-cacheable': { observe: async (c) => (await headOf(await startRun(c, 'workflow'))).headers.get('cache-control'), faulty: 'public, max-age=60' },
  'run-query-rule-ignored': {
    observe: async (c) =>
      (await headOf(await c.request('POST', `/apps/${c.server.appIds.workflow}/run`, { json: { ...RUN_BODIES.workflow, query: 'hello' } }))).status,
    faulty: 200,
  },
  'run-provider-error-500': { observe: async (c) => (await headOf(await startRun(c, 'chat'))).status, faulty: 500 },
  'run-blocking-mode-json': {
    observe: async (c) =>
      (await c.post(`/apps/${c.server.appIds.workflow}/run`, { ...RUN_BODIES.workflow, response_mode: 'blocking' })).headers.get('content-type')?.split(';')[0],
    faulty: 'application/json',
  },
  'replay-outputs-dropped': {
    observe: async (c) => {
      const replay = dataEvents(await readEvents(await workflowEvents(c, (await finishedWorkflow(c)).runId)));
      return (replay.at(-1)?.data as Json | undefined)?.outputs;
    },
    faulty: null,
  },
  'events-mode-generic-422': {
    observe: async (c) => {
      const answer = await c.get(`/apps/${c.server.appIds.chat}/tasks/${randomUUID()}/events`);
      return [answer.status, body(answer).message];
    },
    faulty: [422, 'Request validation failed'],
  },
  'events-any-app': {
    observe: async (c) => (await headOf(await workflowEvents(c, (await finishedWorkflow(c)).runId, c.server.appIds['advanced-chat']))).status,
    faulty: 200,
  },
  'events-any-creator': {
    observe: async (c) =>
      (await headOf(await workflowEvents(c, (await finishedWorkflow(c)).runId, c.server.appIds.workflow, { token: c.server.secondAccount.token }))).status,
    faulty: 200,
  },
  'events-other-creator-403': {
    observe: async (c) =>
      (await headOf(await workflowEvents(c, (await finishedWorkflow(c)).runId, c.server.appIds.workflow, { token: c.server.secondAccount.token }))).status,
    faulty: 403,
  },
  'events-snapshot-ignored': {
    observe: async (c) => {
      const { token, runId } = await pauseRun(c);
      await submit(c, token);
      const events = await workflowEvents(c, runId, c.server.hitlAppId, { query: '?include_state_snapshot=true' });
      return dataEvents(await readEvents(events)).some((event) => (event.data as Json | undefined)?.node_id === 'start');
    },
    faulty: false,
  },
  'stop-finished-task-409': {
    observe: async (c) => (await c.post(`/apps/${c.server.appIds.workflow}/tasks/${(await finishedWorkflow(c)).taskId}/stop`)).status,
    faulty: 409,
  },
  'upload-no-file-generic-code': {
    observe: async (c) => body(await uploadParts(c, `--${FILE_BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nno file here\r\n`)).code,
    faulty: 'bad_request',
  },
  'upload-empty-filename-accepted': {
    observe: async (c) =>
      (await uploadParts(c, `--${FILE_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: text/plain\r\n\r\nhello\r\n`))
        .status,
    faulty: 201,
  },
  'upload-too-large-400': { observe: async (c) => (await uploadNote(c, 'a'.repeat(c.server.uploadLimitMb * 1024 * 1024 + 1))).status, faulty: 400 },
  'upload-mime-type-generic': { observe: async (c) => body(await uploadNote(c)).mime_type, faulty: 'application/octet-stream' },
  'pause-event-without-run-id': { observe: async (c) => (await pauseRun(c)).runId, faulty: 'undefined' },
  'form-expiration-iso': { observe: async (c) => typeof body(await c.get(formPath(c, (await pauseRun(c)).token))).expiration_time, faulty: 'string' },
  'form-served-under-any-app': {
    observe: async (c) => (await c.get(`/apps/${c.server.appIds.workflow}/form/human_input/${(await pauseRun(c)).token}`)).status,
    faulty: 200,
  },
};

describe.concurrent('each fault of runs, streams, tasks, files and forms changes what a client observes', () => {
  for (const fault of STREAM_FAULTS) {
    const probe = PROBES[fault.name];
    it(`${fault.name}: ${fault.deviates}`, async () => {
      const [healthy, faulted] = await Promise.all([
        startReferenceServer({ streamEventDelayMs: 10 }),
        startReferenceServer({ streamEventDelayMs: 10, faults: [fault.name as FaultName] }),
      ]);
      try {
        const [before, after] = await Promise.all([probe.observe(new Client(healthy)), probe.observe(new Client(faulted))]);
        expect(after).toEqual(probe.faulty);
        expect(before).not.toEqual(after);
      } finally {
        await Promise.all([healthy.close(), faulted.close()]);
      }
    });
  }
});
