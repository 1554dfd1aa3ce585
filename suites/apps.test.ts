/** GET /apps for the workspace under test. */
import { describe } from 'vitest';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';

describe('apps', () => {
  conformanceTest([successStatus], 'GET /apps answers 200 with a page of the workspace\'s apps', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('listApps', { query: { workspace_id: workspaceId } });
    t.verify(successStatus, { exchange, expected: 200 }, 'listApps', exchange);
  }, { operation: 'listApps' });
});
