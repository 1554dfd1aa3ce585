// openapi.yaml is a hand transcription of docs/seed-spec.md. This test reads the seed with its
// own parser and fails on any operation, parameter, body, response or schema property that the
// transcription lost or changed. What the seed's rendering does not say is settled by the
// decisions below, which mirror x-transcription-decisions in openapi.yaml.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, it, expect } from 'vitest';
import { parseSeedSpec } from '../support/seed-spec-parser.ts';
import type { SeedOperation, SeedSchema, SeedTypeExpr, SeedValueSpec } from '../support/seed-spec-parser.ts';

type Json = Record<string, unknown>;

const SEED_PATH = fileURLToPath(new URL('../../docs/seed-spec.md', import.meta.url));
const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const DECISIONS_PATH = fileURLToPath(new URL('../../docs/transcription-decisions.md', import.meta.url));

const seed = parseSeedSpec(readFileSync(SEED_PATH, 'utf8'));
const doc = asObject(parse(readFileSync(OPENAPI_PATH, 'utf8')), 'openapi.yaml') ?? {};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: 'null' }] });
const errorBodyJson = { 'application/json': { schema: ref('ErrorBody') } };

// The harness calls operations by these ids; the seed has none.
const OPERATION_IDS: Record<string, string> = {
  'GET /_health': 'getHealth',
  'GET /_version': 'getVersion',
  'GET /account': 'getAccount',
  'GET /account/sessions': 'listSessions',
  'DELETE /account/sessions/self': 'revokeSelfSession',
  'DELETE /account/sessions/{session_id}': 'revokeSession',
  'GET /apps': 'listApps',
  'GET /apps/{app_id}/check-dependencies': 'checkAppDependencies',
  'GET /apps/{app_id}/describe': 'describeApp',
  'GET /apps/{app_id}/export': 'exportApp',
  'POST /apps/{app_id}/files/upload': 'uploadFile',
  'GET /apps/{app_id}/form/human_input/{form_token}': 'getHumanInputForm',
  'POST /apps/{app_id}/form/human_input/{form_token}': 'submitHumanInputForm',
  'POST /apps/{app_id}/run': 'runApp',
  'GET /apps/{app_id}/tasks/{task_id}/events': 'getTaskEvents',
  'POST /apps/{app_id}/tasks/{task_id}/stop': 'stopTask',
  'POST /oauth/device/approve': 'approveDevice',
  'POST /oauth/device/code': 'createDeviceCode',
  'POST /oauth/device/deny': 'denyDevice',
  'GET /oauth/device/lookup': 'lookupDevice',
  'POST /oauth/device/token': 'pollDeviceToken',
  'GET /permitted-external-apps': 'listPermittedExternalApps',
  'GET /workspaces': 'listWorkspaces',
  'GET /workspaces/{workspace_id}': 'getWorkspace',
  'POST /workspaces/{workspace_id}/apps/imports': 'importApp',
  'POST /workspaces/{workspace_id}/apps/imports/{import_id}/confirm': 'confirmImport',
  'GET /workspaces/{workspace_id}/members': 'listMembers',
  'POST /workspaces/{workspace_id}/members': 'inviteMember',
  'DELETE /workspaces/{workspace_id}/members/{member_id}': 'removeMember',
  'PUT /workspaces/{workspace_id}/members/{member_id}/role': 'updateMemberRole',
  'POST /workspaces/{workspace_id}/switch': 'switchWorkspace',
};

const AREAS = new Set([
  'meta',
  'account',
  'sessions',
  'apps',
  'files',
  'forms',
  'runs',
  'tasks',
  'device-flow',
  'permitted-external-apps',
  'workspaces',
  'imports',
  'members',
]);

// Public or console-session routes: no bearer (docs/server-behavior.md §1.6).
const AUTH_FREE = new Set([
  'GET /_health',
  'GET /_version',
  'POST /oauth/device/approve',
  'POST /oauth/device/code',
  'POST /oauth/device/deny',
  'GET /oauth/device/lookup',
  'POST /oauth/device/token',
]);

