/** DSL imports and their confirmation (docs/server-behavior.md §8). */
import type { AnsweredExchange } from '../model/exchange.ts';
import { client, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export const confirmUnknownFails = defineCheck<AnsweredExchange>(
  {
    id: 'imports.confirm-unknown-fails',
    area: 'imports',
    statement: 'Confirming an import id that does not exist is answered 400 with an Import whose status is failed.',
    basis: [server('§8.2', 'unknown or expired import id: 400 Import with status failed')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    const importStatus = (json as { status?: unknown } | undefined)?.status;
    if (status === 400 && importStatus === 'failed') return [];
    return [
      {
        message: `confirming an unknown import was answered ${status} with status ${JSON.stringify(importStatus)}`,
        expected: '400 with {"status": "failed"}',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

interface ImportBody {
  id?: unknown;
  status?: unknown;
  app_id?: unknown;
  app_mode?: unknown;
  error?: unknown;
  imported_dsl_version?: unknown;
  current_dsl_version?: unknown;
}

function body(exchange: AnsweredExchange): ImportBody {
  return (exchange.response.json ?? {}) as ImportBody;
}

const STATUS_OF: Readonly<Record<string, number>> = { completed: 200, 'completed-with-warnings': 200, pending: 202, failed: 400 };

export const statusMatchesCode = defineCheck<AnsweredExchange>(
  {
    id: 'imports.status-matches-code',
    area: 'imports',
    statement: 'The HTTP status of an import answer matches its Import status: 200 completed or completed-with-warnings, 202 pending, 400 failed.',
    basis: [
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses', '200 completed, 202 pending, 400 failed'),
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports~1{import_id}~1confirm/post/responses'),
    ],
  },
  (exchange) => {
    const status = body(exchange).status;
    if (exchange.response.status === 422 || typeof status !== 'string') return [];
    const expected = STATUS_OF[status];
    if (expected === exchange.response.status) return [];
    return [
      {
        message: `an Import with status ${status} came with HTTP ${exchange.response.status}`,
        expected: expected === undefined ? 'a known ImportStatus' : String(expected),
        observed: String(exchange.response.status),
      },
    ];
  },
);

export interface ExpectedImport {
  readonly exchange: AnsweredExchange;
  readonly mode: string;
}

const SUCCESS: readonly unknown[] = ['completed', 'completed-with-warnings'];

export const importsCompleted = defineCheck<AnsweredExchange>(
  {
    id: 'imports.completed',
    area: 'imports',
    statement:
      "Importing a valid DSL at the server's current version answers 200 with a successful Import: completed or completed-with-warnings, neither failed nor pending.",
    basis: [
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses/200', 'Import completed'),
      client('§6', 'completed and completed-with-warnings are success'),
    ],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 200 && SUCCESS.includes(b.status)) return [];
    return [
      {
        message: `a valid DSL at the server's version was answered ${exchange.response.status} ${String(b.status)}`,
        expected: '200 completed (or completed-with-warnings)',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const currentVersionCompletes = defineCheck<AnsweredExchange>(
  {
    id: 'imports.current-version-completes',
    area: 'imports',
    statement: 'A DSL at exactly the version the server reports as its current_dsl_version imports as completed, without warnings.',
    basis: [server('§8.1', 'version rule: the current version → completed')],
  },
  (exchange) => {
    const b = body(exchange);
    // A failed or pending answer is imports.completed's to report.
    if (exchange.response.status !== 200 || !SUCCESS.includes(b.status) || b.status === 'completed') return [];
    return [
      {
        message: `a DSL at the server's own version ${String(b.current_dsl_version)} imported as ${String(b.status)}`,
        expected: 'completed',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const completedNamesApp = defineCheck<ExpectedImport>(
  {
    id: 'imports.completed-names-app',
    area: 'imports',
    statement: 'A completed import names the app it created or overwrote, with its app_id and app_mode.',
    basis: [server('§8.1', 'a completed import names its app_id and app_mode')],
  },
  ({ exchange, mode }) => {
    const b = body(exchange);
    if (exchange.response.status !== 200 || b.status !== 'completed') return [];
    if (typeof b.app_id === 'string' && b.app_mode === mode) return [];
    return [
      { message: 'the completed import does not name its app', expected: `app_id set, app_mode ${mode}`, observed: exchange.response.bodyText.slice(0, 300) },
    ];
  },
);

export const olderMinorWarns = defineCheck<AnsweredExchange>(
  {
    id: 'imports.older-minor-warns',
    area: 'imports',
    statement: 'Importing a DSL of an older minor version answers 200 completed-with-warnings.',
    basis: [server('§8.1', 'imported minor below the current minor: completed-with-warnings')],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 200 && b.status === 'completed-with-warnings') return [];
    return [
      {
        message: `an older-minor DSL was answered ${exchange.response.status} ${String(b.status)}`,
        expected: '200 completed-with-warnings',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export interface PendingInput {
  readonly exchange: AnsweredExchange;
  /** The app the import asked to overwrite. */
  readonly appId: string;
  /** The version of the DSL sent. */
  readonly version: string;
}

export const pendingNamesTarget = defineCheck<PendingInput>(
  {
    id: 'imports.pending-names-target',
    area: 'imports',
    statement: "A pending import names the app_id it was asked to overwrite and the DSL's version as imported_dsl_version.",
    basis: [server('§8.1', 'pending: app_id = the requested overwrite id, imported_dsl_version')],
  },
  ({ exchange, appId, version }) => {
    const b = body(exchange);
    if (exchange.response.status !== 202 || b.status !== 'pending') return [];
    if (b.app_id === appId && b.imported_dsl_version === version) return [];
    return [
      {
        message: 'the pending import does not name the app and version it holds',
        expected: `app_id ${appId}, imported_dsl_version ${version}`,
        observed: `app_id ${JSON.stringify(b.app_id)}, imported_dsl_version ${JSON.stringify(b.imported_dsl_version)}`,
      },
    ];
  },
);

export const reportsVersions = defineCheck<AnsweredExchange>(
  {
    id: 'imports.reports-versions',
    area: 'imports',
    statement: "Every Import answer reports the server's current_dsl_version (a non-empty string) and an imported_dsl_version string.",
    basis: [server('§8.1', 'the Import body has all its keys, current_dsl_version among them')],
  },
  (exchange) => {
    const b = body(exchange);
    // Only Import bodies: a 422 is an ErrorBody.
    if (typeof b.status !== 'string' || exchange.response.status === 422) return [];
    if (typeof b.current_dsl_version === 'string' && b.current_dsl_version !== '' && typeof b.imported_dsl_version === 'string') return [];
    return [
      {
        message: 'the Import does not report its versions',
        expected: 'current_dsl_version a non-empty string, imported_dsl_version a string',
        observed: `current_dsl_version ${JSON.stringify(b.current_dsl_version) ?? 'absent'}, imported_dsl_version ${JSON.stringify(b.imported_dsl_version) ?? 'absent'}`,
      },
    ];
  },
);

/** The server's current DSL version as an Import answer reports it. */
export function currentDslVersion(exchange: AnsweredExchange): string | undefined {
  const version = body(exchange).current_dsl_version;
  return typeof version === 'string' && /^\d+\.\d+\.\d+$/.test(version) ? version : undefined;
}

export const newerPending = defineCheck<AnsweredExchange>(
  {
    id: 'imports.newer-pending',
    area: 'imports',
    statement: "Importing a DSL newer than the server's answers 202 pending with imported_dsl_version and current_dsl_version, and creates nothing yet.",
    basis: [server('§8.1', 'imported newer than current: pending')],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 202 && b.status === 'pending' && typeof b.imported_dsl_version === 'string' && typeof b.current_dsl_version === 'string')
      return [];
    return [
      {
        message: `a newer DSL was answered ${exchange.response.status} ${String(b.status)}`,
        expected: '202 pending with both versions',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const confirmCompletes = defineCheck<AnsweredExchange>(
  {
    id: 'imports.confirm-completes',
    area: 'imports',
    statement: 'Confirming a pending import answers 200 with a successful Import, neither failed nor pending.',
    basis: [
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports~1{import_id}~1confirm/post/responses/200', 'Import confirmed'),
      client('§6', 'the CLI confirms a pending import; a failed confirm is an error'),
    ],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 200 && SUCCESS.includes(b.status)) return [];
    return [
      {
        message: `confirming a pending import answered ${exchange.response.status} ${String(b.status)}`,
        expected: '200 completed',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export interface ConfirmedInput {
  readonly exchange: AnsweredExchange;
  /** The version of the DSL that was held pending. */
  readonly version: string;
}

export const confirmNamesApp = defineCheck<ConfirmedInput>(
  {
    id: 'imports.confirm-names-app',
    area: 'imports',
    statement: "A confirmed import is completed (whatever the version), names the app_id it imported, and reports the DSL's version as imported_dsl_version.",
    basis: [server('§8.2', 'success → 200 completed with app_id; imported_dsl_version from the DSL')],
  },
  ({ exchange, version }) => {
    const b = body(exchange);
    // A failed or pending confirm is imports.confirm-completes's to report.
    if (exchange.response.status !== 200 || !SUCCESS.includes(b.status)) return [];
    const problems = [
      ...(b.status === 'completed' ? [] : [`status ${String(b.status)}`]),
      ...(typeof b.app_id === 'string' && b.app_id !== '' ? [] : [`app_id ${JSON.stringify(b.app_id)}`]),
      ...(b.imported_dsl_version === version ? [] : [`imported_dsl_version ${JSON.stringify(b.imported_dsl_version)}`]),
    ];
    if (problems.length === 0) return [];
    return [
      {
        message: `the confirmed import has ${problems.join(', ')}`,
        expected: `completed, an app_id, imported_dsl_version ${version}`,
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const confirmOnce = defineCheck<AnsweredExchange>(
  {
    id: 'imports.confirm-once',
    area: 'imports',
    statement: 'Confirming the same import a second time answers 400 with a failed Import.',
    basis: [server('§8.2', 'the pending import is deleted on confirm; a second confirm is 400 failed')],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 400 && b.status === 'failed') return [];
    return [
      {
        message: `a second confirm answered ${exchange.response.status} ${String(b.status)}`,
        expected: '400 failed',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const badDslFails = defineCheck<AnsweredExchange>(
  {
    id: 'imports.bad-dsl-fails',
    area: 'imports',
    statement: 'An import whose DSL cannot be read (invalid YAML, an address that cannot serve it) answers 400 failed with a non-empty error.',
    basis: [
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses/400', 'Import failed'),
      seed('#/components/schemas/Import/properties/error'),
      client('§6', 'a failed import shows its error'),
      server('§8.1'),
    ],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 400 && b.status === 'failed' && typeof b.error === 'string' && b.error !== '') return [];
    return [
      {
        message: `an unreadable DSL was answered ${exchange.response.status} ${String(b.status)}`,
        expected: '400 failed with an error message',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export interface OverwriteInput {
  readonly exchange: AnsweredExchange;
  readonly appId: string;
}

export const overwriteInPlace = defineCheck<OverwriteInput>(
  {
    id: 'imports.overwrite-in-place',
    area: 'imports',
    statement: 'Importing with the app_id of an existing workflow or advanced-chat app overwrites that app: the answer names the same app_id.',
    basis: [seed('#/components/schemas/AppDslImportPayload/properties/app_id', 'existing app to overwrite (workflow and advanced-chat apps only)')],
  },
  ({ exchange, appId }) => {
    const b = body(exchange);
    if (exchange.response.status >= 400 || b.app_id === appId) return [];
    return [{ message: 'an overwrite import answered another app', expected: appId, observed: String(b.app_id) }];
  },
);

export const unknownAppIdFails = defineCheck<AnsweredExchange>(
  {
    id: 'imports.unknown-app-id-fails',
    area: 'imports',
    statement: 'An import whose app_id names no app of the workspace fails (400, status failed) instead of creating or overwriting an app.',
    basis: [
      seed('#/components/schemas/AppDslImportPayload/properties/app_id', 'an existing app to overwrite: an id that names none cannot be overwritten'),
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses/400', 'Import failed'),
    ],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 400 && b.status === 'failed') return [];
    return [
      {
        message: `an import overwriting an app that does not exist answered ${exchange.response.status} ${String(b.status)}`,
        expected: '400 failed',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const overwriteModeRestricted = defineCheck<AnsweredExchange>(
  {
    id: 'imports.overwrite-mode-restricted',
    area: 'imports',
    statement: 'An import that asks to overwrite a chat app fails (400, status failed): only workflow and advanced-chat apps can be overwritten.',
    basis: [
      seed('#/components/schemas/AppDslImportPayload/properties/app_id', 'existing app to overwrite (workflow/advanced-chat apps only)'),
      seed('#/paths/~1workspaces~1{workspace_id}~1apps~1imports/post/responses/400', 'Import failed'),
    ],
  },
  (exchange) => {
    const b = body(exchange);
    if (exchange.response.status === 400 && b.status === 'failed') return [];
    return [
      {
        message: `an import overwriting a chat app answered ${exchange.response.status} ${String(b.status)}`,
        expected: '400 failed',
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export interface VisibleInput {
  readonly describe: AnsweredExchange;
  readonly exported: AnsweredExchange;
  readonly name: string;
}

export const importedAppVisible = defineCheck<VisibleInput>(
  {
    id: 'imports.app-visible',
    area: 'imports',
    statement: 'An imported app can be described under its name and exported as DSL that contains that name.',
    basis: [seed('#/components/schemas/AppDslImportPayload/properties/name', "without it the DSL's name is the app's"), server('§8.1'), server('§6.2')],
  },
  ({ describe, exported, name }) => {
    const out = [];
    const infoName = (describe.response.json as { info?: { name?: unknown } } | undefined)?.info?.name;
    if (describe.response.status !== 200 || infoName !== name)
      out.push({
        message: `describe of the imported app answered ${describe.response.status} with name ${JSON.stringify(infoName)}`,
        expected: name,
        observed: String(infoName),
      });
    const data = (exported.response.json as { data?: unknown } | undefined)?.data;
    if (exported.response.status !== 200 || typeof data !== 'string' || !data.includes(name))
      out.push({
        message: 'the exported DSL of the imported app does not contain its name',
        expected: `DSL containing "${name}"`,
        observed: `${exported.response.status} ${exported.response.bodyText.slice(0, 200)}`,
      });
    return out;
  },
);
