// Community and enterprise editions (the external-SSO surface), the per-token
// rate limit and the reported version (docs/server-behavior.md §1.4–1.6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const response = await client.request('POST', `/apps/${String(permitted?.id)}/run`, { token: enterprise.externalToken, json: { inputs: {}, query: 'Hello' } });
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
