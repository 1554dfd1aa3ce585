// POST /workspaces/{id}/apps/imports and …/{import_id}/confirm
// (docs/server-behavior.md §8). Outcomes are `Import` bodies whose HTTP
// status follows the import status; only request-shape errors are ErrorBody.
import { HTTP_STATUS_OF_IMPORT, fetchDsl, importResult, isImportFailure, materialiseApp, overwriteTarget, parseDsl } from '../dsl-import.ts';
import type { ImportResult } from '../dsl-import.ts';
import { ApiError } from '../errors.ts';
import { readJson, sendJson } from '../http-io.ts';
import { workspaceRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { Call } from '../runtime.ts';
import type { ImportOverrides } from '../state.ts';
import { BodyReader } from '../validation.ts';

const IMPORT_MODES = ['yaml-content', 'yaml-url'] as const;

function answer(call: Call, result: ImportResult): void {
  sendJson(call.res, HTTP_STATUS_OF_IMPORT[result.status], call.faults.has('import-no-current-version') ? { ...result, current_dsl_version: null } : result);
}

export const importRoutes: readonly Route[] = [
  // Seed-era imports only require membership (later versions also want editor or above).
  workspaceRoute('POST', '/workspaces/:workspace_id/apps/imports', { from: 'path' }, async (call, caller, access) => {
    const body = new BodyReader(await readJson(call.req), 'AppDslImportPayload', call.faults);
    const mode = body.choice('mode', IMPORT_MODES, 'enum', true);
    const yamlContent = body.string('yaml_content');
    const yamlUrl = body.string('yaml_url');
    const overrides: ImportOverrides = {
      name: body.string('name'),
      description: body.string('description'),
      iconType: body.string('icon_type'),
      icon: body.string('icon'),
      iconBackground: body.string('icon_background'),
    };
    const appId = body.string('app_id');
    body.forbidExtra();
    if (body.details.length === 0) {
      if (mode === 'yaml-content' && yamlContent === undefined) body.modelError("yaml_content is required when mode is 'yaml-content'");
      if (mode === 'yaml-url' && yamlUrl === undefined) body.modelError("yaml_url is required when mode is 'yaml-url'");
    }
    body.finish();

    const id = call.state.ids.next('import');
    const workspaceId = access.workspace.id;
    try {
      const text = mode === 'yaml-url' ? await fetchDsl(yamlUrl ?? '') : (yamlContent ?? '');
      const parsed = parseDsl(text);
      // import-unknown-app-id-creates: an id that names no app is dropped, so the DSL becomes a new app.
      const dropped =
        call.faults.has('import-app-id-ignored') || (call.faults.has('import-unknown-app-id-creates') && appId !== undefined && !call.state.apps.has(appId));
      // import-overwrites-chat-app: the mode rule is skipped, and the import claims the app it was aimed at.
      const claimed = call.faults.has('import-overwrites-chat-app') && appId !== undefined ? call.state.apps.get(appId) : undefined;
      if (claimed !== undefined && claimed.workspaceId === workspaceId && !dropped) {
        answer(call, importResult(id, 'completed', { app_id: claimed.id, app_mode: claimed.mode, imported_dsl_version: parsed.version }));
        return;
      }
      const overwrite = appId && !dropped ? overwriteTarget(call.state, workspaceId, appId) : null;
      let status = parsed.status;
      if (status === 'pending' && call.faults.has('import-newer-version-completes')) status = 'completed';
      if (status === 'completed-with-warnings' && call.faults.has('import-older-minor-no-warnings')) status = 'completed';
      if (status === 'completed' && call.faults.has('import-current-version-warns')) status = 'completed-with-warnings';
      if (status === 'completed' && call.faults.has('import-current-version-pending')) status = 'pending';
      const named = call.faults.has('import-ignores-dsl-name') ? { ...overrides, name: overrides.name ?? 'Imported app' } : overrides;
      if (status === 'pending') {
        call.state.imports.set(id, {
          id,
          workspaceId,
          document: parsed.document,
          importedVersion: parsed.version,
          overwriteAppId: overwrite?.id ?? null,
          overrides: named,
          expiresAt: Date.now() + call.settings.importPendingTtlSeconds * 1000,
        });
        answer(
          call,
          importResult(id, 'pending', {
            app_id: call.faults.has('import-pending-no-app-id') ? null : (overwrite?.id ?? null),
            imported_dsl_version: parsed.version,
          }),
        );
        return;
      }
      const app = materialiseApp({
        state: call.state,
        workspaceId,
        authorId: caller.account.id,
        document: parsed.document,
        overrides: named,
        overwrite,
        leakTtlMs: call.settings.importPendingTtlSeconds * 1000,
        publishes: call.settings.profile === 'ideal',
      });
      const appMode = status === 'completed' && call.faults.has('import-completed-no-app-mode') ? null : app.mode;
      answer(call, importResult(id, status, { app_id: app.id, app_mode: appMode, imported_dsl_version: parsed.version }));
    } catch (error) {
      if (!isImportFailure(error)) throw error;
      if (call.faults.has('import-bad-yaml-500') && error.message.startsWith('Invalid YAML format')) throw new ApiError(500, 'Internal Server Error');
      const failed = importResult(id, 'failed', { error: error.message });
      if (call.faults.has('import-failed-http-200')) sendJson(call.res, 200, failed);
      else answer(call, failed);
    }
  }),
  workspaceRoute('POST', '/workspaces/:workspace_id/apps/imports/:import_id/confirm', { from: 'path' }, (call, caller, access) => {
    const id = call.params.import_id ?? '';
    const pending = call.state.imports.get(id);
    // Confirming consumes the pending import, so a second confirm fails like an unknown one.
    if (!call.faults.has('import-confirm-not-consumed')) call.state.imports.delete(id);
    if ((!pending || pending.expiresAt <= Date.now()) && call.faults.has('import-confirm-unknown-404')) throw new ApiError(404, 'Import not found.');
    if (!pending || pending.expiresAt <= Date.now()) {
      answer(call, importResult(id, 'failed', { error: 'Import information expired or does not exist' }));
      return;
    }
    if (call.faults.has('import-confirm-fails')) {
      answer(call, importResult(id, 'failed', { error: 'Failed to sync the workflow.', imported_dsl_version: pending.importedVersion }));
      return;
    }
    try {
      const overwrite = pending.overwriteAppId ? overwriteTarget(call.state, access.workspace.id, pending.overwriteAppId) : null;
      const app = materialiseApp({
        state: call.state,
        workspaceId: access.workspace.id,
        authorId: caller.account.id,
        document: pending.document,
        overrides: pending.overrides,
        overwrite,
        leakTtlMs: call.settings.importPendingTtlSeconds * 1000,
        publishes: call.settings.profile === 'ideal',
      });
      // The app is created, but the answer forgets to name it.
      const appId = call.faults.has('import-confirm-no-app-id') ? null : app.id;
      answer(call, importResult(id, 'completed', { app_id: appId, app_mode: app.mode, imported_dsl_version: pending.importedVersion }));
    } catch (error) {
      if (!isImportFailure(error)) throw error;
      answer(call, importResult(id, 'failed', { error: error.message, imported_dsl_version: pending.importedVersion }));
    }
  }),
];
