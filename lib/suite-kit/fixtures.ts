/**
 * Fixtures the suites share, found once per worker: configured values win,
 * otherwise they are discovered through the API. What cannot be found makes
 * the checks that need it skipped, with the variable to set.
 */
import type { AppModeKey } from '../config/load-config.ts';
import type { ConformanceTestContext } from './conformance-test.ts';

// Discovered fixtures, per run (a worker may serve several targets, see worker-harness.ts).
const workspaces = new Map<string, Promise<string | undefined>>();
const apps = new Map<string, Promise<AppFixture | undefined>>();
const fileApps = new Map<string, Promise<FileInputApp | undefined>>();

const MODE_VARIABLE: Readonly<Record<AppModeKey, string>> = {
  workflow: 'DIFY_APP_ID_WORKFLOW',
  chat: 'DIFY_APP_ID_CHAT',
  'advanced-chat': 'DIFY_APP_ID_ADVANCED_CHAT',
  completion: 'DIFY_APP_ID_COMPLETION',
  'agent-chat': 'DIFY_APP_ID_AGENT_CHAT',
};

export interface AppFixture {
  readonly id: string;
  readonly mode: AppModeKey;
  /** The list row when the app was discovered (name, mode…); undefined when configured. */
  readonly row: Readonly<Record<string, unknown>> | undefined;
}

/** The workspace under test: DIFY_WORKSPACE_ID, else default_workspace_id of GET /account. */
export async function workspaceUnderTest(t: ConformanceTestContext): Promise<string> {
  const configured = t.run.target.workspaceId;
  if (configured !== undefined) return configured;
  let workspace = workspaces.get(t.run.runId);
  if (workspace === undefined) {
    workspace = t.call('getAccount').then((exchange) => {
      const id = (exchange.response.json as { default_workspace_id?: unknown } | undefined)?.default_workspace_id;
      return typeof id === 'string' && id !== '' ? id : undefined;
    });
    workspaces.set(t.run.runId, workspace);
  }
  const id = await workspace.catch(() => undefined);
  if (id === undefined) {
    workspaces.delete(t.run.runId);
    t.skip('no workspace to test: GET /account gave no default_workspace_id; set DIFY_WORKSPACE_ID');
  }
  return id;
}

/** An app of the given mode: configured with DIFY_APP_ID_<MODE>, else the first one GET /apps?mode= lists. */
export async function appOfMode(t: ConformanceTestContext, mode: AppModeKey): Promise<AppFixture> {
  const configured = t.run.target.appIds[mode];
  if (configured !== undefined) return { id: configured, mode, row: undefined };
  const workspaceId = await workspaceUnderTest(t);
  const key = `${t.run.runId} ${mode}`;
  let found = apps.get(key);
  if (found === undefined) {
    found = t.call('listApps', { query: { workspace_id: workspaceId, mode, limit: 1 } }).then((exchange) => {
      const row = (exchange.response.json as { data?: Record<string, unknown>[] } | undefined)?.data?.[0];
      return typeof row?.['id'] === 'string' ? { id: row['id'], mode, row } : undefined;
    });
    apps.set(key, found);
  }
  const app = await found.catch(() => undefined);
  if (app === undefined) {
    apps.delete(key);
    t.skip(`no ${mode} app found in the workspace under test (GET /apps?mode=${mode}); set ${MODE_VARIABLE[mode]}`);
  }
  return app;
}

export interface FileInputApp {
  readonly id: string;
  readonly mode: AppModeKey;
  /** The input that takes a file. */
  readonly input: string;
}

const FILE_APP_SEARCH_LIMIT = 20;

/**
 * An app with a file input: found by reading the input_schema of the workspace's workflow and
 * chat apps (a file input is an object-typed input, docs/server-behavior.md §6.1).
 */
export async function appWithFileInput(t: ConformanceTestContext): Promise<FileInputApp> {
  const workspaceId = await workspaceUnderTest(t);
  let fileApp = fileApps.get(t.run.runId);
  fileApp ??= (async () => {
    for (const mode of ['workflow', 'chat'] as const) {
      const list = await t.call('listApps', { query: { workspace_id: workspaceId, mode, limit: FILE_APP_SEARCH_LIMIT } });
      for (const row of (list.response.json as { data?: { id?: unknown }[] } | undefined)?.data ?? []) {
        if (typeof row.id !== 'string') continue;
        const describe = await t.call('describeApp', { path: { app_id: row.id }, query: { fields: 'input_schema' } });
        const inputs = (describe.response.json as { input_schema?: { properties?: { inputs?: { properties?: Record<string, { type?: unknown }> } } } } | undefined)?.input_schema?.properties?.inputs?.properties ?? {};
        const input = Object.entries(inputs).find(([, schema]) => schema.type === 'object')?.[0];
        if (input !== undefined) return { id: row.id, mode, input };
      }
    }
    return undefined;
  })();
  fileApps.set(t.run.runId, fileApp);
  const found = await fileApp.catch(() => undefined);
  if (found === undefined) return t.skip(`no app with a file input among the first ${FILE_APP_SEARCH_LIMIT} workflow and chat apps of the workspace`);
  return found;
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
  if (!(await served)) return t.skip('DIFY_EXTERNAL_TOKEN is set, but this deployment does not serve the Enterprise-only surface (GET /permitted-external-apps is 404, docs/server-behavior.md §1.6)');
  return token;
}
