/** The caller's workspaces: list, detail, switch, and unknown ids. */
import { describe } from 'vitest';
import { notFoundNamesObject, unknownResource } from '../lib/checks/error-checks.ts';
import { detailMatchesList, nonMember404, nonMemberRefused, switchMovesCurrent } from '../lib/checks/workspaces-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('workspaces', () => {
  conformanceTest(
    [successStatus],
    "GET /workspaces answers 200 with the caller's workspaces",
    async (t) => {
      const exchange = await t.call('listWorkspaces');
      t.verify(successStatus, { exchange, expected: 200 });
    },
    { operation: 'listWorkspaces' },
  );

  conformanceTest(
    [successStatus],
    'GET /workspaces/{id} answers 200 for the workspace under test',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('getWorkspace', { path: { workspace_id: workspaceId } });
      t.verify(successStatus, { exchange, expected: 200 });
    },
    { operation: 'getWorkspace' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'GET /workspaces/{id} answers 404 for a workspace that does not exist',
    async (t) => {
      const exchange = await t.call('getWorkspace', { path: { workspace_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'workspace' });
    },
    { operation: 'getWorkspace' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'POST /workspaces/{id}/switch answers 404 for a workspace that does not exist',
    async (t) => {
      const exchange = await t.call('switchWorkspace', { path: { workspace_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'workspace' });
    },
    { operation: 'switchWorkspace' },
  );

  // Switching to the workspace that is already current changes nothing on the server.
  conformanceTest(
    [successStatus],
    'POST /workspaces/{id}/switch answers 200 for the current workspace',
    async (t) => {
      const list = await t.call('listWorkspaces');
      const rows = (list.response.json as { workspaces?: { id?: unknown; current?: unknown }[] } | undefined)?.workspaces ?? [];
      const current = rows.find((w) => w.current === true)?.id;
      if (typeof current !== 'string') return t.skip('GET /workspaces marks no workspace as current, so there is none to switch to without changing state');
      const exchange = await t.call('switchWorkspace', { path: { workspace_id: current } });
      t.verify(successStatus, { exchange, expected: 200 });
    },
    { operation: 'switchWorkspace' },
  );

  conformanceTest(
    [detailMatchesList],
    'every workspace of the list has a detail that agrees with it',
    async (t) => {
      const list = await t.call('listWorkspaces');
      const rows = (list.response.json as { workspaces?: Record<string, unknown>[] } | undefined)?.workspaces ?? [];
      if (rows.length === 0) return t.skip('GET /workspaces lists no workspace');
      for (const row of rows) {
        const detail = await t.call('getWorkspace', { path: { workspace_id: String(row['id']) } });
        t.verify(detailMatchesList, { detail, row }, detail);
      }
    },
    { operation: 'getWorkspace' },
  );

  // The run switches back to the workspace that was current before, whatever happens.
  conformanceTest(
    [switchMovesCurrent],
    'switching moves current to the target workspace (and the run switches back)',
    async (t) => {
      const list = await t.call('listWorkspaces');
      const rows = (list.response.json as { workspaces?: { id?: unknown; current?: unknown; status?: unknown }[] } | undefined)?.workspaces ?? [];
      const original = rows.find((w) => w.current === true)?.id;
      const target = rows.find((w) => w.current !== true && w.status !== 'archive')?.id;
      if (typeof original !== 'string' || typeof target !== 'string') return t.skip('the caller has no second workspace to switch to');
      t.onCleanup('switch back to the original current workspace', () => t.call('switchWorkspace', { path: { workspace_id: original } }));
      const switched = await t.call('switchWorkspace', { path: { workspace_id: target } });
      const after = await t.call('listWorkspaces');
      t.verify(switchMovesCurrent, { switched, list: after, target }, switched);
    },
    { operation: 'switchWorkspace' },
  );

  // Reads only: a server that wrongly served them changes nothing.
  conformanceTest(
    [nonMemberRefused, nonMember404],
    'a workspace the caller is not a member of is refused as if it did not exist',
    async (t) => {
      const workspaceId =
        t.run.target.foreignWorkspaceId ??
        t.skip("no foreign workspace: set DIFY_FOREIGN_WORKSPACE_ID (a workspace DIFY_TOKEN's account is not a member of) to check that it is refused");
      for (const [operationId, options] of [
        ['getWorkspace', { path: { workspace_id: workspaceId } }],
        ['listMembers', { path: { workspace_id: workspaceId } }],
        ['listApps', { query: { workspace_id: workspaceId } }],
      ] as const) {
        const exchange = await t.call(operationId, options);
        t.verify(nonMemberRefused, exchange);
        t.verify(nonMember404, exchange);
      }
    },
    { operation: 'getWorkspace' },
  );

  // Reads only, as above; the workspace guard of an app's routes looks at the app's workspace.
  conformanceTest(
    [nonMemberRefused, nonMember404],
    'an app of a workspace the caller is not a member of is refused as if its workspace did not exist',
    async (t) => {
      const appId =
        t.run.target.foreignAppId ??
        t.skip("no foreign app: set DIFY_FOREIGN_APP_ID (an app of a workspace DIFY_TOKEN's account is not a member of) to check that it is refused");
      for (const operationId of ['describeApp', 'exportApp', 'checkAppDependencies']) {
        const exchange = await t.call(operationId, { path: { app_id: appId } });
        t.verify(nonMemberRefused, exchange);
        t.verify(nonMember404, exchange);
      }
    },
    { operation: 'describeApp' },
  );
});
