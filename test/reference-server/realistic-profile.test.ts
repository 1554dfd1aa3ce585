// The realistic profile: what a default-configured Dify does that the ideal
// server does not (docs/server-behavior.md §12) — publication, model
// providers, e-mail validation, the GET /apps limit cap, quotas at their real
// sizes, a crowded workspace, every stream event kind — plus the second
// account's console login, faults over the profile, and the .env rendering.
import { parse as parseDotenv } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { uuidFrom } from '../../lib/reference-server/ids.ts';
import { describeReferenceServer, referenceServerEnv } from '../../lib/reference-server/describe.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer, ReferenceServerOptions, SeededAppMode } from '../../lib/reference-server/index.ts';
import { REAL_QUOTAS } from '../../lib/reference-server/profile.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, dataEvents, readEvents, rows, sleep } from './client.ts';
import type { Answer, Json } from './client.ts';

// Plenty of per-token room, so that tests which are not about quotas never meet one.
const ROOMY: ReferenceServerOptions = { profile: 'realistic', streamEventDelayMs: 0, quotas: { perToken: { limit: 100_000 } } };

let server: ReferenceServer;
let providers: ReferenceServer;
let client: Client;

beforeAll(async () => {
  [server, providers] = await Promise.all([startReferenceServer(ROOMY), startReferenceServer({ ...ROOMY, modelProviders: true })]);
  client = new Client(server);
});
afterAll(() => Promise.all([server.close(), providers.close()]));

async function withServer(options: ReferenceServerOptions, test: (target: Client) => Promise<void>): Promise<void> {
  const target = await startReferenceServer(options);
  try {
    await test(new Client(target));
  } finally {
    await target.close();
  }
}

const RUN_BODIES: Record<SeededAppMode, Json> = {
  workflow: { inputs: { ticket_text: 'VPN drops every hour' } },
  'advanced-chat': { inputs: {}, query: 'Where is my invoice?' },
  chat: { inputs: {}, query: 'How many vacation days do I get?' },
  completion: { inputs: { topic: 'noise-cancelling headphones' } },
  'agent-chat': { inputs: {}, query: 'Research Contoso Ltd' },
};

async function runEvents(target: Client, appId: string, json: Json): Promise<Json[]> {
  const response = await target.request('POST', `/apps/${appId}/run`, { json });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  return dataEvents(await readEvents(response));
}

function workflowDsl(name: string, variable: string): string {
  return stringify({
    version: '0.6.0',
    kind: 'app',
    app: { name, mode: 'workflow', description: 'Imported in a test' },
    workflow: {
      environment_variables: [],
      graph: {
        nodes: [
          {
            id: 'start',
            data: { type: 'start', title: 'Start', variables: [{ variable, label: variable, type: 'text-input', required: true, max_length: 100 }] },
          },
        ],
        edges: [],
      },
    },
  });
}

async function importDsl(yaml: string, appId?: string): Promise<string> {
  const answer = await client.post(`/workspaces/${server.workspaceId}/apps/imports`, {
    mode: 'yaml-content',
    yaml_content: yaml,
    ...(appId ? { app_id: appId } : {}),
  });
  expect(answer.status).toBe(200);
  expect(body(answer)).toMatchObject({ status: 'completed' });
  return String(body(answer).app_id);
}

function startVariables(exported: Answer): string[] {
  const document = parseYaml(String(body(exported).data)) as {
    workflow: { graph: { nodes: { data: { type: string; variables?: { variable: string }[] } }[] } };
  };
  const start = document.workflow.graph.nodes.find((node) => node.data.type === 'start');
  return (start?.data.variables ?? []).map((variable) => variable.variable);
}

