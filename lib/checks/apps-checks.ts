/**
 * App reads: the list with its filters, describe with its `fields` allow-list, export and the
 * dependency check (docs/server-behavior.md §3, §6.1–§6.3).
 */
import { parse as parseYaml } from 'yaml';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export const DESCRIBE_BLOCKS = ['info', 'parameters', 'input_schema'] as const;

/** Modes whose describe input schema requires a query (docs/server-behavior.md §6.1). */
const CHAT_FAMILY: readonly string[] = ['chat', 'agent-chat', 'advanced-chat'];

type Row = Record<string, unknown>;

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bodyOf(exchange: AnsweredExchange): Row {
  return isObject(exchange.response.json) ? exchange.response.json : {};
}

function rowsOf(exchange: AnsweredExchange): Row[] {
  const data = bodyOf(exchange)['data'];
  return Array.isArray(data) ? data.filter(isObject) : [];
}

function excerpt(exchange: AnsweredExchange, length = 200): string {
  return `${exchange.response.status} ${exchange.response.bodyText.slice(0, length)}`;
}

// ---- GET /apps and its filters --------------------------------------------------------------

export interface FilterInput {
  /** The pages of the filtered list that were read. */
  readonly pages: readonly AnsweredExchange[];
  readonly field: string;
  readonly accepts: (value: unknown) => boolean;
  readonly description: string;
  /** An app known to match the filter, which must therefore be returned (judged when the pages reach it or the end of the list). */
  readonly mustInclude?: string;
}

function filterViolations({ pages, field, accepts, description, mustInclude }: FilterInput): Violation[] {
  for (const page of pages) {
    const bad = rowsOf(page).find((row) => !accepts(row[field]));
    if (bad !== undefined)
      return [
        {
          message: `app ${String(bad['id'])} does not match ${description}`,
          expected: description,
          observed: `${field} = ${JSON.stringify(bad[field])}`,
          evidence: page,
        },
      ];
  }
  const rows = pages.flatMap(rowsOf);
  const last = pages.at(-1);
  // Whether an app is missing shows only once the filtered list was read to its end.
  const readToEnd = last !== undefined && bodyOf(last)['has_more'] === false;
  if (mustInclude !== undefined && readToEnd && !rows.some((row) => row['id'] === mustInclude)) {
    return [
      {
        message: `app ${mustInclude}, which matches ${description}, is missing from the filtered list`,
        expected: `a list containing ${mustInclude}`,
        observed: `${rows.length} apps on ${pages.length} page(s)`,
        ...(last === undefined ? {} : { evidence: last }),
      },
    ];
  }
  return [];
}

export const filterHolds = defineCheck<FilterInput>(
  {
    id: 'apps.filter-holds',
    area: 'apps',
    statement: 'GET /apps?mode= returns only apps of that mode, and an app of that mode that the unfiltered list shows.',
    basis: [
      seed(
        '#/paths/~1apps/get/parameters/1',
        "mode, typed with the AppMode enum of the rows (#/components/schemas/AppListRow/properties/mode): a filter on the rows' mode",
      ),
    ],
  },
  filterViolations,
);

export const nameFilterHolds = defineCheck<FilterInput>(
  {
    id: 'apps.name-filter-holds',
    area: 'apps',
    statement: 'GET /apps?name= returns only apps whose name contains the text, in any case, and an app whose name contains it.',
    basis: [server('§3', 'name: a case-insensitive substring match on the first 30 characters')],
  },
  filterViolations,
);

export const tagFilterHolds = defineCheck<FilterInput>(
  {
    id: 'apps.tag-filter-holds',
    area: 'apps',
    statement: 'GET /apps?tag= with a tag an app carries returns only apps carrying that tag, that app among them.',
    basis: [server('§3', 'tag: exact tag-name lookup; the apps carrying the tag')],
  },
  filterViolations,
);

export const unknownTagEmpty = defineCheck<AnsweredExchange>(
  {
    id: 'apps.unknown-tag-empty',
    area: 'apps',
    statement: 'GET /apps with a tag no app carries answers 200 with an empty list and total 0.',
    basis: [server('§3', 'unknown tag: 200 with the empty envelope')],
  },
  (exchange) => {
    const body = bodyOf(exchange);
    if (exchange.response.status === 200 && Array.isArray(body['data']) && body['data'].length === 0 && body['total'] === 0) return [];
    return [{ message: 'an unknown tag did not give an empty list', expected: '200, data [], total 0', observed: excerpt(exchange) }];
  },
);

