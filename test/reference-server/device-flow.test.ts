// The device authorization flow (RFC 8628) as the real server runs it
// (docs/server-behavior.md §4), with a 1 s polling interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { body, Client, rows, sleep } from './client.ts';
import type { Json } from './client.ts';

let server: ReferenceServer;
let shortLived: ReferenceServer;
let client: Client;

beforeAll(async () => {
  [server, shortLived] = await Promise.all([
    startReferenceServer({ deviceFlow: { intervalSeconds: 1, expiresInSeconds: 30 } }),
    startReferenceServer({ deviceFlow: { intervalSeconds: 1, expiresInSeconds: 1 } }),
  ]);
  client = new Client(server);
});
afterAll(() => Promise.all([server.close(), shortLived.close()]));

const INTERVAL_MS = 1_050;

interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
}

async function requestCode(target: Client = client, label = 'difyctl on test-box'): Promise<DeviceCode> {
  const answer = await target.post('/oauth/device/code', { client_id: 'difyctl', device_label: label }, { token: null });
  expect(answer.status).toBe(200);
  return answer.json as DeviceCode;
}

function poll(code: DeviceCode, target: Client = client) {
  return target.post('/oauth/device/token', { client_id: 'difyctl', device_code: code.device_code }, { token: null });
}

function consoleHeaders(target: ReferenceServer = server): Record<string, string> {
  return { cookie: target.consoleCookie, 'x-csrf-token': target.csrfToken };
}

function approve(code: DeviceCode, target: Client = client) {
  return target.post('/oauth/device/approve', { user_code: code.user_code }, { token: null, headers: consoleHeaders(target.server) });
}

describe('POST /oauth/device/code', () => {
  it('issues a device code, a user code and the configured timings', async () => {
    const code = await requestCode();
    expect(code.device_code).toMatch(/^dc_[A-Za-z0-9_-]{32}$/);
    expect(code.user_code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXY3-9]{4}-[ABCDEFGHJKLMNPQRSTUVWXY3-9]{4}$/);
    expect(code.verification_uri).toBe('https://dify.northwind-labs.example.com/device');
    expect(code).toMatchObject({ expires_in: 30, interval: 1 });
  });

  it('refuses an unknown client with the RFC body', async () => {
    const answer = await client.post('/oauth/device/code', { client_id: 'other-cli', device_label: 'x' }, { token: null });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'unsupported_client' });
  });

  it('refuses a missing field with a 400 ErrorBody', async () => {
    const answer = await client.post('/oauth/device/code', { client_id: 'difyctl' }, { token: null });
    expect(answer.status).toBe(400);
    expect(body(answer)).toMatchObject({ code: 'bad_request', status: 400 });
    expect(String(body(answer).message)).toContain('device_label');
  });

  it('ignores extra keys', async () => {
    const answer = await client.post('/oauth/device/code', { client_id: 'difyctl', device_label: 'x', scope: 'all' }, { token: null });
    expect(answer.status).toBe(200);
  });
});

describe('GET /oauth/device/lookup', () => {
  it('reports a pending code as valid, after strip and uppercase', async () => {
    const code = await requestCode();
    const answer = await client.get(`/oauth/device/lookup?user_code=${encodeURIComponent(`  ${code.user_code.toLowerCase()} `)}`, { token: null });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ valid: true, expires_in_remaining: 30, client_id: 'difyctl' });
  });

  it('reports an unknown code as invalid with a null client', async () => {
    const answer = await client.get('/oauth/device/lookup?user_code=ZZZZ-ZZZZ', { token: null });
    expect(answer.json).toEqual({ valid: false, expires_in_remaining: 0, client_id: null });
  });

  it('reports a resolved code as invalid but names its client', async () => {
    const code = await requestCode();
    expect((await approve(code)).status).toBe(200);
    const answer = await client.get(`/oauth/device/lookup?user_code=${code.user_code}`, { token: null });
    expect(answer.json).toEqual({ valid: false, expires_in_remaining: 0, client_id: 'difyctl' });
  });

  it('needs user_code (400 ErrorBody)', async () => {
    const answer = await client.get('/oauth/device/lookup', { token: null });
    expect(answer.status).toBe(400);
    expect(body(answer)).toMatchObject({ code: 'bad_request', status: 400 });
  });
});

describe('approve and deny', () => {
  it.each([
    ['no console session', {}],
    ['a cookie but no CSRF header', { cookie: 'COOKIE' }],
    ['a wrong CSRF header', { cookie: 'COOKIE', 'x-csrf-token': 'wrong' }],
    ['the CSRF token under the X-CSRFToken spelling', { cookie: 'COOKIE', 'x-csrftoken': 'CSRF' }],
    ['a bearer instead of the cookie', { authorization: 'BEARER' }],
  ])('%s → 401 ErrorBody', async (_label, template) => {
    const code = await requestCode();
    const headers = Object.fromEntries(
      Object.entries(template).map(([key, value]) => [
        key,
        value.replace('COOKIE', server.consoleCookie).replace('CSRF', server.csrfToken).replace('BEARER', `Bearer ${server.token}`),
      ]),
    );
    const answer = await client.post('/oauth/device/approve', { user_code: code.user_code }, { token: null, headers });
    expect(answer.status).toBe(401);
    expect(body(answer)).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('a missing user_code is a 400 ErrorBody', async () => {
    const answer = await client.post('/oauth/device/approve', {}, { token: null, headers: consoleHeaders() });
    expect(answer.status).toBe(400);
    expect(body(answer)).toMatchObject({ code: 'bad_request', status: 400 });
  });

  it('an unknown code is 404 expired_or_unknown', async () => {
    const answer = await client.post('/oauth/device/deny', { user_code: 'ZZZZ-ZZZZ' }, { token: null, headers: consoleHeaders() });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: 'expired_or_unknown' });
  });

  it('a resolved code is 409 already_resolved, whichever way it went', async () => {
    const code = await requestCode();
    expect((await approve(code)).json).toEqual({ status: 'approved' });
    expect((await approve(code)).json).toEqual({ error: 'already_resolved' });
    const denied = await client.post('/oauth/device/deny', { user_code: code.user_code }, { token: null, headers: consoleHeaders() });
    expect(denied.status).toBe(409);
  });

  it('normalises the user code and ignores extra keys', async () => {
    const code = await requestCode();
    const answer = await client.post(
      '/oauth/device/deny',
      { user_code: ` ${code.user_code.toLowerCase()}`, account_id: 'forged' },
      { token: null, headers: consoleHeaders() },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'denied' });
  });
});

