// Reading one app: describe with its fields allow-list, DSL export and the
// dependency check (docs/server-behavior.md §6.1–6.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { uuidFrom } from '../../lib/reference-server/ids.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client } from './client.ts';
import type { Json } from './client.ts';

let server: ReferenceServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer();
  client = new Client(server);
});
afterAll(() => server.close());

const describePath = (appId: string, query = ''): string => `/apps/${appId}/describe${query}`;

describe('GET /apps/{id}/describe', () => {
  it('returns info, parameters and input_schema by default', async () => {
    const answer = await client.get(describePath(server.appIds.workflow));
    expect(answer.status).toBe(200);
    const described = body(answer);
    expect(described.info).toEqual({
      id: server.appIds.workflow,
      name: 'Support Ticket Triage',
      description: 'Classifies incoming tickets, suggests a priority and drafts the first reply.',
      mode: 'workflow',
      author: 'Priya Raman',
      tags: [{ name: 'support' }, { name: 'internal' }],
      updated_at: expect.stringMatching(/Z$/),
      service_api_enabled: true,
      is_agent: false,
    });
    expect(described.parameters).toMatchObject({
      user_input_form: [
        { paragraph: { variable: 'ticket_text', label: 'Ticket text', required: true, max_length: 4000 } },
        { select: { variable: 'priority_hint', required: false, options: ['low', 'normal', 'high'] } },
        { number: { variable: 'max_tags', required: false } },
      ],
      file_upload: { enabled: false },
      system_parameters: { file_size_limit: 15 },
    });
    expect(described.input_schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['inputs'],
      properties: {
        inputs: {
          type: 'object',
          required: ['ticket_text'],
          additionalProperties: false,
          properties: {
            ticket_text: { type: 'string', maxLength: 4000 },
            priority_hint: { type: 'string', enum: ['low', 'normal', 'high'] },
            max_tags: { type: 'number' },
          },
        },
      },
    });
  });

  it('chat-family schemas require a non-empty query', async () => {
    for (const mode of ['chat', 'agent-chat', 'advanced-chat'] as const) {
      const schema = body(await client.get(describePath(server.appIds[mode], '?fields=input_schema'))).input_schema as Json;
      expect(schema.required).toEqual(['query', 'inputs']);
      expect((schema.properties as Json).query).toEqual({ type: 'string', minLength: 1 });
    }
  });

  it.each([
    ['workflow', false],
    ['chat', false],
    ['completion', false],
    ['agent-chat', true],
    ['advanced-chat', true],
  ] as const)('is_agent of a %s app is %s', async (mode, isAgent) => {
    const info = body(await client.get(describePath(server.appIds[mode], '?fields=info'))).info as Json;
    expect(info).toMatchObject({ mode, is_agent: isAgent });
  });

  it('returns unrequested blocks as null', async () => {
    const answer = await client.get(describePath(server.appIds.chat, '?fields=info'));
    expect(body(answer).parameters).toBeNull();
    expect(body(answer).input_schema).toBeNull();
    expect(body(answer).info).not.toBeNull();
  });

  it('ignores blanks and spaces in fields; an empty list means everything', async () => {
    const some = body(await client.get(describePath(server.appIds.chat, `?fields=${encodeURIComponent(' parameters, ,input_schema ')}`)));
    expect(some.info).toBeNull();
    expect(some.parameters).not.toBeNull();
    expect(some.input_schema).not.toBeNull();
    const all = body(await client.get(describePath(server.appIds.chat, '?fields=')));
    expect(Object.values(all).every((block) => block !== null)).toBe(true);
  });

  it('an unknown field is 422 at loc ["fields"]', async () => {
    const answer = await client.get(describePath(server.appIds.chat, '?fields=info,secrets'));
    expect(answer.status).toBe(422);
    expect(body(answer).details).toEqual([{ type: 'value_error', loc: ['fields'], msg: "Value error, unknown field(s): ['secrets']" }]);
  });

  it('the query model is strict, even for a matching workspace_id', async () => {
    const extra = await client.get(describePath(server.appIds.chat, '?verbose=1'));
    expect(body(extra).details).toEqual([{ type: 'extra_forbidden', loc: ['verbose'], msg: 'Extra inputs are not permitted' }]);
    const matching = await client.get(describePath(server.appIds.chat, `?workspace_id=${server.workspaceId}`));
    expect(body(matching).details).toEqual([{ type: 'extra_forbidden', loc: ['workspace_id'], msg: 'Extra inputs are not permitted' }]);
  });

  it('describes apps of every mode, including the agent type and the file app', async () => {
    expect(body(await client.get(describePath(SEED.agentAppId, '?fields=info'))).info).toMatchObject({ mode: 'agent' });
    const file = body(await client.get(describePath(server.fileAppId)));
    expect(file.parameters).toMatchObject({ file_upload: { enabled: true } });
    expect(((file.input_schema as Json).properties as Json).inputs).toMatchObject({ required: ['contract'] });
  });
});

