/** The caller's workspaces: list, detail, switch, and unknown ids. */
import { describe } from 'vitest';
import { unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('workspaces', () => {
  conformanceTest([successStatus], 'GET /workspaces answers 200 with the caller\'s workspaces', async (t) => {
    const exchange = await t.call('listWorkspaces');
    t.verify(successStatus, { exchange, expected: 200 }, 'listWorkspaces', exchange);
  }, { operation: 'listWorkspaces' });

  conformanceTest([successStatus], 'GET /workspaces/{id} answers 200 for the workspace under test', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('getWorkspace', { path: { workspace_id: workspaceId } });
    t.verify(successStatus, { exchange, expected: 200 }, 'getWorkspace', exchange);
  }, { operation: 'getWorkspace' });

  conformanceTest([unknownResource], 'GET /workspaces/{id} answers 404 for a workspace that does not exist', async (t) => {
    const exchange = await t.call('getWorkspace', { path: { workspace_id: unknownId() } });
    t.verify(unknownResource, exchange, 'getWorkspace', exchange);
  }, { operation: 'getWorkspace' });

  conformanceTest([unknownResource], 'POST /workspaces/{id}/switch answers 404 for a workspace that does not exist', async (t) => {
    const exchange = await t.call('switchWorkspace', { path: { workspace_id: unknownId() } });
    t.verify(unknownResource, exchange, 'switchWorkspace', exchange);
  }, { operation: 'switchWorkspace' });

  // Switching to the workspace that is already current changes nothing on the server.
  conformanceTest([successStatus], 'POST /workspaces/{id}/switch answers 200 for the current workspace', async (t) => {
    const list = await t.call('listWorkspaces');
    const rows = (list.response.json as { workspaces?: { id?: unknown; current?: unknown }[] } | undefined)?.workspaces ?? [];
    const current = rows.find((w) => w.current === true)?.id;
    if (typeof current !== 'string') return t.skip('GET /workspaces marks no workspace as current, so there is none to switch to without changing state');
    const exchange = await t.call('switchWorkspace', { path: { workspace_id: current } });
    t.verify(successStatus, { exchange, expected: 200 }, 'switchWorkspace', exchange);
  }, { operation: 'switchWorkspace' });
});
