// The list envelope, its bounds and its validation on every paginated list,
// plus the filters of GET /apps (docs/server-behavior.md §3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, rows } from './client.ts';
import type { Json } from './client.ts';

let server: ReferenceServer;
let enterprise: ReferenceServer;
let client: Client;
let external: Client;

beforeAll(async () => {
  [server, enterprise] = await Promise.all([startReferenceServer(), startReferenceServer({ edition: 'enterprise' })]);
  client = new Client(server);
  external = new Client(enterprise);
});
afterAll(() => Promise.all([server.close(), enterprise.close()]));

interface ListCase {
  name: string;
  path: () => string;
  defaultLimit: number;
  strict: boolean;
  get: (query: string) => ReturnType<Client['get']>;
}

const LISTS: ListCase[] = [
  { name: 'sessions', path: () => '/account/sessions', defaultLimit: 100, strict: true, get: (query) => client.get(`/account/sessions${query}`) },
  {
    name: 'members',
    path: () => `/workspaces/${SEED.mainWorkspaceId}/members`,
    defaultLimit: 20,
    strict: true,
    get: (query) => client.get(`/workspaces/${SEED.mainWorkspaceId}/members${query}`),
  },
  {
    name: 'apps',
    path: () => '/apps',
    defaultLimit: 20,
    strict: false,
    get: (query) => client.get(`/apps?workspace_id=${SEED.mainWorkspaceId}${query.replace('?', '&')}`),
  },
  {
    name: 'permitted-external-apps',
    path: () => '/permitted-external-apps',
    defaultLimit: 20,
    strict: true,
    get: (query) => external.get(`/permitted-external-apps${query}`, { token: enterprise.externalToken }),
  },
];