// Decision: the upload body the seed does not render.
const DECIDED_REQUEST_BODIES: Record<string, Json> = {
  'POST /apps/{app_id}/files/upload': {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
        },
      },
    },
  },
};

// Decision: content for the response codes the seed lists without a schema.
const DECIDED_RESPONSE_CONTENT: Record<string, Json> = {
  'POST /apps/{app_id}/run 200': { 'text/event-stream': { schema: { type: 'string' } } },
  'GET /apps/{app_id}/tasks/{task_id}/events 200': { 'text/event-stream': { schema: { type: 'string' } } },
  'GET /apps/{app_id}/form/human_input/{form_token} 200': { 'application/json': { schema: { type: 'object' } } },
  'POST /oauth/device/token 200': { 'application/json': { schema: { type: 'object' } } },
  'POST /apps/{app_id}/files/upload 400': errorBodyJson,
  'POST /apps/{app_id}/files/upload 401': errorBodyJson,
  'POST /apps/{app_id}/files/upload 413': errorBodyJson,
  'POST /apps/{app_id}/files/upload 415': errorBodyJson,
};

// Decision: enums of the alias schemas, which the rendering shows only as "string".
const DECIDED_ALIAS_ENUMS: Record<string, string[]> = {
  AppMode: ['advanced-chat', 'agent', 'agent-chat', 'channel', 'chat', 'completion', 'rag-pipeline', 'workflow'],
  ImportStatus: ['completed', 'completed-with-warnings', 'pending', 'failed'],
  Type: ['github', 'marketplace', 'package'],
};

// Decision: item schemas the rendering shows as `[ ]`.
const DECIDED_ITEMS: Record<string, Json> = {
  'ErrorDetail.loc': { type: ['string', 'integer'] },
};

// Decision: the one closed object.
const CLOSED_SCHEMAS = new Set(['FormSubmitResponse']);

interface Outcome {
  problems: string[];
  parameters: number;
  requestBodies: number;
  responses: number;
  properties: number;
}

