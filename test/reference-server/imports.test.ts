// DSL imports: the version rule, pending imports and confirmation, overwrite,
// yaml-url fetching, validation, and imported apps behaving like real ones
// (docs/server-behavior.md §8, §6.3).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, dataEvents, readEvents, rows, sleep } from './client.ts';
import type { Answer, Json } from './client.ts';

let server: ReferenceServer;
let shortTtl: ReferenceServer;
let client: Client;
let dslHost: Server;
let dslBase: string;

function workflowDsl(version: string | number | undefined, name = 'Imported Digest', extra: Json = {}): string {
  const document: Json = {
    app: { name, mode: 'workflow', description: 'Imported in a test', icon: '📦' },
    kind: 'app',
    workflow: {
      environment_variables: [],
      graph: {
        nodes: [
          {
            id: 'start',
            data: { type: 'start', title: 'Start', variables: [{ variable: 'topic', label: 'Topic', type: 'text-input', required: true, max_length: 100 }] },
          },
        ],
        edges: [],
      },
    },
    ...extra,
  };
  if (version !== undefined) document.version = version;
  return stringify(document);
}

const CHAT_DSL = stringify({ version: '0.6.0', kind: 'app', app: { name: 'Imported Chat', mode: 'chat' }, model_config: { user_input_form: [] } });