describe.each(LISTS)('$name', (list) => {
  it('defaults to page 1 and its default limit, with a consistent envelope', async () => {
    const answer = await list.get('');
    expect(answer.status).toBe(200);
    const envelope = body(answer);
    expect(Object.keys(envelope).sort()).toEqual(['data', 'has_more', 'limit', 'page', 'total']);
    expect(envelope.page).toBe(1);
    expect(envelope.limit).toBe(list.defaultLimit);
    const total = envelope.total as number;
    expect(envelope.has_more).toBe(list.defaultLimit < total);
    expect(rows(answer).length).toBe(Math.min(total, list.defaultLimit));
  });

  it('walks every page exactly once, has_more = page*limit < total', async () => {
    const total = body(await list.get('')).total as number;
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 3); page += 1) {
      const envelope = body(await list.get(`?page=${page}&limit=3`));
      expect(envelope).toMatchObject({ page, limit: 3, total, has_more: page * 3 < total });
      seen.push(...(envelope.data as Json[]).map((row) => String(row.id)));
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('a page past the end is empty and echoes page and limit', async () => {
    const answer = await list.get('?page=999&limit=7');
    expect(answer.status).toBe(200);
    expect(body(answer)).toMatchObject({ page: 999, limit: 7, has_more: false, data: [] });
    expect(body(answer).total).toBeGreaterThan(0);
  });

  it.each([
    ['?page=0', 'greater_than_equal', 'page', 'Input should be greater than or equal to 1'],
    ['?page=-3', 'greater_than_equal', 'page', 'Input should be greater than or equal to 1'],
    ['?limit=0', 'greater_than_equal', 'limit', 'Input should be greater than or equal to 1'],
    ['?limit=201', 'less_than_equal', 'limit', 'Input should be less than or equal to 200'],
    ['?limit=999', 'less_than_equal', 'limit', 'Input should be less than or equal to 200'],
    ['?page=abc', 'int_parsing', 'page', 'Input should be a valid integer, unable to parse string as an integer'],
    ['?limit=5.0', 'int_parsing', 'limit', 'Input should be a valid integer, unable to parse string as an integer'],
    ['?limit=1e2', 'int_parsing', 'limit', 'Input should be a valid integer, unable to parse string as an integer'],
    ['?page=', 'int_parsing', 'page', 'Input should be a valid integer, unable to parse string as an integer'],
  ])('%s → 422 %s', async (query, type, param, msg) => {
    const answer = await list.get(query);
    expect(answer.status).toBe(422);
    expect(body(answer)).toEqual({ code: 'invalid_param', message: 'Request validation failed', status: 422, details: [{ type, loc: [param], msg }] });
  });

  it.each([
    ['%205', 5],
    ['+5', 5],
    ['05', 5],
    ['200', 200],
    ['1', 1],
  ])('limit=%s is read as %i (pydantic lax integers)', async (raw, limit) => {
    const answer = await list.get(`?limit=${raw}`);
    expect(answer.status).toBe(200);
    expect(body(answer).limit).toBe(limit);
  });

  it('reports every bad parameter at once', async () => {
    const answer = await list.get('?page=x&limit=0');
    expect((body(answer).details as Json[]).map((detail) => detail.loc)).toEqual([['page'], ['limit']]);
  });

  it(list.strict ? 'rejects parameters it does not declare' : 'ignores parameters it does not declare', async () => {
    const answer = await list.get('?foo=1&foo=2&page=1');
    if (list.strict) {
      expect(answer.status).toBe(422);
      expect(body(answer).details).toEqual([{ type: 'extra_forbidden', loc: ['foo'], msg: 'Extra inputs are not permitted' }]);
    } else {
      expect(answer.status).toBe(200);
    }
  });
});

describe('ordering', () => {
  it('sessions are newest first', async () => {
    const created = rows(await client.get('/account/sessions')).map((row) => Date.parse(String(row.created_at)));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('members come in insertion order, owner first', async () => {
    const members = rows(await client.get(`/workspaces/${SEED.mainWorkspaceId}/members`));
    expect(members[0]).toMatchObject({ id: SEED.ownerId, role: 'owner' });
    expect(members.length).toBeGreaterThanOrEqual(8);
    expect(new Set(members.map((row) => row.role))).toEqual(new Set(['owner', 'admin', 'editor', 'normal', 'dataset_operator']));
    expect(new Set(members.map((row) => row.status))).toEqual(new Set(['active', 'pending', 'banned']));
  });

  it('apps are updated_at descending with the id breaking ties', async () => {
    const apps = rows(await client.get(`/apps?workspace_id=${SEED.mainWorkspaceId}&limit=200`));
    expect(apps.length).toBeGreaterThanOrEqual(45);
    for (let index = 1; index < apps.length; index += 1) {
      const previous = apps[index - 1] as Json;
      const current = apps[index] as Json;
      const diff = Date.parse(String(previous.updated_at)) - Date.parse(String(current.updated_at));
      expect(diff).toBeGreaterThanOrEqual(0);
      if (diff === 0) expect(String(previous.id) < String(current.id)).toBe(true);
    }
    const stamps = apps.map((row) => row.updated_at);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
  });
});

describe('GET /apps filters', () => {
  const list = (query: string) => client.get(`/apps?workspace_id=${SEED.mainWorkspaceId}&limit=200${query}`);

  it('rows carry the AppListRow fields', async () => {
    const [row] = rows(await list('&limit=1'));
    expect(row).toMatchObject({
      id: server.appIds.workflow,
      name: 'Support Ticket Triage',
      mode: 'workflow',
      tags: [{ name: 'support' }, { name: 'internal' }],
      created_by_name: 'Priya Raman',
      workspace_id: SEED.mainWorkspaceId,
      workspace_name: 'Northwind Labs',
    });
    expect(String(row?.updated_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('without mode lists every listable mode but not the agent type nor API-disabled apps', async () => {
    const apps = rows(await list(''));
    expect(new Set(apps.map((row) => row.mode))).toEqual(new Set(['workflow', 'advanced-chat', 'chat', 'completion', 'agent-chat']));
    const ids = apps.map((row) => row.id);
    expect(ids).not.toContain(SEED.agentAppId);
    expect(ids).not.toContain(SEED.apiDisabledAppId);
  });

  it.each(['workflow', 'chat', 'advanced-chat', 'completion', 'agent-chat'])('mode=%s lists only that mode', async (mode) => {
    const apps = rows(await list(`&mode=${mode}`));
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) expect(app.mode).toBe(mode);
  });

  it('mode=agent lists the agent app; channel and rag-pipeline are accepted and empty', async () => {
    expect(rows(await list('&mode=agent')).map((row) => row.id)).toEqual([SEED.agentAppId]);
    for (const mode of ['channel', 'rag-pipeline']) {
      const answer = await list(`&mode=${mode}`);
      expect(answer.status).toBe(200);
      expect(body(answer)).toMatchObject({ total: 0, data: [] });
    }
  });

  it('an unknown mode is a 422 enum error', async () => {
    const answer = await list('&mode=assistant');
    expect(answer.status).toBe(422);
    expect(body(answer).details).toEqual([
      {
        type: 'enum',
        loc: ['mode'],
        msg: "Input should be 'advanced-chat', 'agent', 'agent-chat', 'channel', 'chat', 'completion', 'rag-pipeline' or 'workflow'",
      },
    ]);
  });

  it('name is a case-insensitive substring match', async () => {
    const names = rows(await list('&name=TRIAGE')).map((row) => row.name);
    expect(names.sort()).toEqual(['Bug Report Triage Chat', 'Support Ticket Triage']);
  });

  it('a UUID name is an exact id lookup with a one-row envelope', async () => {
    const answer = await client.get(`/apps?workspace_id=${SEED.mainWorkspaceId}&name=${server.appIds.chat}&page=3&limit=50`);
    expect(body(answer)).toMatchObject({ page: 1, limit: 1, total: 1, has_more: false });
    expect(rows(answer).map((row) => row.id)).toEqual([server.appIds.chat]);
    const missing = await list(`&name=${SEED.partnerAppId}`);
    expect(body(missing)).toMatchObject({ total: 0, data: [] });
  });

  it('a name over 200 characters is refused', async () => {
    const answer = await list(`&name=${'x'.repeat(201)}`);
    expect(answer.status).toBe(422);
    expect(body(answer).details).toEqual([{ type: 'string_too_long', loc: ['name'], msg: 'String should have at most 200 characters' }]);
  });

  it('tag is an exact tag name; an unknown tag is an empty envelope', async () => {
    const tagged = rows(await list('&tag=hr'));
    expect(tagged.length).toBeGreaterThan(0);
    for (const app of tagged) expect((app.tags as Json[]).map((tag) => tag.name)).toContain('hr');
    expect(body(await list('&tag=h'))).toMatchObject({ total: 0, data: [] });
  });

  it('the partner workspace lists its own apps', async () => {
    const apps = rows(await client.get(`/apps?workspace_id=${SEED.partnerWorkspaceId}`));
    expect(apps.map((row) => row.workspace_id)).toEqual(apps.map(() => SEED.partnerWorkspaceId));
    expect(apps.map((row) => row.id)).toContain(SEED.partnerAppId);
  });
});

describe('GET /permitted-external-apps filters', () => {
  it('filters by mode and name', async () => {
    const chats = rows(await external.get('/permitted-external-apps?mode=chat&limit=200', { token: enterprise.externalToken }));
    expect(chats.length).toBeGreaterThan(0);
    for (const app of chats) expect(app.mode).toBe('chat');
    const named = rows(await external.get('/permitted-external-apps?name=support', { token: enterprise.externalToken }));
    for (const app of named) expect(String(app.name).toLowerCase()).toContain('support');
  });
});