function asObject(value: unknown, where: string): Json | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} is not an object: ${JSON.stringify(value)}`);
  }
  return value as Json;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** Compares two schema-like objects key by key, naming each differing keyword. */
function diffKeys(where: string, expected: Json, actual: Json, problems: string[]): void {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    if (!isDeepStrictEqual(expected[key], actual[key])) {
      problems.push(`${where}: ${keywordLabel(key)} is ${show(actual[key])} in openapi.yaml, the seed wants ${show(expected[key])}`);
    }
  }
}

function keywordLabel(key: string): string {
  switch (key) {
    case '$ref':
      return '$ref target';
    case 'anyOf':
      return '$ref target (anyOf)';
    case 'items':
      return 'array item target';
    default:
      return key;
  }
}

function seedOpKey(operation: SeedOperation): string {
  return `${operation.method} ${operation.path}`;
}

function yamlOperation(method: string, path: string): { operation: Json | undefined; pathItem: Json | undefined } {
  const paths = asObject(doc.paths, 'paths') ?? {};
  const pathItem = asObject(paths[path], `paths.${path}`);
  return { pathItem, operation: asObject(pathItem?.[method.toLowerCase()], `${method} ${path}`) };
}

function itemSchema(items: SeedTypeExpr, where: string, problems: string[]): Json | undefined {
  switch (items.kind) {
    case 'primitive':
      return { type: items.type };
    case 'ref':
      return ref(items.target);
    case 'unspecified': {
      const decided = DECIDED_ITEMS[where];
      if (!decided) problems.push(`${where}: the seed gives no item type and no decision covers it`);
      return decided;
    }
    default:
      problems.push(`${where}: unsupported item type ${JSON.stringify(items)}`);
      return undefined;
  }
}

/** The exact schema openapi.yaml must hold for a seed type cell, after the nullable decision. */
function expectedValueSchema(value: SeedValueSpec, isNullable: boolean, where: string, problems: string[]): Json {
  const type = value.type;
  const typeOf = (name: string): string | string[] => (isNullable ? [name, 'null'] : name);
  let schema: Json;
  switch (type.kind) {
    case 'primitive':
      schema = { type: typeOf(type.type) };
      break;
    case 'ref':
      schema = isNullable ? nullable(ref(type.target)) : ref(type.target);
      break;
    case 'union':
      schema = { anyOf: [...type.targets.map(ref), ...(isNullable ? [{ type: 'null' }] : [])] };
      break;
    case 'array': {
      schema = { type: typeOf('array') };
      const items = itemSchema(type.items, where, problems);
      if (items) schema.items = items;
      break;
    }
    case 'unspecified':
      schema = {};
      break;
  }
  if (value.enum) schema.enum = value.enum;
  if (value.hasDefault) schema.default = value.default;
  return schema;
}

function compareOperation(operation: SeedOperation): Outcome {
  const key = seedOpKey(operation);
  const outcome: Outcome = { problems: [], parameters: 0, requestBodies: 0, responses: 0, properties: 0 };
  const problems = outcome.problems;
  const { operation: actual, pathItem } = yamlOperation(operation.method, operation.path);
  if (!actual) {
    problems.push(`${key}: operation missing from openapi.yaml`);
    return outcome;
  }
  if (operation.summary !== undefined && actual.summary !== operation.summary) {
    problems.push(`${key}: summary is ${show(actual.summary)}, the seed says ${show(operation.summary)}`);
  }

  // Parameters: path-item level ones apply to the operation too.
  const actualParams = [...((pathItem?.parameters as unknown[] | undefined) ?? []), ...((actual.parameters as unknown[] | undefined) ?? [])].map(
    (param, index) => asObject(param, `${key} parameter #${index}`) ?? {},
  );
  for (const param of operation.parameters) {
    outcome.parameters++;
    const where = `${key} parameter "${param.name}"`;
    const found = actualParams.find((candidate) => candidate.name === param.name);
    if (!found) {
      problems.push(`${where}: missing from openapi.yaml`);
      continue;
    }
    if (found.in !== param.in) problems.push(`${where}: location is ${show(found.in)}, the seed says ${show(param.in)}`);
    if ((found.required ?? false) !== param.required) {
      problems.push(`${where}: required is ${show(found.required)}, the seed says ${param.required}`);
    }
    const description = param.description === '' ? undefined : param.description;
    if (found.description !== description) {
      problems.push(`${where}: description is ${show(found.description)}, the seed says ${show(description)}`);
    }
    const expected = expectedValueSchema(param.schema, false, where, problems);
    diffKeys(`${where} schema`, expected, asObject(found.schema, where) ?? {}, problems);
  }
  for (const param of actualParams) {
    if (!operation.parameters.some((candidate) => candidate.name === param.name)) {
      problems.push(`${key}: parameter ${show(param.name)} is not in the seed`);
    }
  }

  // Request body.
  const body = asObject(actual.requestBody, `${key} requestBody`);
  const decidedBody = DECIDED_REQUEST_BODIES[key];
  if (operation.requestBody) {
    outcome.requestBodies++;
    const expected = {
      required: operation.requestBody.required,
      content: { [operation.requestBody.mediaType]: { schema: ref(operation.requestBody.schema) } },
    };
    if (!body) problems.push(`${key}: request body missing, the seed wants ${show(expected)}`);
    else diffKeys(`${key} request body`, expected, body, problems);
  } else if (decidedBody) {
    if (!isDeepStrictEqual(body, decidedBody)) {
      problems.push(`${key}: request body is ${show(body)}, the recorded decision wants ${show(decidedBody)}`);
    }
  } else if (body) {
    problems.push(`${key}: has a request body, the seed has none`);
  }

  // Responses.
  const responses = asObject(actual.responses, `${key} responses`) ?? {};
  for (const response of operation.responses) {
    outcome.responses++;
    const where = `${key} response ${response.code}`;
    const found = asObject(responses[response.code], where);
    if (!found) {
      problems.push(`${where}: missing from openapi.yaml`);
      continue;
    }
    if (found.description !== response.description) {
      problems.push(`${where}: description is ${show(found.description)}, the seed says ${show(response.description)}`);
    }
    let expectedContent: Json | undefined;
    if (response.schema !== undefined && response.mediaType !== undefined) {
      expectedContent = { [response.mediaType]: { schema: ref(response.schema) } };
    } else {
      expectedContent = DECIDED_RESPONSE_CONTENT[`${key} ${response.code}`];
      if (!expectedContent) problems.push(`${where}: the seed gives no schema and no decision covers it`);
    }
    if (expectedContent && !isDeepStrictEqual(found.content, expectedContent)) {
      problems.push(`${where}: content is ${show(found.content)}, ${response.schema ? 'the seed' : 'the recorded decision'} wants ${show(expectedContent)}`);
    }
  }
  for (const code of Object.keys(responses)) {
    if (!operation.responses.some((response) => response.code === code)) {
      problems.push(`${key}: response ${code} is not in the seed`);
    }
  }
  return outcome;
}

