// GET /account and the caller's sessions: listing and revoking
// (docs/server-behavior.md §5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, rows } from './client.ts';

let server: ReferenceServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer({ deviceFlow: { intervalSeconds: 1, expiresInSeconds: 30 } });
  client = new Client(server);
});
afterAll(() => server.close());

/** A fresh owner token through the device flow, so revoking it leaves the main token alone. */
async function mintToken(label: string): Promise<{ token: string; id: string }> {
  const code = body(await client.post('/oauth/device/code', { client_id: 'difyctl', device_label: label }, { token: null }));
  await client.post(
    '/oauth/device/approve',
    { user_code: code.user_code },
    { token: null, headers: { cookie: server.consoleCookie, 'x-csrf-token': server.csrfToken } },
  );
  const granted = body(await client.post('/oauth/device/token', { client_id: 'difyctl', device_code: code.device_code }, { token: null }));
  return { token: String(granted.token), id: String(granted.token_id) };
}

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('GET /account', () => {
  it('describes the owner account, its workspaces and the current one', async () => {
    const answer = await client.get('/account');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      subject_type: 'account',
      subject_email: 'maya.chen@northwind-labs.example.com',
      subject_issuer: null,
      account: { id: SEED.ownerId, email: 'maya.chen@northwind-labs.example.com', name: 'Maya Chen' },
      workspaces: [
        { id: server.workspaceId, name: 'Northwind Labs', role: 'owner' },
        { id: server.otherWorkspaceId, name: 'Acme Partners Sandbox', role: 'normal' },
      ],
      default_workspace_id: server.workspaceId,
    });
  });

  it('refuses an external (dfoe_) token as the wrong token type', async () => {
    const answer = await client.get('/account', { token: server.externalToken });
    expect(answer.status).toBe(403);
    expect(body(answer)).toMatchObject({ code: 'forbidden', message: 'unsupported_token_type' });
  });
});

describe('GET /account/sessions', () => {
  it('lists the live sessions of the caller, newest first, in the SessionRow shape', async () => {
    const sessions = rows(await client.get('/account/sessions'));
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    // The main token is the newest seeded session.
    expect(sessions[0]).toMatchObject({ id: SEED.ownerSessionId, client_id: 'difyctl', device_label: 'difyctl on maya-mbp' });
    for (const row of sessions) {
      expect(Object.keys(row).sort()).toEqual(['client_id', 'created_at', 'device_label', 'expires_at', 'id', 'last_used_at', 'prefix']);
      expect(row.prefix).toBe('dfoa_');
      expect(server.token.startsWith(String(row.prefix))).toBe(true);
      expect(row.last_used_at).toBeNull();
      expect(String(row.created_at)).toMatch(ISO_Z);
      expect(String(row.expires_at)).toMatch(ISO_Z);
      expect(Date.parse(String(row.expires_at))).toBeGreaterThan(Date.now());
    }
    expect(new Set(sessions.map((row) => row.client_id)).size).toBeGreaterThan(1);
  });

  it('hides revoked sessions and other subjects’ sessions', async () => {
    const ids = rows(await client.get('/account/sessions')).map((row) => row.id);
    expect(ids).not.toContain(SEED.revokedOwnerSessionId);
    expect(ids).not.toContain(SEED.foreignSessionId);
    expect(ids).not.toContain(SEED.externalSessionId);
  });
});

describe('DELETE /account/sessions/{id}', () => {
  it('revokes one of the caller’s sessions, idempotently', async () => {
    const [target] = SEED.ownerOtherSessionIds;
    const answer = await client.delete(`/account/sessions/${target}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'revoked' });
    expect(rows(await client.get('/account/sessions')).map((row) => row.id)).not.toContain(target);
    expect((await client.delete(`/account/sessions/${target}`)).json).toEqual({ status: 'revoked' });
    expect((await client.delete(`/account/sessions/${SEED.revokedOwnerSessionId}`)).status).toBe(200);
  });

  it.each([
    ['another account’s session', SEED.foreignSessionId],
    ['an external subject’s session', SEED.externalSessionId],
    ['an unknown id', '00000000-0000-4000-8000-000000000000'],
    ['a malformed id', 'not-a-session-id'],
  ])('%s is 404 session not found', async (_label, id) => {
    const answer = await client.delete(`/account/sessions/${id}`);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ code: 'not_found', message: 'session not found', status: 404 });
  });

  it('revoking the current session by id kills its bearer', async () => {
    const minted = await mintToken('difyctl on revoke-by-id');
    expect((await client.delete(`/account/sessions/${minted.id}`, { token: minted.token })).status).toBe(200);
    expect((await client.get('/account', { token: minted.token })).status).toBe(401);
  });
});

describe('DELETE /account/sessions/self', () => {
  it('revokes the calling token at once and leaves the others alive', async () => {
    const minted = await mintToken('difyctl on logout-box');
    const answer = await client.delete('/account/sessions/self', { token: minted.token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'revoked' });
    const after = await client.get('/account/sessions', { token: minted.token });
    expect(after.status).toBe(401);
    expect(body(after).message).toBe('Invalid or unknown bearer token.');
    expect(rows(await client.get('/account/sessions')).map((row) => row.id)).not.toContain(minted.id);
    expect((await client.get('/account')).status).toBe(200);
  });
});
