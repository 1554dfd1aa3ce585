/** GET /apps for the workspace under test, and its errors. */
import { describe } from 'vitest';
import { workspaceIdRequired, workspaceIdRequired404 } from '../lib/checks/apps-checks.ts';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { rejectsOutOfBounds } from '../lib/checks/validation-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('apps', () => {
  conformanceTest([successStatus], 'GET /apps answers 200 with a page of the workspace\'s apps', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('listApps', { query: { workspace_id: workspaceId } });
    t.verify(successStatus, { exchange, expected: 200 });
  }, { operation: 'listApps' });

  conformanceTest([rejectsOutOfBounds, detailsNameParameter], 'GET /apps?page=0 (below the bound of 1) answers 422 naming page', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('listApps', { query: { workspace_id: workspaceId, page: 0 } });
    t.verify(rejectsOutOfBounds, exchange);
    t.verify(detailsNameParameter, { exchange, parameter: 'page' });
  }, { operation: 'listApps' });

  conformanceTest([rejectsInvalid, detailsNameParameter], 'GET /apps?page=abc (not an integer) answers 422 naming page', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('listApps', { query: { workspace_id: workspaceId, page: 'abc' } });
    t.verify(rejectsInvalid, exchange);
    t.verify(detailsNameParameter, { exchange, parameter: 'page' });
  }, { operation: 'listApps' });

  // docs/server-behavior.md §3: the workspace guard reads ?workspace_id before validation, so an
  // unknown workspace is a 404 (not a 422).
  conformanceTest([unknownResource, notFoundNamesObject], 'GET /apps answers 404 for a workspace that does not exist', async (t) => {
    const exchange = await t.call('listApps', { query: { workspace_id: unknownId() } });
    t.verify(unknownResource, exchange);
    t.verify(notFoundNamesObject, { exchange, object: 'workspace' });
  }, { operation: 'listApps' });

  // Everything else valid: the one thing missing is the workspace.
  conformanceTest([workspaceIdRequired, workspaceIdRequired404], 'GET /apps without workspace_id is refused (404 workspace not found)', async (t) => {
    const exchange = await t.call('listApps', {});
    t.verify(workspaceIdRequired, exchange);
    t.verify(workspaceIdRequired404, exchange);
  }, { operation: 'listApps' });
});
