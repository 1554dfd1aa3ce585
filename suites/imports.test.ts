/**
 * DSL import with confirmation. Apps are imported from the fixtures in
 * fixtures/dsl under a fixed name, and every import overwrites the run's own
 * earlier fixture app (app_id) instead of creating a new one, so repeated runs
 * leave the same apps behind. Only the full profile imports; the read-only
 * profile skips these tests (t.call refuses POSTs there).
 */
import { describe } from 'vitest';
import { rejectsInvalid, detailsNameParameter } from '../lib/checks/error-checks.ts';
import * as imports from '../lib/checks/imports-checks.ts';
import type { AnsweredExchange } from '../lib/model/exchange.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { existingFixtureApp, fixtureDsl, fixtureName, type FixtureMode } from '../lib/suite-kit/dsl-fixtures.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

async function importDsl(t: ConformanceTestContext, workspaceId: string, body: Record<string, unknown>): Promise<AnsweredExchange> {
  const exchange = await t.call('importApp', { path: { workspace_id: workspaceId }, json: body });
  t.verify(imports.statusMatchesCode, exchange);
  t.verify(imports.reportsVersions, exchange);
  return exchange;
}

function appIdOf(exchange: AnsweredExchange): string | undefined {
  const id = (exchange.response.json as { app_id?: unknown } | undefined)?.app_id;
  return typeof id === 'string' ? id : undefined;
}

/** The run's fixture app of this mode: the one an earlier run left, or a new import at the current version. */
async function fixtureApp(
  t: ConformanceTestContext,
  workspaceId: string,
  mode: FixtureMode,
  judgeFirst?: (first: AnsweredExchange) => void,
): Promise<{ appId: string; first: AnsweredExchange }> {
  const existing = await existingFixtureApp(t, workspaceId, mode);
  const first = await importDsl(t, workspaceId, {
    mode: 'yaml-content',
    yaml_content: fixtureDsl(mode),
    ...(existing === undefined ? {} : { app_id: existing }),
  });
  // Judged before anything else, so an import that gives no app fails its check instead of skipping it.
  judgeFirst?.(first);
  const appId = appIdOf(first) ?? existing;
  if (appId === undefined) return t.skip(`the import of the ${mode} fixture created no app (see imports.completed)`);
  t.noteCreated({ kind: 'app', id: appId, name: fixtureName(mode), fate: 'kept for reuse' });
  if (existing !== undefined) t.verify(imports.overwriteInPlace, { exchange: first, appId: existing });
  return { appId, first };
}

/** The version the fixtures are written at (fixtureDsl's default), and one a minor above it. */
const FIXTURE_VERSION = '0.6.0';
const NEWER_VERSION = '0.7.0';