describe('publication (§12.1)', () => {
  it('a workflow app created by import is a draft: its run answers 500 before any stream', async () => {
    const appId = await importDsl(workflowDsl('Imported Draft Digest', 'topic'));
    const answer = await client.post(`/apps/${appId}/run`, { inputs: { topic: 'x' } });
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json).toEqual({ code: 'internal_server_error', message: 'Internal Server Error', status: 500 });
    // No published version exists to name either.
    expect((await client.post(`/apps/${appId}/run`, { inputs: { topic: 'x' }, workflow_id: uuidFrom('any') })).status).toBe(404);
  });

  it('a draft is listed; describe shows no published configuration; export shows the draft', async () => {
    const appId = await importDsl(workflowDsl('Imported Listed Draft', 'topic'));
    const listed = await client.get(`/apps?workspace_id=${server.workspaceId}&name=${appId}`);
    expect(rows(listed).map((row) => row.id)).toEqual([appId]);
    const described = body(await client.get(`/apps/${appId}/describe`));
    expect(described.info).toMatchObject({ id: appId, name: 'Imported Listed Draft', mode: 'workflow' });
    expect(described.parameters).toEqual({ opening_statement: null, suggested_questions: [], user_input_form: [], file_upload: null, system_parameters: {} });
    expect(described.input_schema).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: {}, required: [] });
    expect(startVariables(await client.get(`/apps/${appId}/export`))).toEqual(['topic']);
  });

  it('overwriting a published app changes only its draft: runs keep the published version', async () => {
    const appId = uuidFrom('app:Release Notes Generator');
    const published = uuidFrom('workflow:Release Notes Generator:v2');
    expect(await importDsl(workflowDsl('Release Notes Generator (draft)', 'changelog_url'), appId)).toBe(appId);

    const events = await runEvents(client, appId, { inputs: { source_text: 'Merged: faster search' } });
    expect(events[0]).toMatchObject({ event: 'workflow_started', data: { workflow_id: published, inputs: { source_text: 'Merged: faster search' } } });
    expect(events.at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'succeeded' } });
    // The draft's input is not what the published version asks for.
    const refused = await client.post(`/apps/${appId}/run`, { inputs: { changelog_url: 'https://example.com/x' } });
    expect(refused.status).toBe(422);
    expect(body(refused).details).toEqual([expect.objectContaining({ type: 'missing', loc: ['inputs', 'source_text'] })]);

    const described = body(await client.get(`/apps/${appId}/describe`));
    expect(described.info).toMatchObject({ name: 'Release Notes Generator (draft)' });
    expect(Object.keys((described.input_schema as { properties: { inputs: { properties: Json } } }).properties.inputs.properties)).toEqual([
      'source_text',
      'language',
    ]);
    expect(startVariables(await client.get(`/apps/${appId}/export`))).toEqual(['changelog_url']);
    expect(startVariables(await client.get(`/apps/${appId}/export?workflow_id=${published}`))).toEqual(['source_text', 'language']);
  });

  it('a chat app created by import is live at once: it needs a model, not publication', async () => {
    const yaml = stringify({
      version: '0.6.0',
      kind: 'app',
      app: { name: 'Imported FAQ Chat', mode: 'chat' },
      model_config: { model: { provider: 'langgenius/openai/openai', name: 'gpt-4o-mini' }, user_input_form: [] },
    });
    const appId = await importDsl(yaml);
    const answer = await client.post(`/apps/${appId}/run`, { inputs: {}, query: 'Hi' });
    expect(answer.status).toBe(400);
    expect(body(answer)).toMatchObject({ code: 'provider_not_initialize' });
  });

  it('every app that exists at start is published and runs', async () => {
    for (const appId of [server.appIds.workflow, server.appIds['advanced-chat'], server.fileAppId]) {
      const described = body(await client.get(`/apps/${appId}/describe?fields=input_schema`));
      expect(Object.keys((described.input_schema as { properties: Json }).properties)).toContain('inputs');
    }
    expect((await runEvents(client, server.appIds.workflow, RUN_BODIES.workflow)).at(-1)).toMatchObject({ event: 'workflow_finished' });
  });
});

describe('model providers (§12.2)', () => {
  it.each(['chat', 'completion', 'agent-chat'] as const)('%s: a valid run answers 400 provider_not_initialize before any stream', async (mode) => {
    const answer = await client.post(`/apps/${server.appIds[mode]}/run`, RUN_BODIES[mode]);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json).toEqual({
      code: 'provider_not_initialize',
      message: expect.stringMatching(/^Model \S+ credentials is not initialized\.$/),
      status: 400,
    });
  });

  it('validation still comes first', async () => {
    const answer = await client.post(`/apps/${server.appIds.chat}/run`, { inputs: {} });
    expect(answer.status).toBe(422);
    expect(body(answer)).toMatchObject({ message: 'query_required_for_chat' });
  });

  it('with modelProviders the same apps run', async () => {
    for (const mode of ['chat', 'completion', 'agent-chat'] as const) {
      expect((await runEvents(new Client(providers), providers.appIds[mode], RUN_BODIES[mode])).at(-1)).toMatchObject({ event: 'message_end' });
    }
  });
});

