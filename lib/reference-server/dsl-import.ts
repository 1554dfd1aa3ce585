// Importing app DSL (docs/server-behavior.md §8): fetch, parse, version rule,
// pending imports awaiting confirmation, and turning a document into an app.
import { parse as parseYaml } from 'yaml';
import { CURRENT_DSL_VERSION, documentHasHumanInput, documentVariables } from './dsl.ts';
import { INSTALLED_PLUGINS } from './seed-data.ts';
import { APP_MODES, WORKFLOW_FAMILY } from './state.ts';
import type { App, AppMode, ImportOverrides, PluginDependency, ServerState } from './state.ts';
import { isPlainObject } from './validation.ts';

export type ImportStatus = 'completed' | 'completed-with-warnings' | 'pending' | 'failed';

export interface ImportResult {
  id: string;
  status: ImportStatus;
  app_id: string | null;
  app_mode: string | null;
  current_dsl_version: string;
  imported_dsl_version: string;
  error: string;
}

export const HTTP_STATUS_OF_IMPORT: Readonly<Record<ImportStatus, number>> = {
  completed: 200,
  'completed-with-warnings': 200,
  pending: 202,
  failed: 400,
};

export function importResult(id: string, status: ImportStatus, extra: Partial<ImportResult> = {}): ImportResult {
  return {
    id,
    status,
    app_id: null,
    app_mode: null,
    current_dsl_version: CURRENT_DSL_VERSION,
    imported_dsl_version: '',
    error: '',
    ...extra,
  };
}

const MAX_DSL_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 5_000;
const CREATABLE_MODES: readonly AppMode[] = ['workflow', 'advanced-chat', 'chat', 'completion', 'agent-chat'];

class ImportFailure extends Error {}

/** GitHub `blob` pages of YAML files are fetched from raw.githubusercontent.com. */
function rawGithubUrl(url: string): string {
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/(.+\.ya?ml)$/.exec(url);
  return match ? `https://raw.githubusercontent.com/${match[1]}/${match[2]}/${match[3]}` : url;
}

export async function fetchDsl(url: string): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    // Loaded on first use: undici is slow to import and most runs never fetch a URL.
    const { request } = await import('undici');
    const response = await request(rawGithubUrl(url), {
      method: 'GET',
      headersTimeout: FETCH_TIMEOUT_MS,
      bodyTimeout: FETCH_TIMEOUT_MS,
    });
    if (response.statusCode >= 400) {
      await response.body.dump();
      throw new Error(`HTTP ${response.statusCode}`);
    }
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > MAX_DSL_BYTES) {
        response.body.destroy();
        throw new ImportFailure('File size exceeds the limit of 10MB');
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof ImportFailure) throw error;
    throw new ImportFailure(`Error fetching YAML from URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new ImportFailure('Empty content from url');
  return text;
}

function versionParts(version: string): number[] | undefined {
  return /^\d+(\.\d+)*$/.test(version) ? version.split('.').map(Number) : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const diff = (a[index] ?? 0) - (b[index] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** check_version_compatibility(imported, "0.6.0"). */
function versionStatus(imported: string): ImportStatus {
  const current = versionParts(CURRENT_DSL_VERSION) ?? [];
  const parts = versionParts(imported);
  if (!parts) return 'failed';
  if (compareVersions(parts, current) > 0) return 'pending';
  if ((parts[0] ?? 0) < (current[0] ?? 0)) return 'pending';
  if ((parts[1] ?? 0) < (current[1] ?? 0)) return 'completed-with-warnings';
  return 'completed';
}

function pythonTypeName(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'datetime.date';
  return isPlainObject(value) ? 'dict' : 'NoneType';
}

export interface ParsedDsl {
  document: Record<string, unknown>;
  version: string;
  status: ImportStatus;
}

/** Parses YAML text and applies the version rule; throws ImportFailure with the real server's messages. */
export function parseDsl(text: string): ParsedDsl {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ImportFailure(`Invalid YAML format: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isPlainObject(document)) throw new ImportFailure('Invalid YAML format: content must be a mapping');
  // A falsy version reads as the oldest format, as the real importer does.
  const rawVersion = document.version || '0.1.0';
  if (typeof rawVersion !== 'string') {
    throw new ImportFailure(`Invalid version type, expected str, got <class '${pythonTypeName(rawVersion)}'>`);
  }
  const status = versionStatus(rawVersion);
  // The notes do not give the message for an unparseable version; this is ours.
  if (status === 'failed') throw new ImportFailure('Invalid DSL version: cannot be parsed as a version number');
  if (!isPlainObject(document.app) || Object.keys(document.app).length === 0) {
    throw new ImportFailure('Missing app data in YAML content');
  }
  return { document: { ...document, kind: 'app', version: rawVersion }, version: rawVersion, status };
}

function pluginId(dependency: PluginDependency): string {
  const identifier = Object.values(dependency.value)[0] ?? '';
  return identifier.split(':')[0]?.split('@')[0] ?? identifier;
}