describe('imports', () => {
  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'an import without mode answers 422 naming mode',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('importApp', { path: { workspace_id: workspaceId }, json: { yaml_content: 'app: {}' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'mode' });
    },
    { operation: 'importApp' },
  );

  conformanceTest(
    [rejectsInvalid],
    'a yaml-content import without yaml_content answers 422',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('importApp', { path: { workspace_id: workspaceId }, json: { mode: 'yaml-content' } });
      t.verify(rejectsInvalid, exchange);
    },
    { operation: 'importApp' },
  );

  conformanceTest(
    [imports.confirmUnknownFails],
    'confirming an import that does not exist answers 400 with a failed Import',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('confirmImport', { path: { workspace_id: workspaceId, import_id: unknownId() } });
      t.verify(imports.confirmUnknownFails, exchange);
    },
    { operation: 'confirmImport' },
  );

  conformanceTest(
    [imports.badDslFails, imports.statusMatchesCode, imports.reportsVersions],
    'invalid YAML, and a URL that cannot serve, fail with 400 and an error',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const invalid = await importDsl(t, workspaceId, { mode: 'yaml-content', yaml_content: 'app: [unclosed\n  mode: workflow' });
      t.verify(imports.badDslFails, invalid);
      // A loopback port nobody listens on: the server's fetch fails (or its SSRF guard refuses it).
      const unreachable = await importDsl(t, workspaceId, { mode: 'yaml-url', yaml_url: 'http://127.0.0.1:9/dify-conformance.yml' });
      t.verify(imports.badDslFails, unreachable);
    },
    { operation: 'importApp' },
  );

  // A valid DSL under the run's own fixture name: a server that wrongly creates an app leaves one
  // stray app with the fixture's name behind, never touches an app the run did not create.
  conformanceTest(
    [imports.unknownAppIdFails, imports.statusMatchesCode, imports.reportsVersions],
    'an import that asks to overwrite an app that does not exist fails',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await importDsl(t, workspaceId, { mode: 'yaml-content', yaml_content: fixtureDsl('workflow'), app_id: unknownId() });
      const created = appIdOf(exchange);
      if (created !== undefined) t.noteCreated({ kind: 'app', id: created, name: fixtureName('workflow'), fate: 'kept for reuse' });
      t.verify(imports.unknownAppIdFails, exchange);
    },
    { operation: 'importApp' },
  );

  // Only the run's own chat fixture is aimed at, with the workflow DSL under the chat fixture's name, so a
  // server that wrongly overwrites changes nothing but that app.
  conformanceTest(
    [imports.overwriteModeRestricted, imports.statusMatchesCode, imports.reportsVersions],
    'an import that asks to overwrite a chat app fails',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      let chatId = await existingFixtureApp(t, workspaceId, 'chat');
      if (chatId === undefined) {
        chatId = appIdOf(await importDsl(t, workspaceId, { mode: 'yaml-content', yaml_content: fixtureDsl('chat') }));
        if (chatId === undefined) return t.skip('the chat fixture could not be imported, so the run has no chat app of its own to aim at');
      }
      t.noteCreated({ kind: 'app', id: chatId, name: fixtureName('chat'), fate: 'kept for reuse' });
      const exchange = await importDsl(t, workspaceId, {
        mode: 'yaml-content',
        yaml_content: fixtureDsl('workflow'),
        app_id: chatId,
        name: fixtureName('chat'),
      });
      t.verify(imports.overwriteModeRestricted, exchange);
    },
    { operation: 'importApp' },
  );

  conformanceTest(
    [
      imports.importsCompleted,
      imports.currentVersionCompletes,
      imports.completedNamesApp,
      imports.overwriteInPlace,
      imports.olderMinorWarns,
      imports.importedAppVisible,
      imports.statusMatchesCode,
      imports.reportsVersions,
    ],
    'the workflow fixture imports as completed, an older minor version with warnings, in place, and is visible',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const { appId } = await fixtureApp(t, workspaceId, 'workflow', (first) => {
        t.verify(imports.importsCompleted, first);
        // The fixture is written at 0.6.0; on a server at another version it is not "the current version".
        const current = imports.currentDslVersion(first);
        if (current === undefined || current === FIXTURE_VERSION) t.verify(imports.currentVersionCompletes, first);
        else t.skipCheck(imports.currentVersionCompletes, 'importApp', `the server's DSL version is ${current}, the fixture's ${FIXTURE_VERSION}`);
        t.verify(imports.completedNamesApp, { exchange: first, mode: 'workflow' });
      });
      const older = await importDsl(t, workspaceId, { mode: 'yaml-content', yaml_content: fixtureDsl('workflow', '0.5.0'), app_id: appId });
      t.verify(imports.olderMinorWarns, older);
      t.verify(imports.overwriteInPlace, { exchange: older, appId });
      const describe = await t.call('describeApp', { path: { app_id: appId } });
      const exported = await t.call('exportApp', { path: { app_id: appId }, query: { include_secret: false } });
      t.verify(imports.importedAppVisible, { describe, exported, name: fixtureName('workflow') }, describe);
    },
    { operation: 'importApp' },
  );

  conformanceTest(
    [
      imports.newerPending,
      imports.pendingNamesTarget,
      imports.confirmCompletes,
      imports.confirmNamesApp,
      imports.confirmOnce,
      imports.overwriteInPlace,
      imports.statusMatchesCode,
      imports.reportsVersions,
    ],
    'a newer advanced-chat DSL is pending until confirmed, once',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const { appId } = await fixtureApp(t, workspaceId, 'advanced-chat');
      const pending = await importDsl(t, workspaceId, { mode: 'yaml-content', yaml_content: fixtureDsl('advanced-chat', NEWER_VERSION), app_id: appId });
      t.verify(imports.newerPending, pending);
      t.verify(imports.pendingNamesTarget, { exchange: pending, appId, version: NEWER_VERSION });
      const importId = (pending.response.json as { id?: unknown } | undefined)?.id;
      if (pending.response.status !== 202 || typeof importId !== 'string')
        return t.skip('the newer DSL was not held pending, so there is nothing to confirm (see imports.newer-pending)');
      const confirmed = await t.call('confirmImport', { path: { workspace_id: workspaceId, import_id: importId } });
      t.verify(imports.statusMatchesCode, confirmed);
      t.verify(imports.confirmCompletes, confirmed);
      t.verify(imports.confirmNamesApp, { exchange: confirmed, version: NEWER_VERSION });
      t.verify(imports.overwriteInPlace, { exchange: confirmed, appId });
      const again = await t.call('confirmImport', { path: { workspace_id: workspaceId, import_id: importId } });
      t.verify(imports.confirmOnce, again);
    },
    { operation: 'confirmImport' },
  );
});
