// Authentication, the guard order and the error contract of the reference
// server (docs/server-behavior.md §1.3, §1.5, §2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client } from './client.ts';
import type { Answer } from './client.ts';

let server: ReferenceServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer();
  client = new Client(server);
});
afterAll(() => server.close());

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

function expectErrorBody(answer: Answer, status: number, code: string, message?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  const error = body(answer);
  expect(error).toMatchObject({ code, status });
  expect(typeof error.message).toBe('string');
  if (message !== undefined) expect(error.message).toBe(message);
  // Empty hint/details are omitted, not null.
  expect(Object.keys(error).filter((key) => !['code', 'message', 'status'].includes(key))).toEqual([]);
}

describe('bearer authentication', () => {
  const protectedCalls: [string, string][] = [
    ['GET', '/account'],
    ['GET', '/account/sessions'],
    ['GET', '/workspaces'],
    ['GET', `/apps?workspace_id=${SEED.mainWorkspaceId}`],
    ['POST', `/apps/${SEED.agentAppId}/run`],
    ['DELETE', '/account/sessions/self'],
  ];

  it.each(protectedCalls)('%s %s without Authorization answers 401 bearer required with WWW-Authenticate', async (method, path) => {
    const answer = await client.call(method, path, { token: null });
    expectErrorBody(answer, 401, 'unauthorized', 'bearer required');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it.each([
    ['another scheme with a valid token', () => `Token ${server.token}`],
    ['Basic credentials', () => 'Basic dXNlcjpwYXNz'],
    ['an empty bearer value', () => 'Bearer '],
    ['the scheme alone', () => 'Bearer'],
  ])('%s counts as a missing bearer', async (_label, header) => {
    const answer = await client.get('/account', { token: null, headers: { authorization: header() } });
    expectErrorBody(answer, 401, 'unauthorized', 'bearer required');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it.each([
    ['a well-formed unknown dfoa_ token', `dfoa_${'A'.repeat(43)}`],
    ['a well-formed unknown dfoe_ token', `dfoe_${'B'.repeat(43)}`],
    ['a token with an unknown prefix', `sk-${'C'.repeat(40)}`],
    ['garbage', 'not-a-token'],
  ])('%s answers 401 with the invalid-token message', async (_label, token) => {
    const answer = await client.get('/account', { token });
    expectErrorBody(answer, 401, 'unauthorized', 'Invalid or unknown bearer token.');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it('accepts the scheme in any case and strips the value', async () => {
    const answer = await client.get('/account', { token: null, headers: { authorization: `bEaReR    ${server.token}` } });
    expect(answer.status).toBe(200);
  });

  it('the owner token works and hands back JSON', async () => {
    const answer = await client.get('/account');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
  });
});

describe('guard order', () => {
  it('401 comes before validation: bad paging without a bearer is 401, with one it is 422', async () => {
    expect((await client.get('/account/sessions?page=0', { token: null })).status).toBe(401);
    expect((await client.get('/account/sessions?page=0')).status).toBe(422);
  });

  it('401 comes before a missing app', async () => {
    expect((await client.post(`/apps/${UNKNOWN_UUID}/run`, { inputs: {} }, { token: null })).status).toBe(401);
  });

  it('an unknown or malformed workspace is 404 before any 422', async () => {
    expectErrorBody(await client.get(`/apps?workspace_id=${UNKNOWN_UUID}&page=0`), 404, 'not_found', 'workspace not found');
    expectErrorBody(await client.get('/apps?workspace_id=nope&page=0'), 404, 'not_found', 'workspace not found');
    expectErrorBody(await client.get('/apps?page=0'), 404, 'not_found', 'workspace not found');
  });

  it('a workspace the caller does not belong to is 404, not 403', async () => {
    expectErrorBody(await client.get(`/workspaces/${SEED.foreignWorkspaceId}`), 404, 'not_found', 'workspace not found');
    expectErrorBody(await client.get(`/apps?workspace_id=${SEED.foreignWorkspaceId}`), 404, 'not_found', 'workspace not found');
    expectErrorBody(await client.post(`/workspaces/${SEED.foreignWorkspaceId}/members`, {}), 404, 'not_found', 'workspace not found');
  });

  it('an app in a foreign workspace answers workspace not found, even with a bad body', async () => {
    expectErrorBody(await client.post(`/apps/${SEED.foreignAppId}/run`, { nonsense: true }), 404, 'not_found', 'workspace not found');
    expectErrorBody(await client.get(`/apps/${SEED.foreignAppId}/describe?fields=bogus`), 404, 'not_found', 'workspace not found');
  });

  it('an unknown or malformed app id is 404 app not found', async () => {
    expectErrorBody(await client.get(`/apps/${UNKNOWN_UUID}/describe`), 404, 'not_found', 'app not found');
    expectErrorBody(await client.get('/apps/not-a-uuid/describe'), 404, 'not_found', 'app not found');
  });

  it('an app with its API switched off is 403 service_api_disabled', async () => {
    expectErrorBody(await client.get(`/apps/${SEED.apiDisabledAppId}/describe`), 403, 'forbidden', 'service_api_disabled');
  });

  it('a ?workspace_id naming another workspace on an app route is 422 without details', async () => {
    const answer = await client.get(`/apps/${server.appIds.workflow}/export?workspace_id=${SEED.partnerWorkspaceId}`);
    expectErrorBody(answer, 422, 'invalid_param', "workspace_id does not match app's workspace");
  });
});

describe('routing errors', () => {
  it.each(['/nope', '/apps/x/y/z/w', '/account/', '/_health/extra'])('unknown path %s is a canonical 404 ErrorBody', async (path) => {
    const answer = await client.get(path);
    expectErrorBody(answer, 404, 'not_found');
    expect(body(answer).message).toMatch(/^The requested URL was not found on the server/);
    expect(answer.text).not.toMatch(/did you mean/i);
  });

  it('unknown paths are 404 even without a bearer', async () => {
    expectErrorBody(await client.get('/definitely/unknown', { token: null }), 404, 'not_found');
  });

  it('paths outside the API root are not ErrorBody', async () => {
    const response = await fetch(server.baseUrl.replace('/openapi/v1', '/console/api/apps'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).not.toBe('application/json');
  });

  it.each([
    ['DELETE', '/account', 'GET'],
    ['PUT', '/_health', 'GET'],
    ['GET', '/oauth/device/code', 'POST'],
    ['PATCH', `/workspaces/${SEED.mainWorkspaceId}/members/${SEED.adminId}/role`, 'PUT'],
  ])('%s %s is 405 with Allow, before authentication', async (method, path, allowed) => {
    const answer = await client.call(method, path, { token: null });
    expectErrorBody(answer, 405, 'method_not_allowed');
    expect(answer.headers.get('allow')).toContain(allowed);
  });

  it('HEAD and OPTIONS are answered like Flask does', async () => {
    const head = await fetch(`${server.baseUrl}/_health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const options = await fetch(`${server.baseUrl}/_health`, { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toContain('GET');
  });
});

describe('validation errors', () => {
  it('an unparseable JSON body reads as {} and reports the missing fields', async () => {
    const answer = await client.call('PUT', `/workspaces/${SEED.mainWorkspaceId}/members/${SEED.normalMemberId}/role`, {
      body: '{"role": ',
      headers: { 'content-type': 'application/json' },
    });
    expectErrorBodyWithDetails(answer, [{ type: 'missing', loc: ['role'], msg: 'Field required' }]);
  });

  it('a body sent without a JSON content type reads as {}', async () => {
    const answer = await client.call('PUT', `/workspaces/${SEED.mainWorkspaceId}/members/${SEED.normalMemberId}/role`, {
      body: '{"role":"admin"}',
      headers: { 'content-type': 'text/plain' },
    });
    expectErrorBodyWithDetails(answer, [{ type: 'missing', loc: ['role'], msg: 'Field required' }]);
  });

  it('a JSON body that is not an object is a model_type error at loc []', async () => {
    const answer = await client.put(`/workspaces/${SEED.mainWorkspaceId}/members/${SEED.normalMemberId}/role`, ['admin']);
    expect(answer.status).toBe(422);
    expect(body(answer).details).toContainEqual({
      type: 'model_type',
      loc: [],
      msg: 'Input should be a valid dictionary or instance of MemberRoleUpdatePayload',
    });
  });

  it('details never echo the submitted value', async () => {
    const probe = 'zz-submitted-value-zz';
    const answer = await client.get(`/account/sessions?page=${probe}&limit=${probe}`);
    expect(answer.status).toBe(422);
    expect(answer.text).not.toContain(probe);
    expect(answer.text).not.toContain('errors.pydantic.dev');
  });
});

function expectErrorBodyWithDetails(answer: Answer, details: unknown[]): void {
  expect(answer.status).toBe(422);
  expect(body(answer)).toEqual({ code: 'invalid_param', message: 'Request validation failed', status: 422, details });
}

describe('headers and request log', () => {
  it('every answer carries the anti-framing headers', async () => {
    for (const answer of [await client.get('/_health'), await client.get('/nope'), await client.get('/account', { token: null })]) {
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    }
  });

  it('records every request with its method and path, without the query', async () => {
    const before = server.requestLog.length;
    await client.get('/_version?probe=1');
    await client.call('DELETE', '/nowhere');
    const entries = server.requestLog.slice(before);
    expect(entries.map(({ method, path }) => ({ method, path }))).toEqual([
      { method: 'GET', path: '/openapi/v1/_version' },
      { method: 'DELETE', path: '/openapi/v1/nowhere' },
    ]);
    for (const entry of entries) expect(Math.abs(entry.at - Date.now())).toBeLessThan(5_000);
  });
});

describe('meta endpoints', () => {
  it('/_health is {"ok": true} without auth and ignores a bogus bearer', async () => {
    for (const token of [null, 'dfoa_bogus']) {
      const answer = await client.get('/_health', { token });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ ok: true });
      expect(answer.headers.get('content-type')).toBe('application/json');
    }
  });

  it('/_version reports the version and SELF_HOSTED, ignoring a bogus bearer', async () => {
    for (const token of [null, `dfoa_${'Z'.repeat(43)}`]) {
      const answer = await client.get('/_version', { token });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ version: '1.14.0', edition: 'SELF_HOSTED' });
    }
  });

  it('the device-flow endpoints need no bearer', async () => {
    const answer = await client.get('/oauth/device/lookup?user_code=ABCD-EFGH', { token: null });
    expect(answer.status).toBe(200);
  });
});