export const newestFirst = defineCheck<AnsweredExchange>(
  {
    id: 'apps.newest-first',
    area: 'apps',
    statement: 'GET /apps lists apps by updated_at, the most recently updated first.',
    basis: [server('§3', 'GET /apps is ordered by updated_at descending')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    // Rows whose time does not parse are left to the schema checks.
    const times = rowsOf(exchange)
      .map((row) => ({ id: String(row['id']), at: typeof row['updated_at'] === 'string' ? Date.parse(row['updated_at']) : Number.NaN }))
      .filter((row) => !Number.isNaN(row.at));
    for (let index = 1; index < times.length; index++) {
      const before = times[index - 1];
      const after = times[index];
      if (before !== undefined && after !== undefined && after.at > before.at) {
        return [
          {
            message: `app ${after.id} (updated ${new Date(after.at).toISOString()}) is listed after app ${before.id} (updated ${new Date(before.at).toISOString()})`,
            expected: 'updated_at non-increasing down the page',
            observed: `row ${index + 1} is newer than row ${index}`,
          },
        ];
      }
    }
    return [];
  },
);

export interface AgentExclusionInput {
  /** Pages of GET /apps without a mode. */
  readonly unfiltered: readonly AnsweredExchange[];
  /** GET /apps?mode=agent. */
  readonly agent: AnsweredExchange;
}

export const defaultExcludesAgent = defineCheck<AgentExclusionInput>(
  {
    id: 'apps.default-excludes-agent',
    area: 'apps',
    statement: 'GET /apps without a mode lists every mode but the agent app type: no app that ?mode=agent lists appears in it.',
    basis: [server('§3', 'mode omitted = every mode except the agent app type')],
  },
  ({ unfiltered, agent }) => {
    const agentIds = new Set(agent.response.status === 200 ? rowsOf(agent).map((row) => String(row['id'])) : []);
    for (const page of unfiltered) {
      const row = rowsOf(page).find((r) => agentIds.has(String(r['id'])) || r['mode'] === 'agent');
      if (row !== undefined)
        return [
          {
            message: `the list without a mode includes the agent app ${String(row['id'])}`,
            expected: 'no app of the agent type',
            observed: `${String(row['name'])} (mode ${String(row['mode'])})`,
            evidence: page,
          },
        ];
    }
    return [];
  },
);

export interface IdLookupInput {
  readonly exchange: AnsweredExchange;
  /** The id of an app the list shows, sent as ?name=. */
  readonly appId: string;
}

export const nameIdLookup = defineCheck<IdLookupInput>(
  {
    id: 'apps.name-id-lookup',
    area: 'apps',
    statement: 'GET /apps?name=<the id of a listed app> answers exactly that app: one row, total 1, has_more false.',
    basis: [server('§3', 'a name that parses as a UUID is an exact id lookup with a one-row envelope')],
  },
  ({ exchange, appId }) => {
    const body = bodyOf(exchange);
    const ids = rowsOf(exchange).map((row) => String(row['id']));
    if (exchange.response.status === 200 && ids.length === 1 && ids[0] === appId && body['total'] === 1 && body['has_more'] === false) return [];
    return [
      {
        message: 'a name that is the id of a listed app did not answer exactly that app',
        expected: `200, data [${appId}], total 1, has_more false`,
        observed: `${exchange.response.status}, data [${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}], total ${String(body['total'])}`,
      },
    ];
  },
);

export interface LiteralNameInput {
  readonly exchange: AnsweredExchange;
  /** A LIKE wildcard sent as ?name=. */
  readonly needle: string;
}

export const nameFilterLiteral = defineCheck<LiteralNameInput>(
  {
    id: 'apps.name-filter-literal',
    area: 'apps',
    statement: 'GET /apps?name= matches % and _ literally: every app listed for ?name=% has a % in its name.',
    basis: [server('§3', 'name is LIKE-escaped')],
  },
  ({ exchange, needle }) => {
    if (exchange.response.status !== 200) return [];
    const bad = rowsOf(exchange).find((row) => typeof row['name'] !== 'string' || !row['name'].includes(needle));
    if (bad === undefined) return [];
    return [
      {
        message: `?name=${needle} listed app ${String(bad['id'])}, whose name has no "${needle}": the filter treats it as a wildcard`,
        expected: `only names containing "${needle}"`,
        observed: JSON.stringify(bad['name']),
      },
    ];
  },
);

// ---- describe -------------------------------------------------------------------------------

export interface DescribeInput {
  readonly exchange: AnsweredExchange;
  /** Blocks asked for with ?fields=; empty means the parameter was omitted. */
  readonly requested: readonly string[];
}

export const describeBlocks = defineCheck<DescribeInput>(
  {
    id: 'apps.describe-blocks',
    area: 'apps',
    statement: 'GET /apps/{id}/describe returns every block asked for with ?fields=, and all three blocks when fields is omitted.',
    basis: [seed('#/components/schemas/AppDescribeQuery', 'fields: empty or omitted gives all blocks'), server('§6.1')],
  },
  ({ exchange, requested }) => {
    if (exchange.response.status !== 200) return [];
    const body = bodyOf(exchange);
    const wanted = requested.length === 0 ? DESCRIBE_BLOCKS : requested;
    const missing = wanted.filter((block) => body[block] === undefined || body[block] === null);
    if (missing.length === 0) return [];
    return [
      {
        message: `describe${requested.length === 0 ? ' without fields' : `?fields=${requested.join(',')}`} returned no ${missing.join(', ')}`,
        expected: `non-null ${wanted.join(', ')}`,
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export const describeUnrequestedNull = defineCheck<DescribeInput>(
  {
    id: 'apps.describe-unrequested-null',
    area: 'apps',
    statement: 'GET /apps/{id}/describe?fields= answers the blocks that were not asked for as null (or leaves them out).',
    basis: [server('§6.1', 'blocks not requested are returned as null')],
  },
  ({ exchange, requested }) => {
    if (exchange.response.status !== 200 || requested.length === 0) return [];
    const body = bodyOf(exchange);
    const filled = DESCRIBE_BLOCKS.filter((block) => !requested.includes(block) && body[block] !== undefined && body[block] !== null);
    if (filled.length === 0) return [];
    return [
      {
        message: `describe?fields=${requested.join(',')} also filled ${filled.join(', ')}`,
        expected: `${filled.join(', ')} null or absent`,
        observed: exchange.response.bodyText.slice(0, 300),
      },
    ];
  },
);

export interface DescribeIdentityInput {
  readonly exchange: AnsweredExchange;
  readonly appId: string;
  /** The app as the list showed it. */
  readonly listed: { readonly name?: unknown; readonly mode?: unknown };
}

export const describeMatchesList = defineCheck<DescribeIdentityInput>(
  {
    id: 'apps.describe-matches-list',
    area: 'apps',
    statement: 'The info block of describe has the id, name and mode the app list shows for the same app.',
    basis: [seed('#/components/schemas/AppDescribeInfo', 'id, name and mode of the app the list row names: #/components/schemas/AppListRow')],
  },
  ({ exchange, appId, listed }) => {
    if (exchange.response.status !== 200) return [];
    const info = bodyOf(exchange)['info'];
    if (!isObject(info)) return [];
    const out: Violation[] = [];
    if (info['id'] !== appId) out.push({ message: 'describe answered for another app', expected: appId, observed: String(info['id']) });
    if (info['name'] !== listed.name)
      out.push({ message: 'describe and the list disagree on the name', expected: String(listed.name), observed: String(info['name']) });
    if (info['mode'] !== listed.mode)
      out.push({ message: 'describe and the list disagree on the mode', expected: String(listed.mode), observed: String(info['mode']) });
    return out;
  },
);

function infoOf(exchange: AnsweredExchange): Row | undefined {
  const info = bodyOf(exchange)['info'];
  return exchange.response.status === 200 && isObject(info) ? info : undefined;
}

export const describeIsAgent = defineCheck<AnsweredExchange>(
  {
    id: 'apps.describe-is-agent',
    area: 'apps',
    statement: 'The info block of describe says is_agent true exactly for agent-chat and advanced-chat apps.',
    basis: [server('§6.1', 'is_agent = mode in {agent-chat, advanced-chat}')],
  },
  (exchange) => {
    const info = infoOf(exchange);
    if (info === undefined || typeof info['mode'] !== 'string') return [];
    const expected = info['mode'] === 'agent-chat' || info['mode'] === 'advanced-chat';
    if (info['is_agent'] === expected) return [];
    return [
      {
        message: `describe of a ${info['mode']} app says is_agent ${JSON.stringify(info['is_agent'])}`,
        expected: String(expected),
        observed: JSON.stringify(info['is_agent']),
      },
    ];
  },
);

export const describeApiEnabled = defineCheck<AnsweredExchange>(
  {
    id: 'apps.describe-api-enabled',
    area: 'apps',
    statement: 'An app that describe serves says service_api_enabled true: an app with its API switched off is refused, not described.',
    basis: [server('§6.1', 'info.service_api_enabled'), server('§1.5', 'an app with its API disabled is refused 403')],
  },
  (exchange) => {
    const info = infoOf(exchange);
    if (info === undefined || info['service_api_enabled'] === true) return [];
    return [
      {
        message: 'describe served an app whose service_api_enabled is not true',
        expected: 'service_api_enabled true',
        observed: JSON.stringify(info['service_api_enabled']),
      },
    ];
  },
);

/** The keys describe's parameters block always has, even in its fallback for a broken app configuration. */
const PARAMETER_KEYS: Readonly<Record<string, (value: unknown) => boolean>> = {
  opening_statement: (v) => v === null || typeof v === 'string',
  suggested_questions: Array.isArray,
  user_input_form: Array.isArray,
  file_upload: (v) => v === null || isObject(v),
  system_parameters: isObject,
};

export const describeParametersShape = defineCheck<AnsweredExchange>(
  {
    id: 'apps.describe-parameters-shape',
    area: 'apps',
    statement:
      'The parameters block of describe has the Service API parameters shape: opening_statement, suggested_questions, user_input_form (an array of rows), file_upload and system_parameters.',
    basis: [server('§6.1', 'parameters: the shape of the Service API GET /parameters, or its documented fallback')],
  },
  (exchange) => {
    const parameters = bodyOf(exchange)['parameters'];
    if (exchange.response.status !== 200 || !isObject(parameters)) return [];
    const wrong = Object.entries(PARAMETER_KEYS)
      .filter(([key, holds]) => !holds(parameters[key]))
      .map(([key]) => key);
    if (wrong.length === 0) return [];
    return [
      {
        message: `the parameters block has no well-formed ${wrong.join(', ')}`,
        expected:
          'opening_statement (string or null), suggested_questions (array), user_input_form (array), file_upload (object or null), system_parameters (object)',
        observed: wrong
          .map((key) => `${key}: ${JSON.stringify(parameters[key]) ?? 'absent'}`)
          .join('; ')
          .slice(0, 300),
      },
    ];
  },
);

interface InputSchema {
  readonly type?: unknown;
  readonly properties?: unknown;
  readonly required?: unknown;
}

function inputSchemaOf(exchange: AnsweredExchange): InputSchema | undefined {
  const schema = bodyOf(exchange)['input_schema'];
  return exchange.response.status === 200 && isObject(schema) ? schema : undefined;
}

/** The documented fallback for an app whose configuration cannot be read: no properties at all. */
function isFallback(schema: InputSchema): boolean {
  return isObject(schema.properties) && Object.keys(schema.properties).length === 0;
}

function requiredOf(schema: { readonly required?: unknown }): string[] {
  return Array.isArray(schema.required) ? schema.required.map(String) : [];
}

export const inputSchemaValid = defineCheck<AnsweredExchange>(
  {
    id: 'apps.input-schema-valid',
    area: 'apps',
    statement: 'The input_schema of describe is an object schema that requires a closed inputs object (additionalProperties false).',
    basis: [server('§6.1', 'input_schema: JSON Schema 2020-12; every mode requires an inputs object with additionalProperties false')],
  },
  (exchange) => {
    const schema = inputSchemaOf(exchange);
    if (schema === undefined || isFallback(schema)) return [];
    const inputs = isObject(schema.properties) ? schema.properties['inputs'] : undefined;
    const problems: string[] = [];
    if (schema.type !== 'object') problems.push(`type ${JSON.stringify(schema.type)}`);
    if (!requiredOf(schema).includes('inputs')) problems.push('inputs not required');
    if (!isObject(inputs)) problems.push('no inputs property');
    else {
      if (inputs['type'] !== 'object') problems.push(`inputs of type ${JSON.stringify(inputs['type'])}`);
      if (inputs['additionalProperties'] !== false) problems.push(`inputs.additionalProperties ${JSON.stringify(inputs['additionalProperties']) ?? 'absent'}`);
    }
    if (problems.length === 0) return [];
    return [
      {
        message: `the input schema is not the documented one: ${problems.join(', ')}`,
        expected: 'type object, required inputs, inputs an object with additionalProperties false',
        observed: JSON.stringify(schema).slice(0, 300),
      },
    ];
  },
);

export interface ModeSchemaInput {
  readonly exchange: AnsweredExchange;
  /** The app's mode as the list (or the configuration) names it. */
  readonly mode: string;
}

export const inputSchemaQuery = defineCheck<ModeSchemaInput>(
  {
    id: 'apps.input-schema-query',
    area: 'apps',
    statement: 'The input_schema of a chat, agent-chat or advanced-chat app requires a non-empty string query; that of any other mode has no query.',
    basis: [server('§6.1', 'chat-family modes get a required top-level query, string with minLength 1')],
  },
  ({ exchange, mode }) => {
    const schema = inputSchemaOf(exchange);
    if (schema === undefined || isFallback(schema) || !isObject(schema.properties)) return [];
    const query = schema.properties['query'];
    if (CHAT_FAMILY.includes(mode)) {
      if (isObject(query) && query['type'] === 'string' && query['minLength'] === 1 && requiredOf(schema).includes('query')) return [];
      return [
        {
          message: `the input schema of a ${mode} app does not require a non-empty query`,
          expected: 'required query: {type: string, minLength: 1}',
          observed: `query ${JSON.stringify(query) ?? 'absent'}, required ${JSON.stringify(schema.required)}`,
        },
      ];
    }
    if (query === undefined) return [];
    return [{ message: `the input schema of a ${mode} app has a query`, expected: 'no query property', observed: JSON.stringify(query) }];
  },
);

export const inputSchemaMatchesForm = defineCheck<AnsweredExchange>(
  {
    id: 'apps.input-schema-matches-form',
    area: 'apps',
    statement: "The inputs of describe's input_schema are the variables of its parameters.user_input_form, required exactly where the form says so.",
    basis: [server('§6.1', "per-variable properties derived from user_input_form, required from each row's required")],
  },
  (exchange) => {
    const schema = inputSchemaOf(exchange);
    const form = (bodyOf(exchange)['parameters'] as { user_input_form?: unknown } | null | undefined)?.user_input_form;
    if (schema === undefined || isFallback(schema) || !Array.isArray(form) || !isObject(schema.properties)) return [];
    const inputs = schema.properties['inputs'];
    if (!isObject(inputs) || !isObject(inputs['properties'])) return [];
    // A form row is {"<type>": {variable, required, …}}.
    const rows = form
      .filter(isObject)
      .map((row) => Object.values(row)[0])
      .filter(isObject);
    const variables = rows.map((row) => String(row['variable'])).sort();
    const required = rows
      .filter((row) => row['required'] === true)
      .map((row) => String(row['variable']))
      .sort();
    const properties = Object.keys(inputs['properties']).sort();
    const schemaRequired = requiredOf(inputs).sort();
    const out: Violation[] = [];
    if (variables.join(',') !== properties.join(','))
      out.push({
        message: 'the input schema and the input form name different variables',
        expected: variables.join(', ') || '(none)',
        observed: properties.join(', ') || '(none)',
      });
    if (required.join(',') !== schemaRequired.join(','))
      out.push({
        message: 'the input schema requires other variables than the input form',
        expected: required.join(', ') || '(none)',
        observed: schemaRequired.join(', ') || '(none)',
      });
    return out;
  },
);

// ---- export and dependencies -----------------------------------------------------------------

/** The exported DSL parsed, or why it could not be. */
function exportedDocument(exchange: AnsweredExchange): { readonly document: unknown } | { readonly error: string } {
  const data = bodyOf(exchange)['data'];
  if (typeof data !== 'string') return { error: `data is ${JSON.stringify(data) ?? 'absent'}` };
  try {
    return { document: parseYaml(data) as unknown };
  } catch (error) {
    return { error: `not YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}` };
  }
}

export const exportYaml = defineCheck<AnsweredExchange>(
  {
    id: 'apps.export-yaml',
    area: 'apps',
    statement: 'The data of an export answer is a YAML document whose top level is a mapping.',
    basis: [seed('#/components/schemas/AppDslExportResponse/properties/data', 'DSL YAML string')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const parsed = exportedDocument(exchange);
    if ('document' in parsed && isObject(parsed.document)) return [];
    const data = bodyOf(exchange)['data'];
    return [
      {
        message: `the exported DSL is not a YAML mapping (${'error' in parsed ? parsed.error : `a YAML ${Array.isArray(parsed.document) ? 'sequence' : typeof parsed.document}`})`,
        expected: 'YAML text whose top level is a mapping',
        observed: typeof data === 'string' ? data.slice(0, 200) : String(data),
      },
    ];
  },
);

export const exportIsDsl = defineCheck<AnsweredExchange>(
  {
    id: 'apps.export-dsl',
    area: 'apps',
    statement: 'The exported DSL has its app section (name, mode, icon…) as a mapping under app:.',
    basis: [server('§6.2'), server('§8.1', 'a DSL without its app section imports nothing: "Missing app data in YAML content"')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const parsed = exportedDocument(exchange);
    // What is not a YAML mapping at all is apps.export-yaml's to report.
    if (!('document' in parsed) || !isObject(parsed.document)) return [];
    if (isObject(parsed.document['app'])) return [];
    return [
      {
        message: 'the exported DSL has no `app` mapping',
        expected: 'a YAML DSL with an `app:` mapping',
        observed: String(bodyOf(exchange)['data']).slice(0, 200),
      },
    ];
  },
);

export const dependenciesList = defineCheck<AnsweredExchange>(
  {
    id: 'apps.dependencies-list',
    area: 'apps',
    statement: 'GET /apps/{id}/check-dependencies answers leaked_dependencies as an array, empty when nothing is missing.',
    basis: [server('§6.3', '{"leaked_dependencies": [...]}, an empty list when nothing was recorded')],
  },
  (exchange) => {
    if (exchange.response.status !== 200 || Array.isArray(bodyOf(exchange)['leaked_dependencies'])) return [];
    return [
      {
        message: 'check-dependencies did not answer leaked_dependencies as an array',
        expected: 'an array (possibly empty)',
        observed: exchange.response.bodyText.slice(0, 200),
      },
    ];
  },
);

export const workspaceIdRequired = defineCheck<AnsweredExchange>(
  {
    id: 'apps.workspace-id-required',
    area: 'apps',
    statement: 'GET /apps without workspace_id is refused with a 4xx, never answered with a list.',
    basis: [seed('#/paths/~1apps/get/parameters/5', 'workspace_id is required'), server('§1.5', 'the workspace guard reads ?workspace_id'), server('§3')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status >= 400 && status < 500) return [];
    return [
      {
        message: `GET /apps without workspace_id was answered ${status}`,
        expected: 'a 4xx answer',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const workspaceIdRequired404 = defineCheck<AnsweredExchange>(
  {
    id: 'apps.workspace-id-required-404',
    area: 'apps',
    statement: 'GET /apps without workspace_id is answered 404 "workspace not found": the workspace guard reads it before validation.',
    basis: [server('§1.5', 'workspace id absent → 404 workspace not found'), server('§3')],
  },
  (exchange) => {
    const { status, json, bodyText } = exchange.response;
    const message = (json as { message?: unknown } | null | undefined)?.message;
    if (status === 404 && typeof message === 'string' && /workspace not found/i.test(message)) return [];
    return [
      {
        message: `GET /apps without workspace_id was answered ${status}`,
        expected: '404 "workspace not found"',
        observed: `${status} ${bodyText.slice(0, 200)}`,
      },
    ];
  },
);
