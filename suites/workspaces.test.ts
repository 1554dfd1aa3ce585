/** GET /workspaces and GET /workspaces/{id} for the workspace under test. */
import { describe } from 'vitest';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';

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
});