function declaredDependencies(document: Record<string, unknown>): PluginDependency[] {
  const raw = Array.isArray(document.dependencies) ? document.dependencies : [];
  return raw.flatMap((entry) => {
    if (!isPlainObject(entry) || !isPlainObject(entry.value)) return [];
    const type = entry.type;
    if (type !== 'github' && type !== 'marketplace' && type !== 'package') return [];
    const value = Object.fromEntries(Object.entries(entry.value).map(([key, item]) => [key, String(item)]));
    return [{ type, value, current_identifier: typeof entry.current_identifier === 'string' ? entry.current_identifier : null }];
  });
}

/** The app an overwrite import targets, or the refusal the real importer gives. */
export function overwriteTarget(state: ServerState, workspaceId: string, appId: string): App {
  const app = state.apps.get(appId);
  if (!app || app.workspaceId !== workspaceId) throw new ImportFailure('App not found');
  if (!WORKFLOW_FAMILY.includes(app.mode)) throw new ImportFailure('Only workflow or advanced chat apps can be overwritten');
  return app;
}

export interface MaterialiseRequest {
  state: ServerState;
  workspaceId: string;
  authorId: string;
  document: Record<string, unknown>;
  overrides: ImportOverrides;
  overwrite: App | null;
  leakTtlMs: number;
  /**
   * Whether the import also publishes what it writes (the ideal profile). A
   * real import writes only the draft workflow of a workflow or advanced-chat
   * app (services/app_dsl_service.py::_create_or_update_app calls
   * sync_draft_workflow); chat, agent-chat and completion apps have no draft,
   * their model config is live at once.
   */
  publishes: boolean;
}

/** What a run of the app uses: the document's own settings, or what was published before. */
function publishedPart(request: MaterialiseRequest, mode: AppMode, document: Record<string, unknown>, ids: () => string[]) {
  const { overwrite } = request;
  if (request.publishes || !WORKFLOW_FAMILY.includes(mode)) {
    return {
      variables: documentVariables(document, mode),
      workflowIds: WORKFLOW_FAMILY.includes(mode) ? ids() : [],
      pausesForHumanInput: documentHasHumanInput(document),
      publishedDsl: document,
    };
  }
  return {
    variables: overwrite?.variables ?? [],
    workflowIds: overwrite?.workflowIds ?? [],
    pausesForHumanInput: overwrite?.pausesForHumanInput ?? false,
    publishedDsl: overwrite?.publishedDsl ?? null,
  };
}

/** Creates (or overwrites) the app a document describes; it is then listable, and runnable once published. */
export function materialiseApp(request: MaterialiseRequest): App {
  const { state, document, overrides, overwrite } = request;
  const appBlock = isPlainObject(document.app) ? document.app : {};
  const declaredMode = appBlock.mode;
  const mode =
    overwrite?.mode ??
    (APP_MODES.includes(declaredMode as AppMode) && CREATABLE_MODES.includes(declaredMode as AppMode) ? (declaredMode as AppMode) : undefined);
  if (!mode) throw new ImportFailure(`invalid mode value ${String(declaredMode)}`);
  if (WORKFLOW_FAMILY.includes(mode) && !isPlainObject(document.workflow)) {
    throw new ImportFailure('Missing workflow data for workflow/advanced chat app');
  }
  if (!WORKFLOW_FAMILY.includes(mode) && !isPlainObject(document.model_config)) {
    throw new ImportFailure('Missing model_config for chat/agent-chat/completion app');
  }
  const now = Date.now();
  const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
  const id = overwrite?.id ?? state.ids.next('app');
  const { version: _version, kind: _kind, ...body } = document;
  const app: App = {
    id,
    workspaceId: request.workspaceId,
    name: overrides.name ?? text(appBlock.name, overwrite?.name ?? 'Imported app'),
    description: overrides.description ?? text(appBlock.description, overwrite?.description ?? ''),
    mode,
    iconType: overrides.iconType ?? text(appBlock.icon_type, 'emoji'),
    icon: overrides.icon ?? text(appBlock.icon, '🤖'),
    iconBackground: overrides.iconBackground ?? text(appBlock.icon_background, '#FFEAD5'),
    tags: overwrite?.tags ?? [],
    authorId: overwrite?.authorId ?? request.authorId,
    createdAt: overwrite?.createdAt ?? now,
    updatedAt: now,
    enableApi: true,
    ...publishedPart(request, mode, body, () => [state.ids.next('workflow'), ...(overwrite?.workflowIds ?? [])]),
    permittedExternally: overwrite?.permittedExternally ?? false,
    dsl: body,
  };
  state.apps.set(id, app);
  const leaked = declaredDependencies(document).filter((dependency) => !INSTALLED_PLUGINS.includes(pluginId(dependency)));
  if (leaked.length > 0) {
    state.leakedDependencies.set(id, { dependencies: leaked, expiresAt: now + request.leakTtlMs });
  } else {
    state.leakedDependencies.delete(id);
  }
  return app;
}

export function isImportFailure(error: unknown): error is Error {
  return error instanceof ImportFailure;
}