beforeAll(async () => {
  [server, shortTtl] = await Promise.all([startReferenceServer({ streamEventDelayMs: 0 }), startReferenceServer({ importPendingTtlSeconds: 0.2 })]);
  client = new Client(server);
  dslHost = createServer((req, res) => {
    if (req.url === '/app.yml') res.end(workflowDsl('0.6.0', 'From URL'));
    else if (req.url === '/empty.yml') res.end('');
    else if (req.url === '/huge.yml') res.end(Buffer.alloc(11 * 1024 * 1024, 'a'));
    else {
      res.statusCode = 404;
      res.end('missing');
    }
  });
  await new Promise<void>((resolve) => dslHost.listen(0, '127.0.0.1', resolve));
  dslBase = `http://127.0.0.1:${(dslHost.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all([server.close(), shortTtl.close()]);
  dslHost.closeAllConnections();
  await new Promise((resolve) => dslHost.close(resolve));
});

const importInto = (payload: unknown, workspaceId: string = server.workspaceId, target: Client = client): Promise<Answer> =>
  target.post(`/workspaces/${workspaceId}/apps/imports`, payload);
const confirm = (importId: unknown, target: Client = client): Promise<Answer> =>
  target.post(`/workspaces/${target.server.workspaceId}/apps/imports/${String(importId)}/confirm`);

function expectImport(answer: Answer, httpStatus: number, fields: Json): Json {
  expect(answer.status).toBe(httpStatus);
  const result = body(answer);
  expect(Object.keys(result).sort()).toEqual(['app_id', 'app_mode', 'current_dsl_version', 'error', 'id', 'imported_dsl_version', 'status']);
  expect(result).toMatchObject({ current_dsl_version: '0.6.0', ...fields });
  expect(String(result.id)).toMatch(/^[0-9a-f-]{36}$/);
  return result;
}

describe('version rule', () => {
  it.each([
    ['0.6.0', 200, 'completed'],
    ['0.6', 200, 'completed'],
    ['0.5.2', 200, 'completed-with-warnings'],
    ['0.1.0', 200, 'completed-with-warnings'],
    ['0.6.1', 202, 'pending'],
    ['0.7.0', 202, 'pending'],
    ['1.0.0', 202, 'pending'],
  ])('version %s → %i %s', async (version, httpStatus, status) => {
    const result = expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl(version) }), httpStatus, {
      status,
      imported_dsl_version: version,
      error: '',
    });
    if (status === 'pending') expect(result).toMatchObject({ app_id: null, app_mode: null });
    else expect(result).toMatchObject({ app_id: expect.any(String), app_mode: 'workflow' });
  });

  it('a missing version reads as 0.1.0', async () => {
    expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl(undefined) }), 200, {
      status: 'completed-with-warnings',
      imported_dsl_version: '0.1.0',
    });
  });

  it('a version YAML reads as a number fails', async () => {
    expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl(0.6) }), 400, {
      status: 'failed',
      error: "Invalid version type, expected str, got <class 'float'>",
      app_id: null,
      app_mode: null,
    });
  });

  it('an unparseable version fails', async () => {
    expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('latest') }), 400, { status: 'failed' });
  });
});

describe('failed imports', () => {
  it.each([
    ['broken YAML', 'app: [unclosed', /^Invalid YAML format: /],
    ['a scalar document', 'just text', /^Invalid YAML format: content must be a mapping$/],
    ['no app block', stringify({ version: '0.6.0', kind: 'app', workflow: {} }), /^Missing app data in YAML content$/],
    ['an unknown mode', stringify({ version: '0.6.0', app: { name: 'x', mode: 'spreadsheet' } }), /^invalid mode value spreadsheet$/],
    ['a workflow without workflow data', stringify({ version: '0.6.0', app: { name: 'x', mode: 'workflow' } }), /^Missing workflow data/],
    ['a chat app without model_config', stringify({ version: '0.6.0', app: { name: 'x', mode: 'chat' } }), /^Missing model_config/],
  ])('%s → 400 failed with the error', async (_label, yaml, error) => {
    const result = expectImport(await importInto({ mode: 'yaml-content', yaml_content: yaml }), 400, { status: 'failed', app_id: null });
    expect(String(result.error)).toMatch(error);
  });
});

describe('pending imports', () => {
  it('confirm completes once, then reports the import expired', async () => {
    const pending = expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.7.0', 'Future Format App') }), 202, {
      status: 'pending',
    });
    const confirmed = expectImport(await confirm(pending.id), 200, {
      id: pending.id,
      status: 'completed',
      app_mode: 'workflow',
      imported_dsl_version: '0.7.0',
      error: '',
    });
    expect(rows(await client.get(`/apps?workspace_id=${server.workspaceId}&name=${String(confirmed.app_id)}`))[0]).toMatchObject({ name: 'Future Format App' });
    expectImport(await confirm(pending.id), 400, { id: pending.id, status: 'failed', error: 'Import information expired or does not exist' });
  });

  it('an unknown import id fails the same way', async () => {
    expectImport(await confirm('00000000-0000-4000-8000-000000000000'), 400, { status: 'failed', error: 'Import information expired or does not exist' });
  });

  it('a pending import is kept only for its lifetime', async () => {
    const target = new Client(shortTtl);
    const pending = body(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.7.0') }, shortTtl.workspaceId, target));
    await sleep(300);
    expectImport(await confirm(pending.id, target), 400, { status: 'failed', error: 'Import information expired or does not exist' });
  });

  it('a pending overwrite names the app it will overwrite', async () => {
    const pending = expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.7.0'), app_id: server.appIds['advanced-chat'] }), 202, {
      status: 'pending',
    });
    expect(pending.app_id).toBe(server.appIds['advanced-chat']);
  });
});

describe('overwrite', () => {
  it('overwrites a workflow app in place', async () => {
    const result = expectImport(
      await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.6.0', 'Triage v2'), app_id: server.appIds.workflow }),
      200,
      { status: 'completed', app_id: server.appIds.workflow },
    );
    expect(result.app_mode).toBe('workflow');
    const info = body(await client.get(`/apps/${server.appIds.workflow}/describe?fields=info`)).info as Json;
    expect(info.name).toBe('Triage v2');
  });

  it.each([
    ['a chat app', () => server.appIds.chat, 'Only workflow or advanced chat apps can be overwritten'],
    ['an unknown app', () => '00000000-0000-4000-8000-000000000000', 'App not found'],
    ['an app of another workspace', () => SEED.partnerAppId, 'App not found'],
  ])('refuses %s', async (_label, appId, error) => {
    expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.6.0'), app_id: appId() }), 400, { status: 'failed', error });
  });
});

describe('request validation', () => {
  it.each([
    ['missing mode', { yaml_content: 'x' }, [{ type: 'missing', loc: ['mode'], msg: 'Field required' }]],
    ['an unknown mode', { mode: 'yaml-file', yaml_content: 'x' }, [{ type: 'enum', loc: ['mode'], msg: "Input should be 'yaml-content' or 'yaml-url'" }]],
    [
      'an extra key',
      { mode: 'yaml-content', yaml_content: 'x', force: true },
      [{ type: 'extra_forbidden', loc: ['force'], msg: 'Extra inputs are not permitted' }],
    ],
    [
      'yaml-content without content',
      { mode: 'yaml-content' },
      [{ type: 'value_error', loc: [], msg: "Value error, yaml_content is required when mode is 'yaml-content'" }],
    ],
    [
      'yaml-url without a url',
      { mode: 'yaml-url', yaml_content: 'x' },
      [{ type: 'value_error', loc: [], msg: "Value error, yaml_url is required when mode is 'yaml-url'" }],
    ],
    [
      'a non-string name',
      { mode: 'yaml-content', yaml_content: 'x', name: 7 },
      [{ type: 'string_type', loc: ['name'], msg: 'Input should be a valid string' }],
    ],
  ])('%s → 422 ErrorBody', async (_label, payload, details) => {
    const answer = await importInto(payload);
    expect(answer.status).toBe(422);
    expect(body(answer)).toEqual({ code: 'invalid_param', message: 'Request validation failed', status: 422, details });
  });

  it('an unknown or foreign workspace is 404 before validation', async () => {
    expect((await importInto({}, SEED.foreignWorkspaceId)).status).toBe(404);
  });
});

describe('yaml-url', () => {
  it('fetches the DSL from the URL', async () => {
    const result = expectImport(await importInto({ mode: 'yaml-url', yaml_url: `${dslBase}/app.yml` }), 200, { status: 'completed' });
    const info = body(await client.get(`/apps/${String(result.app_id)}/describe?fields=info`)).info as Json;
    expect(info.name).toBe('From URL');
  });

  it.each([
    ['a 404', '/missing.yml', /^Error fetching YAML from URL: /],
    ['an empty body', '/empty.yml', /^Empty content from url$/],
    ['a body over 10 MB', '/huge.yml', /^File size exceeds the limit of 10MB$/],
  ])('%s fails the import', async (_label, path, error) => {
    const result = expectImport(await importInto({ mode: 'yaml-url', yaml_url: `${dslBase}${path}` }), 400, { status: 'failed' });
    expect(String(result.error)).toMatch(error);
  });

  it('an unreachable host fails the import', async () => {
    const result = expectImport(await importInto({ mode: 'yaml-url', yaml_url: 'http://127.0.0.1:1/app.yml' }), 400, { status: 'failed' });
    expect(String(result.error)).toMatch(/^Error fetching YAML from URL: /);
  });
});

describe('imported apps are real apps', () => {
  it('listable, describable, exportable and runnable', async () => {
    const result = body(
      await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.6.0', 'Weekly Topic Brief'), description: 'Overridden', name: 'Topic Brief' }),
    );
    const appId = String(result.app_id);
    const [listed] = rows(await client.get(`/apps?workspace_id=${server.workspaceId}&limit=1`));
    expect(listed).toMatchObject({ id: appId, name: 'Topic Brief', description: 'Overridden', mode: 'workflow', created_by_name: 'Maya Chen' });
    const schema = body(await client.get(`/apps/${appId}/describe?fields=input_schema`)).input_schema as Json;
    expect((schema.properties as Json).inputs).toMatchObject({ required: ['topic'] });
    expect(parse(String(body(await client.get(`/apps/${appId}/export`)).data))).toMatchObject({ app: { name: 'Topic Brief' }, version: '0.6.0' });
    expect((await client.post(`/apps/${appId}/run`, { inputs: {} })).status).toBe(422);
    const events = dataEvents(await readEvents(await client.request('POST', `/apps/${appId}/run`, { json: { inputs: { topic: 'pricing' } } })));
    expect(events.at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'succeeded' } });
  });

  it('a chat import is run as a chat app', async () => {
    const result = body(await importInto({ mode: 'yaml-content', yaml_content: CHAT_DSL }));
    expect(result.app_mode).toBe('chat');
    const answer = await client.post(`/apps/${String(result.app_id)}/run`, { inputs: {} });
    expect(body(answer).message).toBe('query_required_for_chat');
  });

  it('a member with the normal role may import (seed-era rule)', async () => {
    expectImport(await importInto({ mode: 'yaml-content', yaml_content: workflowDsl('0.6.0') }, server.otherWorkspaceId), 200, { status: 'completed' });
  });
});

describe('check-dependencies after an import', () => {
  const withDependencies = (identifiers: string[]): string =>
    workflowDsl('0.6.0', 'Plugin App', {
      dependencies: identifiers.map((identifier) => ({
        type: 'marketplace',
        value: { marketplace_plugin_unique_identifier: identifier },
        current_identifier: null,
      })),
    });

  it('lists the plugins the server does not have', async () => {
    const result = body(
      await importInto({ mode: 'yaml-content', yaml_content: withDependencies(['acme/crm-tools:1.2.0@abc', 'langgenius/openai:0.1.4@def']) }),
    );
    const answer = await client.get(`/apps/${String(result.app_id)}/check-dependencies`);
    expect(answer.json).toEqual({
      leaked_dependencies: [{ type: 'marketplace', value: { marketplace_plugin_unique_identifier: 'acme/crm-tools:1.2.0@abc' }, current_identifier: null }],
    });
  });

  it('is empty when every plugin is installed', async () => {
    const result = body(await importInto({ mode: 'yaml-content', yaml_content: withDependencies(['langgenius/anthropic:0.2.0@x']) }));
    expect((await client.get(`/apps/${String(result.app_id)}/check-dependencies`)).json).toEqual({ leaked_dependencies: [] });
  });
});
