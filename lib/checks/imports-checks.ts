/** DSL imports and their confirmation (docs/server-behavior.md §8). */
import type { AnsweredExchange } from '../model/exchange.ts';
import { client, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export const confirmUnknownFails = defineCheck<AnsweredExchange>({
  id: 'imports.confirm-unknown-fails',
  area: 'imports',
  statement: 'Confirming an import id that does not exist is answered 400 with an Import whose status is failed.',
  basis: [server('§8.2', 'unknown or expired import id: 400 Import with status failed')],
}, (exchange) => {
  const { status, json } = exchange.response;
  const importStatus = (json as { status?: unknown } | undefined)?.status;
  if (status === 400 && importStatus === 'failed') return [];
  return [{ message: `confirming an unknown import was answered ${status} with status ${JSON.stringify(importStatus)}`, expected: '400 with {"status": "failed"}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

interface ImportBody { id?: unknown; status?: unknown; app_id?: unknown; app_mode?: unknown; error?: unknown; imported_dsl_version?: unknown; current_dsl_version?: unknown }

function body(exchange: AnsweredExchange): ImportBody {
  return (exchange.response.json ?? {}) as ImportBody;
}

const STATUS_OF: Readonly<Record<string, number>> = { completed: 200, 'completed-with-warnings': 200, pending: 202, failed: 400 };

export const statusMatchesCode = defineCheck<AnsweredExchange>({
  id: 'imports.status-matches-code',
  area: 'imports',
  statement: 'The HTTP status of an import answer matches its Import status: 200 completed or completed-with-warnings, 202 pending, 400 failed.',
  basis: [seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses', '200 completed, 202 pending, 400 failed'), seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports~1{import_id}~1confirm/post/responses')],
}, (exchange) => {
  const status = body(exchange).status;
  if (exchange.response.status === 422 || typeof status !== 'string') return [];
  const expected = STATUS_OF[status];
  if (expected === exchange.response.status) return [];
  return [{ message: `an Import with status ${status} came with HTTP ${exchange.response.status}`, expected: expected === undefined ? 'a known ImportStatus' : String(expected), observed: String(exchange.response.status) }];
});

export interface ExpectedImport {
  readonly exchange: AnsweredExchange;
  readonly mode: string;
}

export const importsCompleted = defineCheck<AnsweredExchange>({
  id: 'imports.completed',
  area: 'imports',
  statement: 'Importing a valid DSL at the server\'s current version answers 200 with status completed.',
  basis: [seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses/200', 'Import completed'), client('§6', 'completed and completed-with-warnings are success'), server('§8.1')],
}, (exchange) => {
  const b = body(exchange);
  if (exchange.response.status === 200 && b.status === 'completed') return [];
  return [{ message: `the import answered ${exchange.response.status} ${String(b.status)}`, expected: '200 completed', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const completedNamesApp = defineCheck<ExpectedImport>({
  id: 'imports.completed-names-app',
  area: 'imports',
  statement: 'A completed import names the app it created or overwrote, with its app_id and app_mode.',
  basis: [server('§8.1', 'a completed import names its app_id and app_mode')],
}, ({ exchange, mode }) => {
  const b = body(exchange);
  if (exchange.response.status !== 200 || b.status !== 'completed') return [];
  if (typeof b.app_id === 'string' && b.app_mode === mode) return [];
  return [{ message: 'the completed import does not name its app', expected: `app_id set, app_mode ${mode}`, observed: exchange.response.bodyText.slice(0, 300) }];
});

export const olderMinorWarns = defineCheck<AnsweredExchange>({
  id: 'imports.older-minor-warns',
  area: 'imports',
  statement: 'Importing a DSL of an older minor version answers 200 completed-with-warnings.',
  basis: [server('§8.1', 'imported minor below the current minor: completed-with-warnings')],
}, (exchange) => {
  const b = body(exchange);
  if (exchange.response.status === 200 && b.status === 'completed-with-warnings') return [];
  return [{ message: `an older-minor DSL was answered ${exchange.response.status} ${String(b.status)}`, expected: '200 completed-with-warnings', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const newerPending = defineCheck<AnsweredExchange>({
  id: 'imports.newer-pending',
  area: 'imports',
  statement: 'Importing a DSL newer than the server\'s answers 202 pending with imported_dsl_version and current_dsl_version, and creates nothing yet.',
  basis: [server('§8.1', 'imported newer than current: pending')],
}, (exchange) => {
  const b = body(exchange);
  if (exchange.response.status === 202 && b.status === 'pending' && typeof b.imported_dsl_version === 'string' && typeof b.current_dsl_version === 'string') return [];
  return [{ message: `a newer DSL was answered ${exchange.response.status} ${String(b.status)}`, expected: '202 pending with both versions', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const confirmCompletes = defineCheck<AnsweredExchange>({
  id: 'imports.confirm-completes',
  area: 'imports',
  statement: 'Confirming a pending import answers 200 completed with the app_id of the imported app.',
  basis: [seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports~1{import_id}~1confirm/post/responses/200', 'Import confirmed'), client('§6', 'the CLI confirms a pending import; a failed confirm is an error'), server('§8.2')],
}, (exchange) => {
  const b = body(exchange);
  if (exchange.response.status === 200 && b.status === 'completed' && typeof b.app_id === 'string') return [];
  return [{ message: `confirming a pending import answered ${exchange.response.status} ${String(b.status)}`, expected: '200 completed with app_id', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const confirmOnce = defineCheck<AnsweredExchange>({
  id: 'imports.confirm-once',
  area: 'imports',
  statement: 'Confirming the same import a second time answers 400 with a failed Import.',
  basis: [server('§8.2', 'the pending import is deleted on confirm; a second confirm is 400 failed')],
}, (exchange) => {
  const b = body(exchange);
  if (exchange.response.status === 400 && b.status === 'failed') return [];
  return [{ message: `a second confirm answered ${exchange.response.status} ${String(b.status)}`, expected: '400 failed', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const badDslFails = defineCheck<AnsweredExchange>({
  id: 'imports.bad-dsl-fails',
  area: 'imports',
  statement: 'An import whose DSL cannot be read (invalid YAML, an address that cannot serve it) answers 400 failed with a non-empty error.',
  basis: [seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses/400', 'Import failed'), seed('#/components/schemas/Import/properties/error'), client('§6', 'a failed import shows its error'), server('§8.1')],
}, (exchange) => {
  const b = body(exchange);
  if (exchange.response.status === 400 && b.status === 'failed' && typeof b.error === 'string' && b.error !== '') return [];
  return [{ message: `an unreadable DSL was answered ${exchange.response.status} ${String(b.status)}`, expected: '400 failed with an error message', observed: exchange.response.bodyText.slice(0, 300) }];
});

export interface OverwriteInput {
  readonly exchange: AnsweredExchange;
  readonly appId: string;
}

export const overwriteInPlace = defineCheck<OverwriteInput>({
  id: 'imports.overwrite-in-place',
  area: 'imports',
  statement: 'Importing with the app_id of an existing workflow or advanced-chat app overwrites that app: the answer names the same app_id.',
  basis: [seed('#/components/schemas/AppDslImportPayload/properties/app_id', 'existing app to overwrite (workflow and advanced-chat apps only)')],
}, ({ exchange, appId }) => {
  const b = body(exchange);
  if (exchange.response.status >= 400 || b.app_id === appId) return [];
  return [{ message: 'an overwrite import answered another app', expected: appId, observed: String(b.app_id) }];
});

export interface VisibleInput {
  readonly describe: AnsweredExchange;
  readonly exported: AnsweredExchange;
  readonly name: string;
}

export const importedAppVisible = defineCheck<VisibleInput>({
  id: 'imports.app-visible',
  area: 'imports',
  statement: 'An imported app can be described under its name and exported as DSL that contains that name.',
  basis: [seed('#/components/schemas/AppDslImportPayload/properties/name', 'without it the DSL\'s name is the app\'s'), server('§8.1'), server('§6.2')],
}, ({ describe, exported, name }) => {
  const out = [];
  const infoName = (describe.response.json as { info?: { name?: unknown } } | undefined)?.info?.name;
  if (describe.response.status !== 200 || infoName !== name) out.push({ message: `describe of the imported app answered ${describe.response.status} with name ${JSON.stringify(infoName)}`, expected: name, observed: String(infoName) });
  const data = (exported.response.json as { data?: unknown } | undefined)?.data;
  if (exported.response.status !== 200 || typeof data !== 'string' || !data.includes(name)) out.push({ message: 'the exported DSL of the imported app does not contain its name', expected: `DSL containing "${name}"`, observed: `${exported.response.status} ${exported.response.bodyText.slice(0, 200)}` });
  return out;
});