function compareSchema(schema: SeedSchema): Outcome {
  const outcome: Outcome = { problems: [], parameters: 0, requestBodies: 0, responses: 0, properties: 0 };
  const problems = outcome.problems;
  const where = `schema ${schema.name}`;
  const schemas = asObject(asObject(doc.components, 'components')?.schemas, 'components.schemas') ?? {};
  const actual = asObject(schemas[schema.name], where);
  if (!actual) {
    problems.push(`${where}: missing from openapi.yaml`);
    return outcome;
  }

  if (schema.kind === 'alias' && schema.alias) {
    const expected = expectedValueSchema(schema.alias, false, where, problems);
    const decidedEnum = DECIDED_ALIAS_ENUMS[schema.name];
    if (decidedEnum) expected.enum = decidedEnum;
    diffKeys(where, expected, actual, problems);
    return outcome;
  }

  const expectedTop: Json = { type: 'object' };
  if (schema.description !== '') expectedTop.description = schema.description;
  if (CLOSED_SCHEMAS.has(schema.name)) expectedTop.additionalProperties = false;
  // required is checked per property below, where the message can name the property.
  const { properties: actualProperties, required: actualRequired, ...actualTop } = actual;
  diffKeys(where, expectedTop, actualTop, problems);
  if (actualRequired !== undefined && (!Array.isArray(actualRequired) || actualRequired.length === 0)) {
    problems.push(`${where}: required is ${show(actualRequired)}, expected a non-empty list or nothing`);
  }
  const requiredNames: unknown[] = Array.isArray(actualRequired) ? actualRequired : [];
  for (const name of requiredNames) {
    if (!schema.properties.some((property) => property.name === name && property.required)) {
      problems.push(`${schema.name}.${String(name)}: required flag is set in openapi.yaml, the seed says No`);
    }
  }

  const properties = asObject(actualProperties, `${where}.properties`);
  if (!properties) {
    problems.push(`${where}: has no properties object`);
    return outcome;
  }
  for (const property of schema.properties) {
    outcome.properties++;
    const propWhere = `${schema.name}.${property.name}`;
    if (property.required && !requiredNames.includes(property.name)) {
      problems.push(`${propWhere}: required flag is not set in openapi.yaml, the seed says Yes`);
    }
    const found = asObject(properties[property.name], propWhere);
    if (!found) {
      problems.push(`${propWhere}: property missing from openapi.yaml`);
      continue;
    }
    if (property.descriptionEnum && !isDeepStrictEqual(property.descriptionEnum, property.value.enum)) {
      problems.push(`${propWhere}: the seed's description enum ${show(property.descriptionEnum)} and type enum ${show(property.value.enum)} disagree`);
    }
    const expected = expectedValueSchema(property.value, !property.required, propWhere, problems);
    if (property.description !== '') expected.description = property.description;
    diffKeys(property.required ? propWhere : `${propWhere} (optional, so nullable)`, expected, found, problems);
  }
  for (const name of Object.keys(properties)) {
    if (!schema.properties.some((property) => property.name === name)) {
      problems.push(`${schema.name}.${name}: property is not in the seed`);
    }
  }
  return outcome;
}