describe('member invites (§12.3)', () => {
  const invite = (email: string) => client.post(`/workspaces/${server.workspaceId}/members`, { email, role: 'normal' });

  it.each([
    ['new.hire@northwind.invalid', 'The part after the @-sign is a special-use or reserved name that cannot be used with email.'],
    ['new.hire@qa.test', 'The part after the @-sign is a special-use or reserved name that cannot be used with email.'],
    ['new.hire@printer.local', 'The part after the @-sign is a special-use or reserved name that cannot be used with email.'],
    ['new.hire@dev.localhost', 'The part after the @-sign is a special-use or reserved name that cannot be used with email.'],
    ['new.hire@hidden.onion', 'The part after the @-sign is a special-use or reserved name that cannot be used with email.'],
    ['new.hire@1.0.168.192.in-addr.arpa', 'The part after the @-sign is a special-use or reserved name that cannot be used with email.'],
    ['new.hire@localhost', 'The part after the @-sign is not valid. It should have a period.'],
    ['new.hire@intranet', 'The part after the @-sign is not valid. It should have a period.'],
  ])('%s → 422 value_error on email', async (email, reason) => {
    const answer = await invite(email);
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      code: 'invalid_param',
      message: 'Request validation failed',
      status: 422,
      details: [{ type: 'value_error', loc: ['email'], msg: `value is not a valid email address: ${reason}` }],
    });
  });

  it.each(['new.hire@example.com', 'new.hire@example.org', 'New.Hire@Example.NET'])('%s is accepted', async (email) => {
    const answer = await invite(email);
    expect(answer.status).toBe(201);
    expect(body(answer).email).toBe(email.toLowerCase());
  });
});

describe('GET /apps limit (§12.4)', () => {
  it('101..200 is refused by the service model with 400', async () => {
    for (const limit of [101, 200]) {
      const answer = await client.get(`/apps?workspace_id=${server.workspaceId}&limit=${limit}`);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ code: 'bad_request', message: expect.stringContaining('Input should be less than or equal to 100'), status: 400 });
    }
  });

  it("100 is served; over 200 is still the query model's 422; an id lookup never reaches the service", async () => {
    expect(rows(await client.get(`/apps?workspace_id=${server.workspaceId}&limit=100`))).toHaveLength(100);
    expect((await client.get(`/apps?workspace_id=${server.workspaceId}&limit=201`)).status).toBe(422);
    const byId = await client.get(`/apps?workspace_id=${server.workspaceId}&limit=150&name=${server.appIds.chat}`);
    expect(byId.status).toBe(200);
  });

  it('the other lists keep accepting 200', async () => {
    expect((await client.get(`/workspaces/${server.workspaceId}/members?limit=200`)).status).toBe(200);
    expect((await client.get('/account/sessions?limit=200')).status).toBe(200);
  });
});

type Login = { consoleCookie: string; csrfToken: string };

function consoleHeaders(target: Login): Record<string, string> {
  return { cookie: target.consoleCookie, 'x-csrf-token': target.csrfToken };
}

let devices = 0;

/** A fresh device code; each has its own label, since a login from the same label rotates the previous one's token. */
async function deviceCode(
  target: Client,
  label = `difyctl on test-box-${(devices += 1)}`,
): Promise<{ device_code: string; user_code: string; interval: number; expires_in: number }> {
  const answer = await target.post('/oauth/device/code', { client_id: 'difyctl', device_label: label }, { token: null });
  expect(answer.status).toBe(200);
  return answer.json as { device_code: string; user_code: string; interval: number; expires_in: number };
}

function resolveCode(target: Client, outcome: 'approve' | 'deny', userCode: string, login: Login = target.server) {
  return target.post(`/oauth/device/${outcome}`, { user_code: userCode }, { token: null, headers: consoleHeaders(login) });
}

/** A spent route quota: ErrorBody 429 and, unlike the per-token one, no Retry-After. */
function expectRouteQuotaSpent(answer: Answer): void {
  expect(answer.status).toBe(429);
  expect(answer.json).toEqual({ code: 'too_many_requests', message: 'rate_limited', status: 429 });
  expect(answer.headers.get('retry-after')).toBeNull();
}

