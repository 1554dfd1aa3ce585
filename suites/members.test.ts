/**
 * Members of the workspace under test: the list, and the errors a client can
 * provoke without touching a real member (unknown member ids, invalid input).
 */
import { describe } from 'vitest';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { rejectsOutOfBounds } from '../lib/checks/validation-checks.ts';
import * as members from '../lib/checks/member-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { readPages } from '../lib/suite-kit/list-walker.ts';
import { runEmail, unknownId } from '../lib/suite-kit/probe-values.ts';

/** A workspace may hold hundreds of members: the list is read until the member's row, or to its end. */
function memberPages(t: ConformanceTestContext, workspaceId: string, memberId: string) {
  const holds = (page: { response: { json?: unknown } }): boolean =>
    ((page.response.json as { data?: { id?: unknown }[] } | undefined)?.data ?? []).some((row) => row.id === memberId);
  return readPages(t, { operationId: 'listMembers', path: { workspace_id: workspaceId } }, { maxPages: 20, until: holds });
}

describe('members', () => {
  conformanceTest(
    [successStatus],
    'GET /workspaces/{id}/members answers 200 with a page of members',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listMembers', { path: { workspace_id: workspaceId } });
      t.verify(successStatus, { exchange, expected: 200 });
    },
    { operation: 'listMembers' },
  );

  conformanceTest(
    [rejectsOutOfBounds, detailsNameParameter],
    'GET /workspaces/{id}/members?limit=201 (above the bound of 200) answers 422 naming limit',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listMembers', { path: { workspace_id: workspaceId }, query: { limit: 201 } });
      t.verify(rejectsOutOfBounds, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'limit' });
    },
    { operation: 'listMembers' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'GET /workspaces/{id}/members?limit=abc (not an integer) answers 422 naming limit',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listMembers', { path: { workspace_id: workspaceId }, query: { limit: 'abc' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'limit' });
    },
    { operation: 'listMembers' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'GET /workspaces/{id}/members answers 404 for a workspace that does not exist',
    async (t) => {
      const exchange = await t.call('listMembers', { path: { workspace_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'workspace' });
    },
    { operation: 'listMembers' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'POST /workspaces/{id}/members without an email answers 422 naming email',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      // No email: even a server that wrongly accepted this could not invite anybody.
      const exchange = await t.call('inviteMember', { path: { workspace_id: workspaceId }, json: { role: 'normal' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'email' });
    },
    { operation: 'inviteMember' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'DELETE /workspaces/{id}/members/{member} answers 404 for a member that does not exist',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('removeMember', { path: { workspace_id: workspaceId, member_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'member' });
    },
    { operation: 'removeMember' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'PUT /workspaces/{id}/members/{member}/role answers 404 for a member that does not exist',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('updateMemberRole', { path: { workspace_id: workspaceId, member_id: unknownId() }, json: { role: 'normal' } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'member' });
    },
    { operation: 'updateMemberRole' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'PUT /workspaces/{id}/members/{member}/role with role "owner" answers 422 naming role',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      // An unknown member id: validation comes before the lookup (docs/server-behavior.md §1.5 step 9),
      // and no real member can be touched.
      const exchange = await t.call('updateMemberRole', { path: { workspace_id: workspaceId, member_id: unknownId() }, json: { role: 'owner' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'role' });
    },
    { operation: 'updateMemberRole' },
  );

  // Full profile: the run invites an address of its own that reaches nobody (runEmail), manages
  // only that member, and removes it at the end whatever happens.
  conformanceTest(
    [
      members.inviteAnswers,
      members.inviteUrlShape,
      members.inviteLowercasesEmail,
      members.inviteePending,
      members.memberListed,
      members.memberActionSucceeds,
      rejectsInvalid,
      detailsNameParameter,
    ],
    'a member the run invites is listed, changes role, refuses "owner" and "editor", and is removed',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      // Invited in mixed case, so the same invite shows whether the address is stored lower-cased.
      const email = mixedCase(runEmail(t.run.runId));
      const invite = await t.call('inviteMember', { path: { workspace_id: workspaceId }, json: { email, role: 'normal' } });
      const memberId = (invite.response.json as { member_id?: unknown } | undefined)?.member_id;
      if (typeof memberId === 'string') {
        t.onCleanup(`remove the invited member ${email}`, () => t.call('removeMember', { path: { workspace_id: workspaceId, member_id: memberId } }));
        t.noteCreated({ kind: 'member', id: memberId, name: email, fate: 'removed' });
      }
      t.verify(members.inviteAnswers, { invite, email, role: 'normal', workspaceId }, invite);
      t.verify(members.inviteUrlShape, invite);
      if (typeof memberId !== 'string') return t.skip('the invite gave no member_id to go on with');
      const listed = await memberPages(t, workspaceId, memberId);
      t.verify(members.inviteLowercasesEmail, { invite, pages: listed, memberId, email }, invite);
      t.verify(members.inviteePending, { pages: listed, memberId }, listed.at(-1));
      t.verify(members.memberListed, { pages: listed, memberId, role: 'normal' }, listed.at(-1));

      const promote = await t.call('updateMemberRole', { path: { workspace_id: workspaceId, member_id: memberId }, json: { role: 'admin' } });
      t.verify(members.memberActionSucceeds, promote);
      // Only admin and normal can be assigned (seed MemberRoleUpdatePayload.role): owner and editor are refused,
      // aimed at the run's own invitee so a server that accepts them changes only that member.
      for (const role of ['owner', 'editor']) {
        const refused = await t.call('updateMemberRole', { path: { workspace_id: workspaceId, member_id: memberId }, json: { role } });
        t.verify(rejectsInvalid, refused);
        t.verify(detailsNameParameter, { exchange: refused, parameter: 'role' });
      }
      const afterRole = await memberPages(t, workspaceId, memberId);
      t.verify(members.memberListed, { pages: afterRole, memberId, role: 'admin' }, afterRole.at(-1));

      const removal = await t.call('removeMember', { path: { workspace_id: workspaceId, member_id: memberId } });
      t.verify(members.memberActionSucceeds, removal);
      const afterRemoval = await memberPages(t, workspaceId, memberId);
      t.verify(members.memberListed, { pages: afterRemoval, memberId, role: undefined }, afterRemoval.at(-1));
    },
    { operation: 'inviteMember' },
  );
});

/** The address with its first letters of each part upper-cased: Dify-conformance+…@Example.com. */
function mixedCase(email: string): string {
  return email.replace(/(^|[@.+-])([a-z])/g, (_all, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
}
