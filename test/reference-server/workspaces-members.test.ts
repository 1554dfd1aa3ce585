// Workspaces and their members: listing, switching, inviting, changing
// roles and removing, with the role rules (docs/server-behavior.md §9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, rows } from './client.ts';
import type { Answer } from './client.ts';

let server: ReferenceServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer();
  client = new Client(server);
});
afterAll(() => server.close());

const MAIN = SEED.mainWorkspaceId;
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

function expectRefusal(answer: Answer, status: number, message: string): void {
  expect(answer.status).toBe(status);
  expect(body(answer)).toMatchObject({ status, message });
}

async function memberIds(workspaceId: string = MAIN): Promise<unknown[]> {
  return rows(await client.get(`/workspaces/${workspaceId}/members?limit=200`)).map((row) => row.id);
}

describe('workspaces', () => {
  it('lists the caller’s workspaces with role, status and current', async () => {
    const answer = await client.get('/workspaces');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      workspaces: [
        { id: MAIN, name: 'Northwind Labs', role: 'owner', status: 'normal', current: true },
        { id: SEED.partnerWorkspaceId, name: 'Acme Partners Sandbox', role: 'normal', status: 'normal', current: false },
      ],
    });
  });

  it('describes a workspace the caller belongs to', async () => {
    const answer = await client.get(`/workspaces/${SEED.partnerWorkspaceId}`);
    expect(answer.status).toBe(200);
    expect(body(answer)).toMatchObject({ id: SEED.partnerWorkspaceId, name: 'Acme Partners Sandbox', role: 'normal', status: 'normal', current: false });
    expect(String(body(answer).created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it.each([
    ['foreign', SEED.foreignWorkspaceId],
    ['unknown', UNKNOWN_UUID],
    ['malformed', 'nope'],
  ])('a %s workspace is 404 workspace not found', async (_label, id) => {
    expectRefusal(await client.get(`/workspaces/${id}`), 404, 'workspace not found');
    expectRefusal(await client.post(`/workspaces/${id}/switch`), 404, 'workspace not found');
  });

  it('switching moves current, which /account and /workspaces then report', async () => {
    const answer = await client.post(`/workspaces/${SEED.partnerWorkspaceId}/switch`);
    expect(answer.status).toBe(200);
    expect(body(answer)).toMatchObject({ id: SEED.partnerWorkspaceId, current: true, role: 'normal' });
    expect(body(await client.get('/account')).default_workspace_id).toBe(SEED.partnerWorkspaceId);
    const list = body(await client.get('/workspaces')).workspaces as { id: string; current: boolean }[];
    expect(list.map((row) => [row.id, row.current])).toEqual([
      [MAIN, false],
      [SEED.partnerWorkspaceId, true],
    ]);
    expect(body(await client.post(`/workspaces/${MAIN}/switch`)).current).toBe(true);
  });
});

describe('GET members', () => {
  it('lists MemberResponse rows', async () => {
    const [owner] = rows(await client.get(`/workspaces/${MAIN}/members`));
    expect(owner).toEqual({
      id: SEED.ownerId,
      name: 'Maya Chen',
      email: 'maya.chen@northwind-labs.example.com',
      role: 'owner',
      status: 'active',
      avatar: 'https://avatars.northwind-labs.example.com/maya.png',
    });
  });

  it('any member may list, including a normal member', async () => {
    const answer = await client.get(`/workspaces/${SEED.partnerWorkspaceId}/members`);
    expect(answer.status).toBe(200);
    expect(rows(answer).find((row) => row.id === SEED.ownerId)).toMatchObject({ role: 'normal' });
  });
});

describe('POST members (invite)', () => {
  it('invites a new address as a pending member (201)', async () => {
    const answer = await client.post(`/workspaces/${MAIN}/members`, { email: 'New.Hire@Northwind-Labs.example.com', role: 'normal' });
    expect(answer.status).toBe(201);
    const invite = body(answer);
    expect(invite).toMatchObject({ result: 'success', email: 'new.hire@northwind-labs.example.com', role: 'normal', tenant_id: MAIN });
    expect(String(invite.invite_url)).toMatch(
      /^https:\/\/dify\.northwind-labs\.example\.com\/activate\?email=new\.hire%40northwind-labs\.example\.com&token=[0-9a-f-]{36}$/,
    );
    const member = rows(await client.get(`/workspaces/${MAIN}/members?limit=200`)).find((row) => row.id === invite.member_id);
    expect(member).toMatchObject({ email: 'new.hire@northwind-labs.example.com', status: 'pending', role: 'normal' });
  });

  it('joins an existing account from elsewhere with its own id', async () => {
    const answer = await client.post(`/workspaces/${MAIN}/members`, { email: 'ethan.brooks@acme-partners.example.net', role: 'admin' });
    expect(answer.status).toBe(201);
    expect(body(answer).member_id).not.toBe(SEED.ownerId);
    expect(await memberIds()).toContain(body(answer).member_id);
  });

  it('re-invites a pending member, refuses an active one', async () => {
    expect((await client.post(`/workspaces/${MAIN}/members`, { email: 'tomas.silva@northwind-labs.example.com', role: 'admin' })).status).toBe(201);
    const again = await client.post(`/workspaces/${MAIN}/members`, { email: 'hannah.schulz@northwind-labs.example.com', role: 'normal' });
    expect(again.status).toBe(400);
    expect(body(again)).toEqual({ code: 'bad_request', message: 'Account already in tenant.', status: 400 });
  });

  it.each(['owner', 'editor', 'dataset_operator', 'ADMIN'])('role %s is not assignable (422)', async (role) => {
    const answer = await client.post(`/workspaces/${MAIN}/members`, { email: 'someone@example.com', role });
    expect(answer.status).toBe(422);
    expect(body(answer).details).toEqual([{ type: 'literal_error', loc: ['role'], msg: "Input should be 'admin' or 'normal'" }]);
  });

  it('the body is strict and both fields are required', async () => {
    const answer = await client.post(`/workspaces/${MAIN}/members`, { team: 'x' });
    expect(body(answer).details).toEqual([
      { type: 'missing', loc: ['email'], msg: 'Field required' },
      { type: 'missing', loc: ['role'], msg: 'Field required' },
      { type: 'extra_forbidden', loc: ['team'], msg: 'Extra inputs are not permitted' },
    ]);
  });

  it('an address that is not an email is a 400 registration failure', async () => {
    expectRefusal(await client.post(`/workspaces/${MAIN}/members`, { email: 'not-an-email', role: 'normal' }), 400, 'Invalid email address.');
  });
});

describe('PUT members/{id}/role', () => {
  it('changes a member’s role', async () => {
    const answer = await client.put(`/workspaces/${MAIN}/members/${SEED.editorId}/role`, { role: 'admin' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ result: 'success' });
    expect(rows(await client.get(`/workspaces/${MAIN}/members`)).find((row) => row.id === SEED.editorId)?.role).toBe('admin');
  });

  it('refuses the role the member already has', async () => {
    expectRefusal(
      await client.put(`/workspaces/${MAIN}/members/${SEED.secondAdminId}/role`, { role: 'admin' }),
      400,
      'The provided role is already assigned to the member.',
    );
  });

  it('refuses to operate on the caller', async () => {
    expectRefusal(await client.put(`/workspaces/${MAIN}/members/${SEED.ownerId}/role`, { role: 'admin' }), 400, 'Cannot operate self.');
  });

  it.each([
    ['an unknown account', UNKNOWN_UUID, 'member not found'],
    ['a malformed id', 'nope', 'member not found'],
    ['an account outside the workspace', SEED.outsiderId, 'Member not in tenant.'],
  ])('%s is 404', async (_label, id, message) => {
    expectRefusal(await client.put(`/workspaces/${MAIN}/members/${id}/role`, { role: 'normal' }), 404, message);
  });

  it('validates the body before looking at the member', async () => {
    const answer = await client.put(`/workspaces/${MAIN}/members/${UNKNOWN_UUID}/role`, { role: 'owner', extra: 1 });
    expect(answer.status).toBe(422);
  });
});

describe('DELETE members/{id}', () => {
  it('removes a member', async () => {
    const answer = await client.delete(`/workspaces/${MAIN}/members/${SEED.normalMemberId}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ result: 'success' });
    expect(await memberIds()).not.toContain(SEED.normalMemberId);
    expectRefusal(await client.delete(`/workspaces/${MAIN}/members/${SEED.normalMemberId}`), 404, 'Member not in tenant.');
  });

  it('a removed pending invitee with no other workspace is gone altogether', async () => {
    const invite = body(await client.post(`/workspaces/${MAIN}/members`, { email: 'short.lived@example.com', role: 'normal' }));
    expect((await client.delete(`/workspaces/${MAIN}/members/${String(invite.member_id)}`)).status).toBe(200);
    expectRefusal(await client.delete(`/workspaces/${MAIN}/members/${String(invite.member_id)}`), 404, 'member not found');
  });

  it('refuses self, unknown and outside members', async () => {
    expectRefusal(await client.delete(`/workspaces/${MAIN}/members/${SEED.ownerId}`), 400, 'Cannot operate self.');
    expectRefusal(await client.delete(`/workspaces/${MAIN}/members/${UNKNOWN_UUID}`), 404, 'member not found');
    expectRefusal(await client.delete(`/workspaces/${MAIN}/members/${SEED.outsiderId}`), 404, 'Member not in tenant.');
  });
});

describe('role rules', () => {
  const partner = SEED.partnerWorkspaceId;

  it.each([
    ['invite', () => client.post(`/workspaces/${partner}/members`, { email: 'x@example.com', role: 'normal' })],
    ['invite with a bad body', () => client.post(`/workspaces/${partner}/members`, { role: 'owner' })],
    ['role change', () => client.put(`/workspaces/${partner}/members/${SEED.outsiderId}/role`, { role: 'admin' })],
    ['removal', () => client.delete(`/workspaces/${partner}/members/${SEED.outsiderId}`)],
  ])('a normal member may not make a %s (403 before validation)', async (_label, act) => {
    expectRefusal(await act(), 403, 'insufficient workspace role');
  });

  it('a workspace the caller is not in is 404 before the role check', async () => {
    expectRefusal(await client.delete(`/workspaces/${SEED.foreignWorkspaceId}/members/${SEED.outsiderId}`), 404, 'workspace not found');
  });
});