describe('quotas (§12.5)', () => {
  it('per token: the pre-built {"error":"rate_limited","retry_after_ms"} body with Retry-After', () =>
    withServer({ profile: 'realistic', quotas: { perToken: { limit: 3 } } }, async (target) => {
      for (let index = 0; index < 3; index += 1) expect((await target.get('/workspaces')).status).toBe(200);
      const refused = await target.get('/workspaces');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toBe('application/json');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.json).toEqual({ error: 'rate_limited', retry_after_ms: retryAfter * 1000 });
      // Another token has its own window.
      expect((await target.get('/workspaces', { token: target.server.secondAccount.token })).status).toBe(200);
    }));

  it('per token: the window slides', () =>
    withServer({ profile: 'realistic', quotas: { perToken: { limit: 2, windowMs: 300 } } }, async (target) => {
      await target.get('/workspaces');
      await target.get('/workspaces');
      expect((await target.get('/workspaces')).status).toBe(429);
      await sleep(400);
      expect((await target.get('/workspaces')).status).toBe(200);
    }));

  it('GET /account: per account, ErrorBody 429 without Retry-After', () =>
    withServer({ profile: 'realistic', quotas: { perToken: { limit: 1_000 }, account: { limit: 2 } } }, async (target) => {
      expect((await target.get('/account')).status).toBe(200);
      expect((await target.get('/account')).status).toBe(200);
      expectRouteQuotaSpent(await target.get('/account'));
      expect((await target.get('/account/sessions')).status).toBe(200);
      expect((await target.get('/account', { token: target.server.secondAccount.token })).status).toBe(200);
    }));

  it('POST /oauth/device/code and GET /oauth/device/lookup: per client IP', () =>
    withServer({ profile: 'realistic', quotas: { deviceCode: { limit: 2 }, deviceLookup: { limit: 2 } } }, async (target) => {
      const code = await deviceCode(target);
      await deviceCode(target);
      expectRouteQuotaSpent(await target.post('/oauth/device/code', { client_id: 'difyctl', device_label: 'x' }, { token: null }));
      for (let index = 0; index < 2; index += 1)
        expect((await target.get(`/oauth/device/lookup?user_code=${code.user_code}`, { token: null })).status).toBe(200);
      expectRouteQuotaSpent(await target.get(`/oauth/device/lookup?user_code=${code.user_code}`, { token: null }));
    }));

  it('approve and deny share one quota per console login', () =>
    withServer({ profile: 'realistic', quotas: { deviceApproval: { limit: 2 } } }, async (target) => {
      const codes = [await deviceCode(target), await deviceCode(target), await deviceCode(target)];
      expect((await resolveCode(target, 'approve', codes[0]?.user_code ?? '')).status).toBe(200);
      expect((await resolveCode(target, 'deny', codes[1]?.user_code ?? '')).status).toBe(200);
      expectRouteQuotaSpent(await resolveCode(target, 'approve', codes[2]?.user_code ?? ''));
      expectRouteQuotaSpent(await resolveCode(target, 'deny', codes[2]?.user_code ?? ''));
      expect((await resolveCode(target, 'approve', codes[2]?.user_code ?? '', target.server.secondAccount)).status).toBe(200);
    }));

  it('are at their real sizes by default, and device codes poll every 5 s for 15 min', () =>
    withServer({ profile: 'realistic' }, async (target) => {
      expect(target.server.quotas).toEqual(REAL_QUOTAS);
      const codes = [];
      for (let index = 0; index < 11; index += 1) codes.push(await deviceCode(target));
      expect(codes[0]).toMatchObject({ interval: 5, expires_in: 900 });
      // The owner's second token, from the first of ten approvals an hour.
      const ownerSecondToken = await approveAndPoll(target, codes[0], target.server);
      for (const code of codes.slice(1, 10)) expect((await resolveCode(target, 'approve', code.user_code)).status).toBe(200);
      expectRouteQuotaSpent(await resolveCode(target, 'approve', codes[10]?.user_code ?? ''));
      for (let index = 11; index < 60; index += 1) await deviceCode(target);
      expectRouteQuotaSpent(await target.post('/oauth/device/code', { client_id: 'difyctl', device_label: 'x' }, { token: null }));
      for (let index = 0; index < 60; index += 1) expect((await target.get('/oauth/device/lookup?user_code=ZZZZ-ZZZZ', { token: null })).status).toBe(200);
      expectRouteQuotaSpent(await target.get('/oauth/device/lookup?user_code=ZZZZ-ZZZZ', { token: null }));
      // GET /account: 60 a minute for the account, whichever of its tokens asks.
      for (let index = 0; index < 30; index += 1) expect((await target.get('/account')).status).toBe(200);
      for (let index = 0; index < 30; index += 1) expect((await target.get('/account', { token: ownerSecondToken })).status).toBe(200);
      expectRouteQuotaSpent(await target.get('/account', { token: ownerSecondToken }));
      // Every bearer request: 60 a minute per token; the owner's token has spent 30 above.
      for (let index = 0; index < 30; index += 1) expect((await target.get('/workspaces')).status).toBe(200);
      expect(body(await target.get('/workspaces'))).toMatchObject({ error: 'rate_limited' });
    }));
});

