// Community and enterprise editions (the external-SSO surface), the per-token
// rate limit, and the server's other options and lifecycle
// (docs/server-behavior.md §1.4–1.6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReferenceServer } from '../../lib/reference-server/describe.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, dataEvents, readEvents, rows } from './client.ts';

let community: ReferenceServer;
let enterprise: ReferenceServer;
let limited: ReferenceServer;

beforeAll(async () => {
  [community, enterprise, limited] = await Promise.all([
    startReferenceServer(),
    startReferenceServer({ edition: 'enterprise', version: '1.15.2' }),
    startReferenceServer({ rateLimitPerMinute: 3 }),
  ]);
});
afterAll(() => Promise.all([community.close(), enterprise.close(), limited.close()]));

const WERKZEUG_404 = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

describe('community edition', () => {
  it.each([
    ['the external token', () => community.externalToken],
    ['the account token', () => community.token],
    ['no token', () => null],
  ])('/permitted-external-apps is 404 ErrorBody with %s', async (_label, token) => {
    const answer = await new Client(community).get('/permitted-external-apps', { token: token() });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ code: 'not_found', message: WERKZEUG_404, status: 404 });
  });

  it('an external token on a route both kinds may use needs the enterprise edition', async () => {
    const answer = await new Client(community).post(`/apps/${community.appIds.chat}/run`, { inputs: {}, query: 'hi' }, { token: community.externalToken });
    expect(answer.status).toBe(403);
    expect(body(answer)).toMatchObject({ code: 'forbidden', message: 'external_sso_requires_ee' });
  });

  it('an external token on an account-only route is the wrong token type', async () => {
    for (const path of ['/account', '/workspaces', `/apps?workspace_id=${SEED.mainWorkspaceId}`]) {
      const answer = await new Client(community).get(path, { token: community.externalToken });
      expect(answer.status).toBe(403);
      expect(body(answer).message).toBe('unsupported_token_type');
    }
  });
});

describe('enterprise edition', () => {
  let client: Client;
  beforeAll(() => {
    client = new Client(enterprise);
  });

  it('lists the apps an external subject may use', async () => {
    const answer = await client.get('/permitted-external-apps?limit=5', { token: enterprise.externalToken });
    expect(answer.status).toBe(200);
    expect(body(answer)).toMatchObject({ page: 1, limit: 5, has_more: true });
    for (const row of rows(answer)) expect(row).toMatchObject({ id: expect.any(String), name: expect.any(String), mode: expect.any(String) });
  });

  it('refuses an account token with 403 unsupported_token_type', async () => {
    const answer = await client.get('/permitted-external-apps', { token: enterprise.token });
    expect(answer.status).toBe(403);
    expect(body(answer)).toEqual({ code: 'forbidden', message: 'unsupported_token_type', status: 403 });
  });

  it('still needs a bearer', async () => {
    expect((await client.get('/permitted-external-apps', { token: null })).status).toBe(401);
  });

  it('an external subject runs a permitted app and may not run others', async () => {
    const permitted = rows(await client.get('/permitted-external-apps?mode=chat', { token: enterprise.externalToken }))[0];
    const response = await client.request('POST', `/apps/${String(permitted?.id)}/run`, {
      token: enterprise.externalToken,
      json: { inputs: {}, query: 'Hello' },
    });
    expect(response.status).toBe(200);
    expect(dataEvents(await readEvents(response)).at(-1)).toMatchObject({ event: 'message_end' });
    const listed = new Set(rows(await client.get('/permitted-external-apps?limit=200', { token: enterprise.externalToken })).map((row) => row.id));
    const forbidden = Object.values(enterprise.appIds).find((id) => !listed.has(id));
    const answer = await client.post(`/apps/${String(forbidden)}/run`, { inputs: {}, query: 'x' }, { token: enterprise.externalToken });
    expect(answer.status).toBe(403);
  });

  it('reports the configured version; the edition stays SELF_HOSTED', async () => {
    expect((await client.get('/_version', { token: null })).json).toEqual({ version: '1.15.2', edition: 'SELF_HOSTED' });
  });
});