function yamlOperations(): { key: string; operation: Json }[] {
  const paths = asObject(doc.paths, 'paths') ?? {};
  return Object.entries(paths).flatMap(([path, item]) => {
    const pathItem = asObject(item, `paths.${path}`) ?? {};
    return HTTP_METHODS.filter((method) => pathItem[method] !== undefined).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      operation: asObject(pathItem[method], `${method} ${path}`) ?? {},
    }));
  });
}

describe('seed parser', () => {
  it('finds 31 operations and 60 schemas in docs/seed-spec.md', () => {
    expect(seed.operations).toHaveLength(31);
    expect(seed.schemas).toHaveLength(60);
    expect(new Set(seed.operations.map(seedOpKey)).size).toBe(31);
    expect(new Set(seed.schemas.map((schema) => schema.name)).size).toBe(60);
  });

  it('reads the cells the rendering split across lines', () => {
    const sessions = seed.operations.find((operation) => seedOpKey(operation) === 'GET /account/sessions');
    expect(sessions?.parameters.map((param) => [param.name, param.schema.default])).toEqual([
      ['limit', 100],
      ['page', 1],
    ]);
    const apps = seed.operations.find((operation) => seedOpKey(operation) === 'GET /apps');
    expect(apps?.parameters.find((param) => param.name === 'mode')?.schema.enum).toEqual(DECIDED_ALIAS_ENUMS.AppMode);
    const loc = seed.schemas.find((schema) => schema.name === 'ErrorDetail')?.properties.find((property) => property.name === 'loc');
    expect(loc?.value).toMatchObject({ type: { kind: 'array', items: { kind: 'unspecified' } }, hasDefault: true, default: [] });
    const value = seed.schemas.find((schema) => schema.name === 'PluginDependency')?.properties.find((property) => property.name === 'value');
    expect(value?.value.type).toEqual({ kind: 'union', targets: ['Github', 'Marketplace', 'Package'] });
  });
});