/** Approves `code` with `login` and polls once (a first poll is never too early): the minted token. */
async function approveAndPoll(target: Client, code: { device_code: string; user_code: string } | undefined, login: Login): Promise<string> {
  expect((await resolveCode(target, 'approve', code?.user_code ?? '', login)).status).toBe(200);
  const polled = await target.post('/oauth/device/token', { client_id: 'difyctl', device_code: code?.device_code ?? '' }, { token: null });
  expect(polled.status).toBe(200);
  return String(body(polled).token);
}

describe('a crowded workspace (§12.6)', () => {
  it('holds over 1,000 published apps of every runnable mode, newest edit first across pages', async () => {
    const first = await client.get(`/apps?workspace_id=${server.workspaceId}&limit=100`);
    expect(Number(body(first).total)).toBeGreaterThan(1_000);
    const second = await client.get(`/apps?workspace_id=${server.workspaceId}&limit=100&page=2`);
    const times = [...rows(first), ...rows(second)].map((row) => Date.parse(String(row.updated_at)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The seeded apps are no longer the newest.
    expect(
      rows(first)
        .slice(0, 5)
        .map((row) => row.id),
    ).not.toContain(server.appIds.workflow);
    for (const mode of ['workflow', 'advanced-chat', 'chat', 'completion', 'agent-chat']) {
      const page = body(await client.get(`/apps?workspace_id=${server.workspaceId}&mode=${mode}&limit=1`));
      expect(Number(page.total), mode).toBeGreaterThan(100);
    }
    const crowdWorkflow = rows(await client.get(`/apps?workspace_id=${server.workspaceId}&mode=workflow&limit=100&page=2`))[0];
    expect((await runEvents(client, String(crowdWorkflow?.id), { inputs: { source_text: 'Weekly numbers' } })).at(-1)).toMatchObject({
      event: 'workflow_finished',
    });
  });

  it('has over 100 members of every role and state', async () => {
    const page = body(await client.get(`/workspaces/${server.workspaceId}/members?limit=200`));
    expect(Number(page.total)).toBeGreaterThan(100);
    const members = page.data as Json[];
    expect(new Set(members.map((row) => row.role))).toEqual(new Set(['owner', 'admin', 'editor', 'normal', 'dataset_operator']));
    expect(new Set(members.map((row) => row.status))).toEqual(new Set(['active', 'pending', 'banned']));
  });

  it("gives the owner dozens of sessions of other clients, some newer than the caller's own", async () => {
    const page = body(await client.get('/account/sessions?limit=200'));
    expect(Number(page.total)).toBeGreaterThanOrEqual(36);
    const sessions = page.data as Json[];
    expect(new Set(sessions.map((row) => row.client_id)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(sessions.map((row) => row.device_label)).size).toBe(sessions.length);
    expect(sessions[0]?.id).not.toBe(SEED.ownerSessionId);
    expect(sessions.map((row) => row.id)).toContain(SEED.ownerSessionId);
  });

  it('with otherClients, another client logs in and out while the server runs', () =>
    withServer({ ...ROOMY, otherClients: { sessionEveryMs: 30, keep: 2 } }, async (target) => {
      const ids = async () => rows(await target.get('/account/sessions?limit=200')).map((row) => String(row.id));
      const before = new Set(await ids());
      const seen = new Set<string>();
      let revoked = false;
      for (let attempt = 0; attempt < 200 && !revoked; attempt += 1) {
        await sleep(20);
        const now = await ids();
        for (const id of now) if (!before.has(id)) seen.add(id);
        revoked = [...seen].some((id) => !now.includes(id));
      }
      expect(seen.size).toBeGreaterThan(0);
      expect(revoked).toBe(true);
    }));

  it('an ideal server has none of the crowd', () =>
    withServer({}, async (target) => {
      expect(Number(body(await target.get(`/apps?workspace_id=${target.server.workspaceId}&limit=1`)).total)).toBeLessThan(100);
    }));
});

/** Checks what every stream must keep however many event kinds it carries. */
function expectWellFormed(events: Json[], terminal: string[]): void {
  const names = events.map((event) => String(event.event));
  expect(names.slice(-terminal.length)).toEqual(terminal);
  for (const name of terminal) expect(names.filter((candidate) => candidate === name)).toHaveLength(1);
  expect(new Set(events.map((event) => event.task_id)).size).toBe(1);
  const open = new Map<string, string>();
  const containers = new Map<string, string>();
  for (const event of events) {
    const data = (event.data ?? {}) as Json;
    const id = String(data.id);
    switch (event.event) {
      case 'node_started':
        expect(open.has(id)).toBe(false);
        open.set(id, String(data.node_id));
        break;
      case 'node_finished':
        expect(open.get(id)).toBe(data.node_id);
        open.delete(id);
        break;
      case 'node_retry':
        expect(open.get(id)).toBe(data.node_id);
        break;
      case 'agent_log':
        expect(open.get(String(data.node_execution_id))).toBe(data.node_id);
        break;
      case 'iteration_started':
      case 'loop_started':
        containers.set(id, String(event.event).split('_')[0] ?? '');
        break;
      case 'iteration_next':
      case 'loop_next':
        expect(containers.get(id)).toBe(String(event.event).split('_')[0]);
        break;
      case 'iteration_completed':
      case 'loop_completed':
        expect(containers.get(id)).toBe(String(event.event).split('_')[0]);
        containers.delete(id);
        break;
      case 'parallel_branch_started':
        containers.set(`branch:${String(data.parallel_start_node_id)}`, 'branch');
        break;
      case 'parallel_branch_finished':
        expect(containers.delete(`branch:${String(data.parallel_start_node_id)}`)).toBe(true);
        break;
    }
  }
  expect(open.size).toBe(0);
  expect(containers.size).toBe(0);
}

const WORKFLOW_KINDS = [
  'iteration_started',
  'iteration_next',
  'iteration_completed',
  'loop_started',
  'loop_next',
  'loop_completed',
  'parallel_branch_started',
  'parallel_branch_finished',
  'node_retry',
  'text_chunk',
  'agent_log',
];

describe('stream events (§12.7)', () => {
  it('workflow runs carry iterations, loops, parallel branches, retries, text chunks and agent logs, well ordered', async () => {
    const events = await runEvents(client, server.appIds.workflow, RUN_BODIES.workflow);
    const names = new Set(events.map((event) => event.event));
    for (const kind of WORKFLOW_KINDS) expect(names.has(kind), kind).toBe(true);
    expectWellFormed(events, ['workflow_finished']);
    expect(new Set(events.map((event) => event.workflow_run_id)).size).toBe(1);
  });

  it('advanced-chat runs carry them too and still end with workflow_finished, message_end', async () => {
    const events = await runEvents(client, server.appIds['advanced-chat'], RUN_BODIES['advanced-chat']);
    for (const kind of WORKFLOW_KINDS)
      expect(
        events.some((event) => event.event === kind),
        kind,
      ).toBe(true);
    expectWellFormed(events, ['workflow_finished', 'message_end']);
    expect(new Set(events.map((event) => event.message_id)).size).toBe(1);
  });

  it('a human-input run still pauses after the extra events', async () => {
    const events = await runEvents(client, server.hitlAppId, { inputs: { employee: 'Ana', amount: 120 } });
    expect(events.map((event) => event.event).slice(-2)).toEqual(['human_input_required', 'workflow_paused']);
    expect(events.some((event) => event.event === 'iteration_started')).toBe(true);
  });

  it.each([
    ['chat', ['reasoning_chunk', 'message', 'message_file', 'tts_message', 'tts_message_end']],
    ['completion', ['message', 'message_replace']],
    ['agent-chat', ['agent_thought', 'message_file', 'agent_message', 'tts_message', 'tts_message_end']],
  ] as const)('with a model provider, %s runs carry %s', async (mode, kinds) => {
    const events = await runEvents(new Client(providers), providers.appIds[mode], RUN_BODIES[mode]);
    const names = events.map((event) => String(event.event));
    for (const kind of kinds) expect(names, kind).toContain(kind);
    expectWellFormed(events, ['message_end']);
    expect(new Set(events.map((event) => event.message_id)).size).toBe(1);
    expect(new Set(events.map((event) => event.conversation_id)).size).toBe(1);
    if (names.includes('tts_message_end')) expect(names.lastIndexOf('tts_message')).toBeLessThan(names.indexOf('tts_message_end'));
  });
});

describe('the second account (§12.6)', () => {
  it('approving with its console login mints a token of that account', async () => {
    const second = server.secondAccount;
    expect(second).toMatchObject({ accountId: SEED.adminId, email: 'priya.raman@northwind-labs.example.com' });
    const code = await deviceCode(client, 'difyctl on priya-laptop');
    const token = await approveAndPoll(client, code, second);
    expect(body(await client.get('/account', { token }))).toMatchObject({ account: { id: second.accountId, email: second.email } });
    const secondSessions = rows(await client.get('/account/sessions?limit=200', { token: second.token })).map((row) => row.device_label);
    expect(secondSessions).toContain('difyctl on priya-laptop');
    const ownerSessions = rows(await client.get('/account/sessions?limit=200')).map((row) => row.device_label);
    expect(ownerSessions).not.toContain('difyctl on priya-laptop');
  });

  it('a cookie of one login with the CSRF token of the other is refused', async () => {
    const code = await deviceCode(client);
    const headers = { cookie: server.consoleCookie, 'x-csrf-token': server.secondAccount.csrfToken };
    expect((await client.post('/oauth/device/approve', { user_code: code.user_code }, { token: null, headers })).status).toBe(401);
  });
});

describe('faults over the realistic profile', () => {
  it('sse-node-finished-first breaks the node order of a realistic stream', () =>
    withServer({ ...ROOMY, faults: ['sse-node-finished-first'] }, async (target) => {
      const events = await runEvents(target, target.server.appIds.workflow, RUN_BODIES.workflow);
      expect(() => expectWellFormed(events, ['workflow_finished'])).toThrow();
    }));

  it('auth-missing-bearer-accepted serves a request without a bearer', () =>
    withServer({ ...ROOMY, faults: ['auth-missing-bearer-accepted'] }, async (target) => {
      expect((await target.get('/account', { token: null })).status).toBe(200);
    }));
});

describe('describing the server', () => {
  it('a realistic description names the profile and every quota', () => {
    const text = describeReferenceServer(server);
    expect(text).toContain('Profile: realistic');
    expect(text).toContain('100000 per 1 min');
    expect(text).toContain('10 per 1 h');
    expect(text).toContain('60 per 5 min');
    expect(text).toContain(server.secondAccount.email);
    expect(describeReferenceServer(providers)).toContain('a model provider is configured');
  });

  it('the ideal description has no profile section', () =>
    withServer({}, async (target) => {
      expect(describeReferenceServer(target.server)).not.toContain('Profile:');
    }));

  it("renders .env lines that dotenv reads back to the server's settings", () => {
    const parsed = parseDotenv(referenceServerEnv(server));
    expect(parsed).toEqual({
      DIFY_BASE_URL: server.baseUrl,
      DIFY_TOKEN: server.token,
      DIFY_WORKSPACE_ID: server.workspaceId,
      DIFY_CONSOLE_COOKIE: server.consoleCookie,
      DIFY_CONSOLE_CSRF_TOKEN: server.csrfToken,
      DIFY_HITL_APP_ID: server.hitlAppId,
      DIFY_FILE_APP_ID: server.fileAppId,
      DIFY_FOREIGN_WORKSPACE_ID: server.foreignWorkspaceId,
      DIFY_FOREIGN_APP_ID: server.foreignAppId,
      DIFY_OTHER_MEMBER_TOKEN: server.secondAccount.token,
      DIFY_UPLOAD_LIMIT_MB: String(server.uploadLimitMb),
      DIFY_APP_ID_WORKFLOW: server.appIds.workflow,
      DIFY_APP_ID_ADVANCED_CHAT: server.appIds['advanced-chat'],
      DIFY_APP_ID_CHAT: server.appIds.chat,
      DIFY_APP_ID_COMPLETION: server.appIds.completion,
      DIFY_APP_ID_AGENT_CHAT: server.appIds['agent-chat'],
    });
  });
});
