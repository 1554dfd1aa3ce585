/**
 * Property-based fuzzing of query parameters (GET only): for every operation
 * with query parameters, valid inputs are served, inputs invalid in exactly one
 * parameter are answered 422 naming it without echoing it, and forms the spec
 * leaves open get no server error. Generators come from openapi.yaml and
 * lib/fuzz/behavior-rules.ts; this file only aims them.
 */
import { describe } from 'vitest';
import { fuzzOperations } from '../lib/fuzz/fuzz-suite.ts';
import type { FuzzTarget } from '../lib/fuzz/run-operation.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, externalToken, requirePurpose, workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';

/** The Enterprise-only list, with the external-SSO token it needs (docs/server-behavior.md §1.6). */
async function permittedExternalApps(t: ConformanceTestContext): Promise<FuzzTarget> {
  return { auth: { token: await externalToken(t) } };
}

describe.concurrent('fuzzing query parameters', () => {
  fuzzOperations('query', {
    listSessions: () => Promise.resolve({}),
    // The guard reads workspace_id before validation (docs/server-behavior.md §3): it stays the fixture's.
    listApps: async (t) => ({ fixed: { workspace_id: await workspaceUnderTest(t) } }),
    describeApp: async (t) => ({ path: { app_id: (await appOfMode(t, 'workflow')).id } }),
    exportApp: async (t) => ({ path: { app_id: (await appOfMode(t, 'workflow')).id } }),
    listMembers: async (t) => ({ path: { workspace_id: await workspaceUnderTest(t) } }),
    listPermittedExternalApps: permittedExternalApps,
    lookupDevice: (t) => (requirePurpose(t, 'fuzz-device-lookup'), Promise.resolve({})),
  });
});