describe('openapi.yaml matches the seed', () => {
  for (const operation of seed.operations) {
    it(`operation ${seedOpKey(operation)}`, () => {
      const { problems } = compareOperation(operation);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  for (const schema of seed.schemas) {
    it(`schema ${schema.name}`, () => {
      const { problems } = compareSchema(schema);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('has no operation or schema the seed lacks', () => {
    const seedOps = new Set(seed.operations.map(seedOpKey));
    const extraOps = yamlOperations()
      .map(({ key }) => key)
      .filter((key) => !seedOps.has(key));
    const seedSchemas = new Set(seed.schemas.map((schema) => schema.name));
    const schemas = asObject(asObject(doc.components, 'components')?.schemas, 'components.schemas') ?? {};
    const extraSchemas = Object.keys(schemas).filter((name) => !seedSchemas.has(name));
    expect({ extraOps, extraSchemas }).toEqual({ extraOps: [], extraSchemas: [] });
  });

  const seedCounts = {
    operations: seed.operations.length,
    parameters: seed.operations.reduce((n, operation) => n + operation.parameters.length, 0),
    requestBodies: seed.operations.filter((operation) => operation.requestBody).length,
    responses: seed.operations.reduce((n, operation) => n + operation.responses.length, 0),
    schemas: seed.schemas.length,
    properties: seed.schemas.reduce((n, schema) => n + schema.properties.length, 0),
  };
  it(
    `covers ${seedCounts.operations} operations, ${seedCounts.parameters} parameters, ${seedCounts.requestBodies} request bodies, ` +
      `${seedCounts.responses} response codes, ${seedCounts.schemas} schemas, ${seedCounts.properties} properties`,
    () => {
      const outcomes = [...seed.operations.map(compareOperation), ...seed.schemas.map(compareSchema)];
      const compared = {
        operations: seed.operations.length,
        parameters: outcomes.reduce((n, outcome) => n + outcome.parameters, 0),
        requestBodies: outcomes.reduce((n, outcome) => n + outcome.requestBodies, 0),
        responses: outcomes.reduce((n, outcome) => n + outcome.responses, 0),
        schemas: seed.schemas.length,
        properties: outcomes.reduce((n, outcome) => n + outcome.properties, 0),
      };
      // Pinned so a parser regression that silently drops rows cannot pass as "nothing differs".
      expect(seedCounts).toEqual({
        operations: 31,
        parameters: 43,
        requestBodies: 9,
        responses: 72,
        schemas: 60,
        properties: 208,
      });
      expect(compared).toEqual(seedCounts);
    },
  );
});

describe('openapi.yaml document', () => {
  it('is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
    await expect(SwaggerParser.validate(OPENAPI_PATH)).resolves.toBeDefined();
  });

  // swagger-parser treats 3.1 Schema Objects as opaque, so `type: strng` or a dangling $ref
  // would pass it; compiling the components as JSON Schema 2020-12 catches both.
  it('has component schemas that compile as JSON Schema 2020-12 with every $ref resolved (ajv)', () => {
    const schemas = asObject(doc.components, 'components')?.schemas;
    const wrapper = JSON.parse(JSON.stringify({ $defs: schemas }).replaceAll('#/components/schemas/', '#/$defs/')) as Json;
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(wrapper), ajv.errorsText(ajv.errors)).toBe(true);
    expect(() => ajv.compile(wrapper)).not.toThrow();
  });

  it('has the seed title and version, the /openapi/v1 server and Bearer security', () => {
    expect(doc.openapi).toBe('3.1.0');
    const info = asObject(doc.info, 'info');
    expect(info?.version).toBe(seed.version);
    expect(seed.heading.endsWith(` ${String(info?.title)}`), `seed heading "${seed.heading}" vs title ${show(info?.title)}`).toBe(true);
    expect(info?.title).toBe('User-scoped programmatic API (bearer auth)');
    expect(doc.servers).toEqual([{ url: '/openapi/v1' }]);
    expect(doc.security).toEqual([{ Bearer: [] }]);
    expect(asObject(doc.components, 'components')?.securitySchemes).toEqual({ Bearer: { type: 'http', scheme: 'bearer' } });
  });

  it('gives every operation its operationId, one area tag and the right security', () => {
    const problems: string[] = [];
    const operations = yamlOperations();
    for (const { key, operation } of operations) {
      if (operation.operationId !== OPERATION_IDS[key]) {
        problems.push(`${key}: operationId is ${show(operation.operationId)}, the harness uses ${show(OPERATION_IDS[key])}`);
      }
      const tags = operation.tags;
      if (!Array.isArray(tags) || tags.length !== 1 || !AREAS.has(String(tags[0]))) {
        problems.push(`${key}: tags ${show(tags)} is not exactly one of ${[...AREAS].join(', ')}`);
      }
      const security = operation.security;
      if (AUTH_FREE.has(key) && !isDeepStrictEqual(security, [])) {
        problems.push(`${key}: auth-free, security should be [] but is ${show(security)}`);
      }
      if (!AUTH_FREE.has(key) && security !== undefined && !isDeepStrictEqual(security, [{ Bearer: [] }])) {
        problems.push(`${key}: needs Bearer, security is ${show(security)}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(operations.map(({ key }) => key).sort()).toEqual(Object.keys(OPERATION_IDS).sort());
  });

  it('records its decisions in x-transcription-decisions and docs/transcription-decisions.md alike', () => {
    const decisions = doc['x-transcription-decisions'];
    expect(Array.isArray(decisions) && decisions.length > 0 && decisions.every((entry) => typeof entry === 'string')).toBe(true);
    const listed = readFileSync(DECISIONS_PATH, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2));
    expect(listed).toEqual(decisions);
  });
});
