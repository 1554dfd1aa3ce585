/**
 * Property-based fuzzing of JSON request bodies. Only inputs whose acceptance
 * by a broken server would harm nothing are sent (lib/fuzz/fuzz-plans.ts):
 * role updates and form submissions aim at ids that name nothing, so valid
 * bodies get 404 and invalid ones 422; runs, imports and invites get only
 * bodies invalid in one field, built on an otherwise valid base; the device
 * flow gets only missing or mistyped fields (400).
 */
import { describe } from 'vitest';
import { fuzzOperations } from '../lib/fuzz/fuzz-suite.ts';
import type { FuzzTarget } from '../lib/fuzz/run-operation.ts';
import type { AnsweredExchange } from '../lib/model/exchange.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, requirePurpose, workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { runEmail, unknownDeviceCode, unknownId } from '../lib/suite-kit/probe-values.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';

// A DSL without its app section: should a broken server accept the body anyway, the import fails
// ("Missing app data in YAML content", docs/server-behavior.md §8.1) and creates nothing.
const DSL_THAT_IMPORTS_NOTHING = 'kind: app\nversion: 0.6.0\n';

async function runApp(t: ConformanceTestContext): Promise<FuzzTarget> {
  const app = await appOfMode(t, 'workflow');
  const body = await validRunBody(t, app.id, 'workflow');
  return { path: { app_id: app.id }, base: { ...body } };
}

/**
 * Bodies invalid in one field, on a base that is valid everywhere: real servers refuse `.invalid`
 * addresses (docs/server-behavior.md §12.3), so the address is the run's own on example.com, a
 * domain reserved for examples (RFC 2606) whose mail reaches no one. A member a broken server
 * invites anyway is removed when the test ends.
 */
async function inviteMember(t: ConformanceTestContext): Promise<FuzzTarget> {
  const workspaceId = await workspaceUnderTest(t);
  const email = runEmail(t.run.runId);
  const removed = new Set<string>();
  const undo = (exchange: AnsweredExchange): void => {
    const created = exchange.response.json as { member_id?: unknown; email?: unknown } | undefined;
    const memberId = created?.member_id;
    if (exchange.response.status !== 201 || typeof memberId !== 'string' || created?.email !== email || removed.has(memberId)) return;
    removed.add(memberId);
    t.onCleanup(`remove ${email}, invited by a body the server should have refused`, () =>
      t.call('removeMember', { path: { workspace_id: workspaceId, member_id: memberId } }),
    );
  };
  return { path: { workspace_id: workspaceId }, base: { email, role: 'normal' }, onAnswer: undo };
}

describe.concurrent('fuzzing request bodies', () => {
  fuzzOperations('body', {
    // Validation comes before the member lookup (docs/server-behavior.md §1.5 step 9).
    updateMemberRole: async (t) => ({ path: { workspace_id: await workspaceUnderTest(t), member_id: unknownId() } }),
    submitHumanInputForm: async (t) => ({ path: { app_id: (await appOfMode(t, 'workflow')).id, form_token: unknownId() } }),
    runApp,
    importApp: async (t) => ({ path: { workspace_id: await workspaceUnderTest(t) }, base: { mode: 'yaml-content', yaml_content: DSL_THAT_IMPORTS_NOTHING } }),
    inviteMember,
    createDeviceCode: (t) => (
      requirePurpose(t, 'fuzz-device-code'),
      Promise.resolve({ base: { client_id: t.run.target.clientId, device_label: `dify-conformance fuzz ${t.run.runId}` } })
    ),
    pollDeviceToken: (t) => Promise.resolve({ base: { device_code: unknownDeviceCode(), client_id: t.run.target.clientId } }),
  });
});
