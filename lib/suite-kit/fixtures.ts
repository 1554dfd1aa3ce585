/**
 * Fixtures the suites share, found once per worker: configured values win,
 * otherwise they are discovered through the API. What cannot be found makes
 * the checks that need it skipped, with the variable to set.
 */
import type { ConformanceTestContext } from './conformance-test.ts';

let workspace: Promise<string | undefined> | undefined;

/** The workspace under test: DIFY_WORKSPACE_ID, else default_workspace_id of GET /account. */
export async function workspaceUnderTest(t: ConformanceTestContext): Promise<string> {
  const configured = t.run.target.workspaceId;
  if (configured !== undefined) return configured;
  workspace ??= t.call('getAccount').then((exchange) => {
    const id = (exchange.response.json as { default_workspace_id?: unknown } | undefined)?.default_workspace_id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  });
  const id = await workspace.catch(() => undefined);
  if (id === undefined) {
    workspace = undefined;
    t.skip('no workspace to test: GET /account gave no default_workspace_id; set DIFY_WORKSPACE_ID');
  }
  return id;
}