describe('POST /oauth/device/token', () => {
  it.concurrent('pending, then slow_down when polled too fast, then the token once', async () => {
    const code = await requestCode();
    expect((await poll(code)).json).toEqual({ error: 'authorization_pending' });
    const fast = await poll(code);
    expect(fast.status).toBe(400);
    expect(fast.json).toEqual({ error: 'slow_down' });
    expect((await approve(code)).status).toBe(200);
    await sleep(INTERVAL_MS);
    const granted = await poll(code);
    expect(granted.status).toBe(200);
    const payload = body(granted);
    expect(String(payload.token)).toMatch(/^dfoa_[A-Za-z0-9_-]{43}$/);
    expect(payload).toMatchObject({
      subject_type: 'account',
      account: { id: expect.any(String), email: 'maya.chen@northwind-labs.example.com', name: 'Maya Chen' },
      default_workspace_id: server.workspaceId,
    });
    expect(String(payload.expires_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(payload.workspaces).toEqual([
      { id: server.workspaceId, name: 'Northwind Labs', role: 'owner' },
      { id: server.otherWorkspaceId, name: 'Acme Partners Sandbox', role: 'normal' },
    ]);
    expect(String(payload.token_id)).toMatch(/^[0-9a-f-]{36}$/);
    // The token works, and its session is listed.
    const sessions = await client.get('/account/sessions', { token: String(payload.token) });
    expect(sessions.status).toBe(200);
    expect(rows(sessions).find((row) => row.id === payload.token_id)).toMatchObject({
      client_id: 'difyctl',
      device_label: 'difyctl on test-box',
      prefix: 'dfoa_',
    });
  });

  it.concurrent('approved and denied codes are consumed by the poll that reports them', async () => {
    const consumedAfter = async (outcome: 'approve' | 'deny', first: unknown): Promise<void> => {
      const code = await requestCode(client, `difyctl on ${outcome}-box`);
      await client.post(`/oauth/device/${outcome}`, { user_code: code.user_code }, { token: null, headers: consoleHeaders() });
      // Never polled before, so the first poll is not too fast.
      expect((await poll(code)).json).toMatchObject(first as Json);
      await sleep(INTERVAL_MS);
      expect((await poll(code)).json).toEqual({ error: 'expired_token' });
    };
    await Promise.all([consumedAfter('approve', { subject_type: 'account' }), consumedAfter('deny', { error: 'access_denied' })]);
  });

  it.concurrent('pacing is checked before expiry, every poll resets the clock, and an expired code is expired_token', async () => {
    const target = new Client(shortLived);
    const paced = async (): Promise<void> => {
      const code = await requestCode(target);
      expect((await poll(code, target)).json).toEqual({ error: 'authorization_pending' });
      expect((await poll(code, target)).json).toEqual({ error: 'slow_down' });
      await sleep(600);
      expect((await poll(code, target)).json).toEqual({ error: 'slow_down' });
      // Over an interval since the first poll but not since the last one, and past the code's lifetime.
      await sleep(550);
      expect((await poll(code, target)).json).toEqual({ error: 'slow_down' });
      expect((await target.get(`/oauth/device/lookup?user_code=${code.user_code}`, { token: null })).json).toMatchObject({ valid: false, client_id: null });
      expect((await approve(code, target)).json).toEqual({ error: 'expired_or_unknown' });
    };
    const expired = async (): Promise<void> => {
      const code = await requestCode(target);
      expect((await poll(code, target)).json).toEqual({ error: 'authorization_pending' });
      await sleep(1_100);
      expect((await poll(code, target)).json).toEqual({ error: 'expired_token' });
    };
    await Promise.all([paced(), expired()]);
  });

  it('a missing field is a 400 ErrorBody, not an RFC body', async () => {
    const answer = await client.post('/oauth/device/token', { client_id: 'difyctl' }, { token: null });
    expect(answer.status).toBe(400);
    expect(body(answer)).toMatchObject({ code: 'bad_request', status: 400 });
  });
});

describe('re-login rotation', () => {
  async function login(label: string): Promise<Json> {
    const code = await requestCode(client, label);
    await approve(code);
    return body(await poll(code));
  }

  it('a second login from the same client and device revokes the first token', async () => {
    const first = await login('difyctl on rotation-box');
    const second = await login('difyctl on rotation-box');
    expect((await client.get('/account', { token: String(first.token) })).status).toBe(401);
    const sessions = rows(await client.get('/account/sessions', { token: String(second.token) }));
    expect(sessions.filter((row) => row.device_label === 'difyctl on rotation-box').map((row) => row.id)).toEqual([second.token_id]);
  });

  it('another device label keeps both sessions', async () => {
    const first = await login('difyctl on laptop-a');
    await login('difyctl on laptop-b');
    expect((await client.get('/account', { token: String(first.token) })).status).toBe(200);
  });
});
