/**
 * Fixtures the suites share, found once per worker: configured values win,
 * otherwise they are discovered through the API. What cannot be found makes
 * the checks that need it skipped, with the variable to set.
 */
import { SETTINGS } from '../config/settings.ts';
import { runnableAppModes, type AppModeKey } from '../spec/app-modes.ts';
import type { PurposeName } from '../quota/quotas.ts';
import type { ConformanceTestContext } from './conformance-test.ts';
import { FIXTURE_NAME_PREFIX } from './dsl-fixtures.ts';

// Discovered fixtures, per run (a worker may serve several targets, see worker-harness.ts).
const apps = new Map<string, Promise<(AppFixture & { readonly row: Readonly<Record<string, unknown>> }) | undefined>>();
const fileApps = new Map<string, Promise<FileInputApp | undefined>>();

/** The variable that configures the app of a mode, from the settings table. */
function modeVariable(mode: AppModeKey): string {
  const definition = SETTINGS.find((s) => s.appMode === mode);
  if (definition === undefined) throw new Error(`lib/config/settings.ts has no setting for the ${mode} app`);
  return definition.env;
}

/**
 * Modes whose apps run only once a person has published them (docs/server-behavior.md §12.1). The
 * API does not tell a published app from a draft, so apps of these modes are run only when
 * configured; chat, completion and agent-chat apps run their current configuration.
 */
const PUBLISHED_TO_RUN: ReadonlySet<AppModeKey> = new Set(['workflow', 'advanced-chat']);

/** How many apps of a mode discovery looks at: enough to pass over the suite's own fixture imports. */
const DISCOVERY_LIMIT = 5;

export interface AppFixture {
  readonly id: string;
  readonly mode: AppModeKey;
  /** The list row when the app was discovered (name, mode…); undefined when configured. */
  readonly row: Readonly<Record<string, unknown>> | undefined;
}

/** The workspace under test, decided before the workers started (DIFY_WORKSPACE_ID, else default_workspace_id of GET /account). */
export function workspaceUnderTest(t: ConformanceTestContext): Promise<string> {
  const id = t.run.target.workspaceId;
  if (id === undefined) return t.skip('no workspace to test: GET /account gave no default_workspace_id; set DIFY_WORKSPACE_ID');
  return Promise.resolve(id);
}

/**
 * An app of the given mode to read (describe, export, errors on its sub-resources): configured
 * with DIFY_APP_ID_<MODE>, else the first one GET /apps?mode= lists that is not one of the suite's
 * own fixture imports. Whether it can run does not matter here; see runnableApp.
 */
export async function appOfMode(t: ConformanceTestContext, mode: AppModeKey): Promise<AppFixture> {
  const configured = t.run.target.appIds[mode];
  if (configured !== undefined) return { id: configured, mode, row: undefined };
  return listedApp(t, mode);
}

/** An app of the given mode as GET /apps?mode= lists it (with its row), never one of the suite's own imports. */
export async function listedApp(t: ConformanceTestContext, mode: AppModeKey): Promise<AppFixture & { readonly row: Readonly<Record<string, unknown>> }> {
  const workspaceId = await workspaceUnderTest(t);
  const key = `${t.run.runId} ${mode}`;
  let found = apps.get(key);
  if (found === undefined) {
    found = t.call('listApps', { query: { workspace_id: workspaceId, mode, limit: DISCOVERY_LIMIT } }).then((exchange) => {
      const rows = (exchange.response.json as { data?: Record<string, unknown>[] } | undefined)?.data ?? [];
      const row = rows.find((r) => typeof r['id'] === 'string' && !String(r['name'] ?? '').startsWith(FIXTURE_NAME_PREFIX));
      return row === undefined ? undefined : { id: String(row['id']), mode, row };
    });
    apps.set(key, found);
  }
  const app = await found.catch(() => undefined);
  if (app === undefined) {
    apps.delete(key);
    return t.skip(`no ${mode} app found in the workspace under test (GET /apps?mode=${mode}); set ${modeVariable(mode)}`);
  }
  return app;
}

/**
 * An app the run may run: configured with DIFY_APP_ID_<MODE>; for chat, completion and agent-chat
 * also a discovered one. Never one of the suite's own imports, which are drafts on a real server.
 */
export async function runnableApp(t: ConformanceTestContext, mode: AppModeKey): Promise<AppFixture> {
  if (t.run.target.appIds[mode] === undefined && PUBLISHED_TO_RUN.has(mode)) {
    return t.skip(
      `no ${mode} app to run: set ${modeVariable(mode)} to a published ${mode} app (the API cannot tell a published app from a draft, and a draft cannot run, docs/server-behavior.md §12.1)`,
    );
  }
  return appOfMode(t, mode);
}

export interface FileInputApp {
  readonly id: string;
  readonly mode: AppModeKey;
  /** The input that takes a file. */
  readonly input: string;
}

/**
 * The configured app with a file input (DIFY_FILE_APP_ID): its mode and the input that takes a
 * file are read from describe (a file input is an object-typed input, docs/server-behavior.md §6.1).
 */
export async function appWithFileInput(t: ConformanceTestContext): Promise<FileInputApp> {
  const appId = t.run.target.fileAppId;
  if (appId === undefined) return t.skip('no app with a file input to run: set DIFY_FILE_APP_ID to a published app that takes a file');
  let fileApp = fileApps.get(t.run.runId);
  fileApp ??= (async () => {
    const describe = await t.call('describeApp', { path: { app_id: appId }, query: { fields: 'info,input_schema' } });
    const body = describe.response.json as
      { info?: { mode?: unknown }; input_schema?: { properties?: { inputs?: { properties?: Record<string, { type?: unknown }> } } } } | undefined;
    const mode = runnableAppModes().find((m) => m === body?.info?.mode);
    const input = Object.entries(body?.input_schema?.properties?.inputs?.properties ?? {}).find(([, schema]) => schema.type === 'object')?.[0];
    return mode === undefined || input === undefined ? undefined : { id: appId, mode, input };
  })();
  fileApps.set(t.run.runId, fileApp);
  const found = await fileApp.catch(() => undefined);
  if (found === undefined) return t.skip(`DIFY_FILE_APP_ID names app ${appId}, whose describe shows no runnable mode with a file input`);
  return found;
}

/** Stops the test unless the run may spend the quota this purpose needs (lib/quota/quotas.ts). */
export function requirePurpose(t: ConformanceTestContext, purpose: PurposeName): void {
  const refused = t.run.quota.refused[purpose];
  if (refused !== undefined) t.skip(refused);
}

const externalSurface = new Map<string, Promise<boolean>>();

/**
 * The external-SSO token, when the deployment serves the Enterprise-only surface: on a Community
 * deployment GET /permitted-external-apps is a 404 for every caller (docs/server-behavior.md §1.6),
 * which makes the checks that need it skipped, not failed.
 */
export async function externalToken(t: ConformanceTestContext): Promise<string> {
  const token = t.run.target.externalToken;
  if (token === undefined) return t.skip('no external-SSO token: set DIFY_EXTERNAL_TOKEN (a dfoe_ token of an Enterprise deployment)');
  let served = externalSurface.get(t.run.runId);
  if (served === undefined) {
    served = t.call('listPermittedExternalApps', { auth: { token } }).then((e) => e.response.status !== 404);
    externalSurface.set(t.run.runId, served);
  }
  if (!(await served))
    return t.skip(
      'DIFY_EXTERNAL_TOKEN is set, but this deployment does not serve the Enterprise-only surface (GET /permitted-external-apps is 404, docs/server-behavior.md §1.6)',
    );
  return token;
}
