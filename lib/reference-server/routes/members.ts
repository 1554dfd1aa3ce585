// Workspace members: list, invite, remove, change role
// (docs/server-behavior.md §9). Only owners and admins may change anything;
// service refusals are 400 bad_request with the service's message.
import { randomUUID } from 'node:crypto';
import { emailRefusal } from '../email-address.ts';
import { ApiError } from '../errors.ts';
import { readJson, sendJson } from '../http-io.ts';
import { paginate, pageFields } from '../pagination.ts';
import { workspaceRoute } from '../routing.ts';
import type { Route, WorkspaceAccess } from '../routing.ts';
import type { Call } from '../runtime.ts';
import type { Account, Membership } from '../state.ts';
import { CONSOLE_WEB_URL } from '../seed-data.ts';
import { BodyReader, parseQuery } from '../validation.ts';

const ASSIGNABLE_ROLES = ['admin', 'normal'] as const;
// Owners and admins manage members, and admins may not touch the owner (ver?).
const MANAGERS = ['owner', 'admin'] as const;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const success = { result: 'success' };

/** The member account and its membership here, or the service's 404s. */
function targetMember(call: Call, access: WorkspaceAccess, actor: Account, memberId: string): { account: Account; membership: Membership } {
  const account = call.state.account(memberId);
  if (!account) throw new ApiError(404, 'member not found');
  if (account.id === actor.id) throw new ApiError(400, 'Cannot operate self.');
  const membership = call.state.membership(access.workspace.id, account.id);
  if (!membership) throw new ApiError(404, 'Member not in tenant.');
  return { account, membership };
}

export const memberRoutes: readonly Route[] = [
  workspaceRoute('GET', '/workspaces/:workspace_id/members', { from: 'path' }, (call, _caller, access) => {
    const query = parseQuery(call.query, pageFields(20), { strict: !call.faults.has('members-extra-param-accepted'), faults: call.faults });
    const rows = call.state.memberships
      .filter((row) => row.workspaceId === access.workspace.id)
      .flatMap((row) => {
        const account = call.state.account(row.accountId);
        return account ? [{ id: account.id, name: account.name, email: account.email, role: row.role, status: account.status, avatar: account.avatar }] : [];
      });
    sendJson(call.res, 200, paginate(rows, query.page, query.limit, call.faults));
  }),
  workspaceRoute('POST', '/workspaces/:workspace_id/members', { from: 'path', roles: MANAGERS }, async (call, _caller, access) => {
    const body = new BodyReader(await readJson(call.req), 'MemberInvitePayload', call.faults);
    const rawEmail = body.string('email', { required: true });
    // A real deployment types the field as pydantic EmailStr (docs/server-behavior.md §12.3).
    const refusal = call.settings.profile === 'realistic' && rawEmail !== '' ? emailRefusal(rawEmail) : undefined;
    if (refusal !== undefined) body.details.push({ type: 'value_error', loc: ['email'], msg: refusal });
    const role = body.choice('role', ASSIGNABLE_ROLES, 'literal_error', true);
    body.forbidExtra();
    body.finish();
    const email = call.faults.has('member-invite-keeps-case') ? rawEmail.trim() : rawEmail.trim().toLowerCase();
    // A decision: the seed types email as a plain string; an address without
    // an @-shape is refused as a registration failure, without echoing it.
    if (!EMAIL_SHAPE.test(email)) throw new ApiError(400, 'Invalid email address.');
    let account = [...call.state.accounts.values()].find((row) => row.email === email);
    if (account) {
      const existing = call.state.membership(access.workspace.id, account.id);
      if (existing && account.status !== 'pending') throw new ApiError(400, 'Account already in tenant.');
      if (existing) existing.role = role ?? 'normal';
    } else {
      const id = call.state.ids.next('account');
      account = {
        id,
        name: email.split('@')[0] ?? email,
        email,
        status: call.faults.has('member-invitee-active') ? 'active' : 'pending',
        avatar: null,
        createdAt: Date.now(),
      };
      call.state.accounts.set(id, account);
    }
    if (!call.state.membership(access.workspace.id, account.id)) {
      call.state.memberships.push({ workspaceId: access.workspace.id, accountId: account.id, role: role ?? 'normal', current: false });
    }
    sendJson(call.res, 201, {
      result: 'success',
      email,
      role,
      member_id: account.id,
      ...(call.faults.has('member-invite-no-url')
        ? {}
        : {
            invite_url: `${call.faults.has('member-invite-url-relative') ? '' : CONSOLE_WEB_URL}/activate?email=${encodeURIComponent(email)}&token=${randomUUID()}`,
          }),
      tenant_id: access.workspace.id,
    });
  }),
  workspaceRoute('DELETE', '/workspaces/:workspace_id/members/:member_id', { from: 'path', roles: MANAGERS }, (call, caller, access) => {
    const target = targetMember(call, access, caller.account, call.params.member_id ?? '');
    if (target.membership.role === 'owner') throw new ApiError(400, 'No permission to remove member.');
    call.state.memberships.splice(call.state.memberships.indexOf(target.membership), 1);
    // An invitee who never joined anywhere else disappears with the invitation.
    if (target.account.status === 'pending' && call.state.membershipsOf(target.account.id).length === 0) {
      call.state.accounts.delete(target.account.id);
    }
    if (call.faults.has('member-remove-500')) throw new ApiError(500, 'Internal Server Error');
    sendJson(call.res, 200, success);
  }),
  workspaceRoute('PUT', '/workspaces/:workspace_id/members/:member_id/role', { from: 'path', roles: MANAGERS }, async (call, caller, access) => {
    const body = new BodyReader(await readJson(call.req), 'MemberRoleUpdatePayload', call.faults);
    const role = body.choice('role', ASSIGNABLE_ROLES, 'literal_error', true);
    body.forbidExtra();
    body.finish();
    const target = targetMember(call, access, caller.account, call.params.member_id ?? '');
    if (target.membership.role === 'owner') throw new ApiError(400, 'No permission to update member.');
    if (target.membership.role === role) throw new ApiError(400, 'The provided role is already assigned to the member.');
    if (!call.faults.has('member-role-update-not-saved')) target.membership.role = role ?? target.membership.role;
    sendJson(call.res, 200, success);
  }),
];
