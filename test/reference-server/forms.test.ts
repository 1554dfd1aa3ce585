// Human-input pauses: the HITL app's run pauses with a form, the form is read
// and submitted once, and the run resumes to its end (docs/server-behavior.md
// §6.5, §7.3; docs/client-behavior.md §3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { body, Client, dataEvents, eventNames, parseEvents, readEvents, sleep } from './client.ts';
import type { Json, StreamEvent } from './client.ts';

let server: ReferenceServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer({ streamEventDelayMs: 0 });
  client = new Client(server);
});
afterAll(() => server.close());

interface Paused {
  events: StreamEvent[];
  token: string;
  runId: string;
  required: Json;
}

async function pauseRun(): Promise<Paused> {
  const response = await client.request('POST', `/apps/${server.hitlAppId}/run`, {
    json: { inputs: { employee: 'Kenji Watanabe', amount: 412.5, purpose: 'Client visit in Osaka' } },
  });
  expect(response.status).toBe(200);
  const events = await readEvents(response);
  const required = dataEvents(events).find((event) => event.event === 'human_input_required') as Json;
  const data = required.data as Json;
  return { events, token: String(data.form_token), runId: String(required.workflow_run_id), required };
}

const formPath = (token: string, appId: string = server.hitlAppId): string => `/apps/${appId}/form/human_input/${token}`;
const eventsPath = (runId: string): string => `/apps/${server.hitlAppId}/tasks/${runId}/events`;

describe('the pausing run', () => {
  it('streams started, node events, human_input_required and workflow_paused, then closes', async () => {
    const { events, required, runId } = await pauseRun();
    expect(eventNames(events)).toEqual(['workflow_started', 'node_started', 'node_finished', 'node_started', 'human_input_required', 'workflow_paused']);
    expect(required).toMatchObject({ task_id: expect.any(String), workflow_run_id: runId });
    expect(required.data).toEqual({
      form_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      node_id: 'review',
      node_title: 'Manager review',
      form_content: expect.stringContaining('Kenji Watanabe'),
      inputs: [expect.objectContaining({ output_variable_name: 'comment', type: 'paragraph' })],
      actions: [
        { id: 'approve', title: 'Approve', button_style: 'primary' },
        { id: 'reject', title: 'Reject', button_style: 'default' },
      ],
      display_in_ui: true,
      form_token: expect.any(String),
      resolved_default_values: { comment: '' },
      expiration_time: expect.any(Number),
    });
    expect(dataEvents(events).at(-1)).toMatchObject({ event: 'workflow_paused', workflow_run_id: runId, data: { status: 'paused' } });
  });
});

describe('reading and submitting the form', () => {
  it('GET answers the form definition', async () => {
    const { token, required } = await pauseRun();
    const answer = await client.get(formPath(token));
    expect(answer.status).toBe(200);
    const data = required.data as Json;
    expect(answer.json).toEqual({
      form_content: data.form_content,
      inputs: data.inputs,
      resolved_default_values: { comment: '' },
      user_actions: data.actions,
      expiration_time: data.expiration_time,
    });
    expect(Number(data.expiration_time)).toBeGreaterThan(Date.now() / 1000);
  });

  it('a reconnect waits through the pause, and the submission resumes the run to its end', async () => {
    const { token, runId } = await pauseRun();
    const reconnect = client.request('GET', eventsPath(runId)).then((response) => response.text());
    await sleep(50);
    const submitted = await client.post(formPath(token), { inputs: { comment: 'Approved, thanks for the receipts.' }, action: 'approve' });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toEqual({});
    const text = await reconnect;
    expect(text.startsWith('event: ping\n\n')).toBe(true);
    const names = eventNames(parseEvents(text));
    expect(names[0]).toBe('human_input_form_filled');
    expect(names.at(-1)).toBe('workflow_finished');
    const finished = parseEvents(text).at(-1)?.json as Json;
    expect(finished.data).toMatchObject({ status: 'succeeded', outputs: { result: 'Expense claim approved. Approved, thanks for the receipts.' } });
    // Once finished, a reconnect gets the single final event.
    const after = await readEvents(await client.request('GET', eventsPath(runId)));
    expect(after.map((event) => event.json)).toEqual([finished]);
  });

  it('a run resumes even when nobody is listening', async () => {
    const { token, runId } = await pauseRun();
    await client.post(formPath(token), { inputs: { comment: 'No.' }, action: 'reject' });
    // The submitted run is picked up by a worker a moment later (RESUME_PICKUP_MS), then finishes.
    await sleep(800);
    const events = await readEvents(await client.request('GET', eventsPath(runId)));
    expect(events).toHaveLength(1);
    expect(events[0]?.json).toMatchObject({ event: 'workflow_finished', data: { status: 'succeeded', outputs: { result: 'Expense claim rejected. No.' } } });
  });

  it('a second submission is 412 human_input_form_submitted, and so is reading it again', async () => {
    const { token } = await pauseRun();
    expect((await client.post(formPath(token), { inputs: {}, action: 'approve' })).status).toBe(200);
    const again = await client.post(formPath(token), { inputs: {}, action: 'approve' });
    expect(again.status).toBe(412);
    expect(body(again)).toMatchObject({ code: 'human_input_form_submitted', status: 412 });
    expect(String(body(again).message)).toMatch(/^This form has already been submitted by another user, form_id=/);
    expect((await client.get(formPath(token))).status).toBe(412);
  });

  it('an unknown token, or a token under another app, is 404 form_not_found', async () => {
    const { token } = await pauseRun();
    for (const path of [formPath('unknown-token'), formPath(token, server.appIds.workflow)]) {
      const answer = await client.get(path);
      expect(answer.status).toBe(404);
      expect(body(answer)).toEqual({
        code: 'form_not_found',
        message: 'No human-input form matches this token. It may be wrong, expired, or already submitted.',
        status: 404,
      });
    }
  });

  it('inputs and action are required (422), before the token is looked up', async () => {
    const answer = await client.post(formPath('unknown-token'), {});
    expect(answer.status).toBe(422);
    expect(body(answer).details).toEqual([
      { type: 'missing', loc: ['inputs'], msg: 'Field required' },
      { type: 'missing', loc: ['action'], msg: 'Field required' },
    ]);
  });

  it('an action the form does not offer is 400 invalid_form_data', async () => {
    const { token } = await pauseRun();
    const answer = await client.post(formPath(token), { inputs: {}, action: 'escalate' });
    expect(answer.status).toBe(400);
    expect(body(answer)).toMatchObject({ code: 'invalid_form_data' });
    expect((await client.post(formPath(token), { inputs: {}, action: 'approve' })).status).toBe(200);
  });
});

describe('stopping a paused run', () => {
  it('ends it with workflow_finished status stopped', async () => {
    const { runId, required } = await pauseRun();
    const reconnect = client.request('GET', eventsPath(runId)).then(readEvents);
    await sleep(50);
    const stop = await client.post(`/apps/${server.hitlAppId}/tasks/${String(required.task_id)}/stop`);
    expect(stop.json).toEqual({ result: 'success' });
    expect(dataEvents(await reconnect).at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'stopped' } });
  });
});