describe('per-token rate limit', () => {
  it('answers 429 ErrorBody with Retry-After once a token spends its minute', async () => {
    const client = new Client(limited);
    for (let index = 0; index < 3; index += 1) expect((await client.get('/account')).status).toBe(200);
    const refused = await client.get('/account');
    expect(refused.status).toBe(429);
    expect(body(refused)).toEqual({ code: 'too_many_requests', message: 'rate_limited', status: 429 });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts each token on its own and leaves auth-free routes alone', async () => {
    const client = new Client(limited);
    const other = `dfoa_${'Q'.repeat(43)}`;
    for (let index = 0; index < 3; index += 1) expect((await client.get('/account', { token: other })).status).toBe(401);
    // The limit applies before the token lookup, so even an unknown token is throttled.
    expect((await client.get('/account', { token: other })).status).toBe(429);
    for (let index = 0; index < 5; index += 1) expect((await client.get('/_health', { token: null })).status).toBe(200);
  });

  it('is off by default', async () => {
    const client = new Client(community);
    for (let index = 0; index < 10; index += 1) expect((await client.get('/account')).status).toBe(200);
  });
});

describe('options and lifecycle', () => {
  it('every server starts from the same seed, with its own state and secrets', async () => {
    const [a, b] = await Promise.all([startReferenceServer(), startReferenceServer()]);
    try {
      expect(a.appIds).toEqual(b.appIds);
      expect(a.workspaceId).toBe(b.workspaceId);
      expect(a.token).not.toBe(b.token);
      // Ids minted while running follow the same sequence on every server.
      const importOf = (server: ReferenceServer) =>
        new Client(server).post(`/workspaces/${server.workspaceId}/apps/imports`, { mode: 'yaml-content', yaml_content: 'x: [' });
      expect(body(await importOf(a)).id).toBe(body(await importOf(b)).id);
      await new Client(a).post(`/workspaces/${a.workspaceId}/members`, { email: 'only.in.a@example.com', role: 'normal' });
      const emails = (server: ReferenceServer) =>
        new Client(server).get(`/workspaces/${server.workspaceId}/members?limit=200`).then((answer) => rows(answer).map((row) => row.email));
      expect(await emails(a)).toContain('only.in.a@example.com');
      expect(await emails(b)).not.toContain('only.in.a@example.com');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('listens where it is told and describes how to reach it', async () => {
    const probe = await startReferenceServer();
    const port = Number(new URL(probe.baseUrl).port);
    await probe.close();
    const placed = await startReferenceServer({ host: '127.0.0.1', port });
    try {
      expect(placed.baseUrl).toBe(`http://127.0.0.1:${port}/openapi/v1`);
      const text = describeReferenceServer(placed);
      for (const value of [
        placed.baseUrl,
        placed.token,
        placed.consoleCookie,
        placed.csrfToken,
        placed.workspaceId,
        placed.otherWorkspaceId,
        placed.hitlAppId,
        placed.fileAppId,
        ...Object.values(placed.appIds),
      ]) {
        expect(text).toContain(value);
      }
    } finally {
      await placed.close();
    }
  });

  it('close ends open streams and paused runs promptly', async () => {
    const target = await startReferenceServer({ streamEventDelayMs: 1_000 });
    const client = new Client(target);
    const paused = await client.request('POST', `/apps/${target.hitlAppId}/run`, { json: { inputs: { employee: 'A', amount: 1 } } });
    const running = await client.request('POST', `/apps/${target.appIds.workflow}/run`, { json: { inputs: { ticket_text: 'x' } } });
    const started = Date.now();
    const drained = Promise.allSettled([paused.text(), running.text()]);
    await target.close();
    await drained;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
