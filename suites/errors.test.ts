/**
 * Routing and ids under the API root: an unknown path is a 404 ErrorBody, a
 * known path asked with another method is a 405 with Allow, and an id no
 * server issues is refused with a 4xx, never served and never a server error.
 */
import { describe } from 'vitest';
import { MALFORMED_ID, malformedId, malformedId404 } from '../lib/checks/error-checks.ts';
import { unknownPath, wrongMethod405, wrongMethodAllow } from '../lib/checks/routing-checks.ts';
import type { CallOptions, ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

interface MalformedProbe {
  readonly operationId: string;
  readonly options: (t: ConformanceTestContext) => Promise<CallOptions>;
  /** Whether the documented answer is 404 (a confirm of an unknown import is a 400 Import, §8.2). */
  readonly notFound: boolean;
}

/**
 * One probe per place an id is looked up: the app guard (shared by every /apps/{app_id} route), the
 * workspace guard in the path and in the query, the workspace detail, and the handlers that look
 * up a session, a member, a workflow run or an import. Only the id under test is malformed; the
 * others name the workspace under test and an app of it. Writes send bodies that are valid, since
 * an id nobody issued cannot name anything a wrongly accepted write could change.
 */
const PROBES: readonly MalformedProbe[] = [
  { operationId: 'describeApp', notFound: true, options: () => Promise.resolve({ path: { app_id: MALFORMED_ID } }) },
  { operationId: 'getWorkspace', notFound: true, options: () => Promise.resolve({ path: { workspace_id: MALFORMED_ID } }) },
  { operationId: 'listMembers', notFound: true, options: () => Promise.resolve({ path: { workspace_id: MALFORMED_ID } }) },
  { operationId: 'listApps', notFound: true, options: () => Promise.resolve({ query: { workspace_id: MALFORMED_ID } }) },
  { operationId: 'getTaskEvents', notFound: true, options: async (t) => ({ path: { app_id: (await appOfMode(t, 'workflow')).id, task_id: MALFORMED_ID } }) },
  { operationId: 'revokeSession', notFound: true, options: () => Promise.resolve({ path: { session_id: MALFORMED_ID } }) },
  { operationId: 'removeMember', notFound: true, options: async (t) => ({ path: { workspace_id: await workspaceUnderTest(t), member_id: MALFORMED_ID } }) },
  {
    operationId: 'updateMemberRole',
    notFound: true,
    options: async (t) => ({ path: { workspace_id: await workspaceUnderTest(t), member_id: MALFORMED_ID }, json: { role: 'normal' } }),
  },
  { operationId: 'confirmImport', notFound: false, options: async (t) => ({ path: { workspace_id: await workspaceUnderTest(t), import_id: MALFORMED_ID } }) },
];

describe('errors', () => {
  conformanceTest([unknownPath], 'an unknown path under the API root answers 404 with an ErrorBody', async (t) => {
    const exchange = await t.send({
      operationId: null,
      method: 'GET',
      url: `${t.run.target.baseUrl}/conformance-unknown-${unknownId()}`,
      headers: { accept: 'application/json', authorization: `Bearer ${t.run.target.token}` },
    });
    t.verify(unknownPath, { exchange, errorBodyErrors: t.errorBodyErrors(exchange.response.json) });
  });

  // Auth-free and without side effects: POST /_health does nothing on any server.
  conformanceTest([wrongMethodAllow, wrongMethod405], 'POST /_health answers 405 method_not_allowed with an Allow header listing GET', async (t) => {
    const exchange = await t.send({ operationId: null, method: 'POST', url: `${t.run.target.baseUrl}/_health`, headers: { accept: 'application/json' } });
    t.verify(wrongMethodAllow, { exchange, served: 'GET' });
    t.verify(wrongMethod405, { exchange, served: 'GET' });
  });

  for (const probe of PROBES) {
    const checks = probe.notFound ? [malformedId, malformedId404] : [malformedId];
    conformanceTest(
      checks,
      `${probe.operationId} with the id "${MALFORMED_ID}" is refused with ${probe.notFound ? '404' : 'a 4xx'}, never a server error`,
      async (t) => {
        const exchange = await t.call(probe.operationId, await probe.options(t));
        t.verify(malformedId, exchange);
        if (probe.notFound) t.verify(malformedId404, exchange);
      },
      { operation: probe.operationId },
    );
  }
});