describe('GET /apps/{id}/export', () => {
  const exportOf = async (appId: string, query = ''): Promise<Json> => {
    const answer = await client.get(`/apps/${appId}/export${query}`);
    expect(answer.status).toBe(200);
    expect(Object.keys(body(answer))).toEqual(['data']);
    return parse(String(body(answer).data)) as Json;
  };
  const secretOf = (document: Json): unknown =>
    ((document.workflow as Json).environment_variables as Json[]).find((setting) => setting.name === 'CRM_API_KEY')?.value;

  it('answers {data: <YAML DSL>} describing the app', async () => {
    const document = await exportOf(server.appIds.workflow);
    expect(document).toMatchObject({ kind: 'app', version: '0.6.0', app: { name: 'Support Ticket Triage', mode: 'workflow' } });
    expect(document.workflow).toBeDefined();
    const chat = await exportOf(server.appIds.chat);
    expect(chat.model_config).toBeDefined();
  });

  it('blanks secret environment values unless include_secret is true', async () => {
    expect(secretOf(await exportOf(server.appIds.workflow))).toBe('');
    expect(secretOf(await exportOf(server.appIds.workflow, '?include_secret=false'))).toBe('');
    for (const yes of ['true', 'True', '1', 'yes', 'on']) {
      expect(secretOf(await exportOf(server.appIds.workflow, `?include_secret=${yes}`))).toBe('crm-live-7f3c9a1e2b4d');
    }
  });

  it('an include_secret that is not a boolean is 422 bool_parsing', async () => {
    const answer = await client.get(`/apps/${server.appIds.workflow}/export?include_secret=maybe`);
    expect(answer.status).toBe(422);
    expect(body(answer).details).toEqual([
      { type: 'bool_parsing', loc: ['include_secret'], msg: 'Input should be a valid boolean, unable to interpret input' },
    ]);
  });

  it('exports a published workflow version by id', async () => {
    const published = uuidFrom('workflow:Support Ticket Triage:v1');
    expect((await exportOf(server.appIds.workflow, `?workflow_id=${published}`)).app).toMatchObject({ mode: 'workflow' });
  });

  it('an unknown workflow_id is 404 ErrorBody, a malformed one 422', async () => {
    const unknown = await client.get(`/apps/${server.appIds.workflow}/export?workflow_id=00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(body(unknown)).toMatchObject({ code: 'not_found', status: 404 });
    const malformed = await client.get(`/apps/${server.appIds.workflow}/export?workflow_id=v1`);
    expect(malformed.status).toBe(422);
    expect(body(malformed).details).toEqual([{ type: 'value_error', loc: ['workflow_id'], msg: 'Value error, workflow_id must be a valid UUID' }]);
  });

  it('ignores parameters it does not declare', async () => {
    await exportOf(server.appIds.chat, '?format=yaml');
  });
});

describe('GET /apps/{id}/check-dependencies', () => {
  it('reports no leaked dependencies for seeded apps', async () => {
    const answer = await client.get(`/apps/${server.appIds.workflow}/check-dependencies`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ leaked_dependencies: [] });
  });

  it('is guarded like the other app routes', async () => {
    expect((await client.get(`/apps/${SEED.foreignAppId}/check-dependencies`)).status).toBe(404);
    expect((await client.get(`/apps/${SEED.apiDisabledAppId}/check-dependencies`)).status).toBe(403);
    expect((await client.get(`/apps/${server.appIds.chat}/check-dependencies`, { token: null })).status).toBe(401);
  });
});
