// Reading apps: list, describe, export and dependency check
// (docs/server-behavior.md §3, §6.1–6.3).
import { appListRow, byUpdatedAtDesc, describeInfo, describeParameters, EMPTY_INPUT_SCHEMA, inputSchema, UNAVAILABLE_PARAMETERS } from '../app-views.ts';
import { exportDsl } from '../dsl.ts';
import type { FaultSwitches } from '../faults.ts';
import { ApiError, validationError } from '../errors.ts';
import { sendJson } from '../http-io.ts';
import { isUuid } from '../ids.ts';
import { paginate, pageFields, shuffled } from '../pagination.ts';
import { appRoute, workspaceRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import { APP_MODES } from '../state.ts';
import type { App } from '../state.ts';
import { parseIntText, parseQuery } from '../validation.ts';

const DESCRIBE_BLOCKS = ['info', 'parameters', 'input_schema'] as const;
type DescribeBlock = (typeof DESCRIBE_BLOCKS)[number];

function requestedBlocks(fields: string | undefined, unknownIgnored: boolean): ReadonlySet<DescribeBlock> {
  const all = (fields ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = all.filter((name) => !(DESCRIBE_BLOCKS as readonly string[]).includes(name));
  const names = unknownIgnored ? all.filter((name) => !unknown.includes(name)) : all;
  if (names.length === 0) return new Set(DESCRIBE_BLOCKS);
  if (unknown.length > 0 && !unknownIgnored) {
    throw validationError([
      {
        type: 'value_error',
        loc: ['fields'],
        msg: `Value error, unknown field(s): [${unknown.map((name) => `'${name}'`).join(', ')}]`,
      },
    ]);
  }
  return new Set(names as DescribeBlock[]);
}

/**
 * The service model behind GET /apps (services/app_service.py::AppListParams)
 * caps `limit` at 100, below the query model's 200 (docs/server-behavior.md
 * §12.4). Its pydantic ValidationError is a ValueError, so libs/external_api.py
 * answers it with `handle_value_error` (400, code "invalid_param", message
 * str(e)); the /openapi/v1 formatter then rebuilds the body and, as the
 * exception class has no `error_code`, takes the code from the status:
 * `bad_request` (controllers/openapi/_errors.py::_resolve_code). No details:
 * the body carries no pydantic `errors` list. Read from the ErrorBody-era
 * sources, not pinned by a test there, so fairly but not fully sure; the
 * pydantic version in the message's URL is a guess.
 */
function refuseServiceLimit(limit: number): void {
  if (limit <= 100) return;
  throw new ApiError(
    400,
    [
      '1 validation error for AppListParams',
      'limit',
      `  Input should be less than or equal to 100 [type=less_than_equal, input_value=${limit}, input_type=int]`,
      '    For further information visit https://errors.pydantic.dev/2.11/v/less_than_equal',
    ].join('\n'),
  );
}

/** The app lookup of a faulty server raises on a missing app instead of answering 404. */
function unknownAppFails(route: Route): Route {
  return {
    ...route,
    run: async (call) => {
      try {
        await route.run(call);
      } catch (thrown) {
        const named = (call.params.app_id ?? '').toLowerCase();
        if (call.faults.has('app-unknown-500') && thrown instanceof ApiError && thrown.status === 404 && !call.state.apps.has(named)) {
          throw new ApiError(500, "'NoneType' object has no attribute 'enable_api'");
        }
        throw thrown;
      }
    },
  };
}

export const appRoutes: readonly Route[] = [
  workspaceRoute('GET', '/apps', { from: 'query' }, (call, _caller, access) => {
    const limit = call.query.get('limit');
    if (limit !== null && parseIntText(limit) === undefined && call.faults.has('apps-limit-non-numeric-500')) {
      throw new Error(`int() argument: ${limit}`);
    }
    // Not a strict model (ver?): parameters it does not declare are ignored.
    const query = parseQuery(
      call.query,
      {
        ...pageFields(call.faults.has('apps-default-limit-100') ? 100 : 20),
        mode: { kind: 'choice', values: APP_MODES, type: 'enum' },
        name: { kind: 'text', maxLength: 200 },
        tag: { kind: 'text' },
      },
      { strict: false, faults: call.faults },
    );
    const visible = [...call.state.apps.values()]
      .filter((app) => app.workspaceId === access.workspace.id && app.enableApi)
      .sort(call.faults.has('apps-oldest-first') ? (a, b) => byUpdatedAtDesc(b, a) : byUpdatedAtDesc);
    const render = (app: App): Record<string, unknown> => {
      const row = appListRow(call.state, app);
      return call.faults.has('app-list-bad-mode') ? { ...row, mode: 'assistant' } : row;
    };
    const name = query.name;
    if (name !== undefined && isUuid(name) && !call.faults.has('apps-name-uuid-substring')) {
      // The id lookup answers before the service model below is ever built.
      const app = visible.find((row) => row.id === name.toLowerCase());
      sendJson(call.res, 200, app ? { page: 1, limit: 1, total: 1, has_more: false, data: [render(app)] } : paginate([], query.page, query.limit));
      return;
    }
    if (call.settings.profile === 'realistic') refuseServiceLimit(query.limit);
    // Omitting mode lists every mode except the `agent` app type. Every other mode,
    // channel and rag-pipeline included (their service behaviour is UNKNOWN), filters exactly.
    const mode = call.faults.has('apps-mode-filter-ignored') ? undefined : query.mode;
    const agentToo = call.faults.has('apps-list-includes-agent');
    let rows = visible.filter((app) => (mode === undefined ? agentToo || app.mode !== 'agent' : app.mode === mode));
    if (name !== undefined && !call.faults.has('apps-name-filter-ignored')) {
      const needle = name.slice(0, 30).toLowerCase();
      // apps-name-like-unescaped: % and _ act as SQL LIKE wildcards.
      const matches = call.faults.has('apps-name-like-unescaped') ? likeMatcher(needle) : (text: string) => text.includes(needle);
      rows = rows.filter((app) => matches(app.name.toLowerCase()));
    }
    if (query.tag !== undefined && !call.faults.has('apps-tag-filter-ignored')) {
      const tag = query.tag;
      const known = visible.some((app) => app.tags.includes(tag));
      if (known || !call.faults.has('apps-unknown-tag-lists-all')) rows = rows.filter((app) => app.tags.includes(tag));
    }
    const envelope = paginate(rows.map(render), query.page, query.limit);
    sendJson(call.res, 200, call.faults.has('apps-page-order-unstable') ? { ...envelope, data: shuffled(envelope.data) } : envelope);
  }),
  unknownAppFails(
    appRoute('GET', '/apps/:app_id/describe', { tokens: ['dfoa'] }, (call, _caller, app) => {
      // Strict, so even a matching ?workspace_id is refused as extra (ver?).
      const query = parseQuery(call.query, { fields: { kind: 'text' } }, { strict: true, faults: call.faults });
      const blocks = requestedBlocks(query.fields, call.faults.has('describe-fields-unvalidated'));
      // `info` is the app row itself, which an import overwrite renames at once; `parameters` and
      // `input_schema` come from the published workflow (`app.workflow` in
      // controllers/openapi/_input_schema.py::resolve_app_config), and an app never published
      // falls back to the empty blocks the handler uses for an unavailable app.
      const info = blocks.has('info') ? describeInfo(call.state, app) : null;
      if (info !== null && call.faults.has('describe-name-is-author')) info.name = info.author;
      if (info !== null && call.faults.has('describe-is-agent-inverted')) info.is_agent = info.is_agent !== true;
      if (info !== null && call.faults.has('describe-api-enabled-false')) info.service_api_enabled = false;
      const dropSchema = query.fields === undefined && call.faults.has('describe-omits-input-schema');
      // Blocks that were not asked for are present as null.
      const all = call.faults.has('describe-ignores-fields');
      const parameters = app.publishedDsl ? describeParameters(app) : UNAVAILABLE_PARAMETERS;
      sendJson(call.res, 200, {
        info,
        parameters: blocks.has('parameters') || all ? (call.faults.has('describe-form-not-array') ? { ...parameters, user_input_form: {} } : parameters) : null,
        input_schema:
          (blocks.has('input_schema') || all) && !dropSchema
            ? app.publishedDsl
              ? faultyInputSchema(inputSchema(app), call.faults)
              : EMPTY_INPUT_SCHEMA
            : null,
      });
    }),
  ),
  unknownAppFails(
    appRoute('GET', '/apps/:app_id/export', { tokens: ['dfoa'] }, (call, _caller, app) => {
      const query = parseQuery(
        call.query,
        {
          include_secret: { kind: 'bool', default: false },
          workflow_id: { kind: 'text' },
        },
        { strict: false, faults: call.faults },
      );
      if (query.workflow_id !== undefined) {
        if (!isUuid(query.workflow_id)) {
          throw validationError([{ type: 'value_error', loc: ['workflow_id'], msg: 'Value error, workflow_id must be a valid UUID' }]);
        }
        // The seed-era wire shape of this 404 is UNKNOWN; it is an ErrorBody like the rest.
        if (!app.workflowIds.includes(query.workflow_id.toLowerCase())) throw new ApiError(404, 'Workflow not found.');
      }
      // The draft, as services/app_dsl_service.py::_append_workflow_export_data reads it
      // (get_draft_workflow), unless workflow_id names a published version. Only the latest
      // published document is kept, so it stands for every published version.
      const document = query.workflow_id !== undefined ? (app.publishedDsl ?? app.dsl) : app.dsl;
      const data = exportDsl(app, document, query.include_secret, call.faults.has('export-app-section-flattened'));
      sendJson(call.res, 200, { data: call.faults.has('export-data-base64') ? Buffer.from(data).toString('base64') : data });
    }),
  ),
  unknownAppFails(
    appRoute('GET', '/apps/:app_id/check-dependencies', { tokens: ['dfoa'] }, (call, _caller, app) => {
      const leaked = call.state.leakedDependencies.get(app.id);
      const live = leaked && leaked.expiresAt > Date.now() ? leaked.dependencies : [];
      sendJson(call.res, 200, { leaked_dependencies: call.faults.has('dependencies-null') && live.length === 0 ? null : live });
    }),
  ),
];

/** The input-schema faults, applied to a published app's schema. */
function faultyInputSchema(schema: Record<string, unknown>, faults: FaultSwitches): Record<string, unknown> {
  const properties = { ...(schema['properties'] as Record<string, Record<string, unknown>>) };
  let required = schema['required'] as string[];
  if (faults.has('input-schema-no-query')) {
    delete properties['query'];
    required = required.filter((name) => name !== 'query');
  }
  const inputs = properties['inputs'];
  if (inputs !== undefined && faults.has('input-schema-open-inputs')) properties['inputs'] = { ...inputs, additionalProperties: true };
  if (inputs !== undefined && faults.has('input-schema-required-lost')) properties['inputs'] = { ...properties['inputs'], required: [] };
  return { ...schema, properties, required };
}

/** A substring test in which % and _ are SQL LIKE wildcards (the apps-name-like-unescaped fault). */
function likeMatcher(needle: string): (text: string) => boolean {
  const pattern = needle
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const expression = new RegExp(pattern, 's');
  return (text) => expression.test(text);
}
