// Reads docs/seed-spec.md (a flattened Markdown rendering of the seed OpenAPI document) into
// plain data, so the seed-fidelity test can compare openapi.yaml against the seed without
// trusting openapi.yaml for anything. Pure: the caller reads the file.
//
// The rendering has lost its line structure: tables are `| a | b | | c | d |` on one line, and
// a few cells were split by a newline before `**Default:**` or `**Available values:**`. Folding
// all whitespace to single spaces first makes every table one regular run of cells.

export type SeedTypeExpr =
  | { kind: 'primitive'; type: string }
  | { kind: 'ref'; target: string }
  | { kind: 'array'; items: SeedTypeExpr }
  | { kind: 'union'; targets: string[] }
  | { kind: 'unspecified' };

/** A Schema/Type cell: the type as written plus what follows it in the same cell. */
export interface SeedValueSpec {
  typeText: string;
  type: SeedTypeExpr;
  enum: string[] | undefined;
  hasDefault: boolean;
  default: unknown;
}

export interface SeedParameter {
  name: string;
  in: string;
  description: string;
  required: boolean;
  schema: SeedValueSpec;
}

export interface SeedRequestBody {
  required: boolean;
  mediaType: string;
  schema: string;
}

export interface SeedResponse {
  code: string;
  description: string;
  mediaType: string | undefined;
  schema: string | undefined;
}

export interface SeedOperation {
  method: string;
  path: string;
  summary: string | undefined;
  parameters: SeedParameter[];
  requestBody: SeedRequestBody | undefined;
  responses: SeedResponse[];
}

export interface SeedProperty {
  name: string;
  description: string;
  /** `*Enum:*` list the renderer appends to some descriptions; repeats the type cell's values. */
  descriptionEnum: string[] | undefined;
  required: boolean;
  value: SeedValueSpec;
}

export interface SeedSchema {
  name: string;
  description: string;
  /** `alias`: the table's only row is named after the schema, i.e. the schema is that type. */
  kind: 'object' | 'alias';
  properties: SeedProperty[];
  alias: SeedValueSpec | undefined;
}

export interface SeedSpec {
  heading: string;
  version: string;
  operations: SeedOperation[];
  schemas: SeedSchema[];
}

const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean', 'object']);
const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS';
const PARAMETER_HEADER = ['Name', 'Located in', 'Description', 'Required', 'Schema'];
const BODY_HEADER = ['Required', 'Schema'];
const RESPONSE_HEADER = ['Code', 'Description', 'Schema'];
const RESPONSE_HEADER_NO_SCHEMA = ['Code', 'Description'];
const PROPERTY_HEADER = ['Name', 'Type', 'Description', 'Required'];

export function parseSeedSpec(markdown: string): SeedSpec {
  const text = markdown.replace(/\s+/g, ' ').trim();
  // Every heading is preceded by a space once the text is folded; no cell contains "# ".
  const chunks = text.split(/ (?=#{1,4} )/);

  let heading: string | undefined;
  let version: string | undefined;
  const operations: SeedOperation[] = [];
  const schemas: SeedSchema[] = [];
  let inSchemas = false;
  let current: SeedOperation | undefined;

  for (const raw of chunks) {
    const chunk = stripRule(raw);
    const level = /^(#+) /.exec(chunk)?.[1]?.length ?? 0;
    const body = chunk.slice(level + 1);

    if (level === 1) {
      heading = body;
    } else if (level === 2 && body.startsWith('Version: ')) {
      version = body.slice('Version: '.length);
    } else if (level === 3 && body === 'Schemas') {
      inSchemas = true;
      current = undefined;
    } else if (level === 3 && !inSchemas) {
      const match = new RegExp(`^\\[(${METHODS})\\] (\\S+)(?: (.+))?$`).exec(body);
      if (match) {
        current = {
          method: must(match[1], body),
          path: must(match[2], body),
          summary: match[3],
          parameters: [],
          requestBody: undefined,
          responses: [],
        };
        operations.push(current);
      }
    } else if (level === 4 && inSchemas) {
      schemas.push(parseSchema(body));
    } else if (level === 4 && current) {
      parseOperationPart(current, body);
    }
  }

  if (heading === undefined || version === undefined) {
    throw new Error('seed: missing title heading or "## Version:" line');
  }
  return { heading, version, operations, schemas };
}

function parseOperationPart(operation: SeedOperation, body: string): void {
  const where = `${operation.method} ${operation.path}`;
  if (body.startsWith('Parameters ')) {
    for (const [name, location, description, required, schema] of parseTable(body.slice(11), PARAMETER_HEADER, where)) {
      operation.parameters.push({
        name: must(name, where),
        in: must(location, where),
        description: must(description, where),
        required: yesNo(must(required, where), where),
        schema: parseValueSpec(must(schema, where), where),
      });
    }
  } else if (body.startsWith('Request Body ')) {
    const rows = parseTable(body.slice(13), BODY_HEADER, where);
    if (rows.length !== 1) throw new Error(`seed: ${where}: expected one request body row, got ${rows.length}`);
    const [required, schema] = rows[0] ?? [];
    const content = parseContent(must(schema, where), where);
    if (!content) throw new Error(`seed: ${where}: request body without a schema`);
    operation.requestBody = { required: yesNo(must(required, where), where), ...content };
  } else if (body.startsWith('Responses ')) {
    const table = body.slice(10);
    const header = /^\| Code \| Description \| Schema \|/.test(table) ? RESPONSE_HEADER : RESPONSE_HEADER_NO_SCHEMA;
    for (const [code, description, schema] of parseTable(table, header, where)) {
      const content = schema ? parseContent(schema, where) : undefined;
      operation.responses.push({
        code: must(code, where),
        description: must(description, where),
        mediaType: content?.mediaType,
        schema: content?.schema,
      });
    }
  } else {
    throw new Error(`seed: ${where}: unexpected section "${body.slice(0, 40)}"`);
  }
}

function parseSchema(body: string): SeedSchema {
  const name = must(/^\S+/.exec(body)?.[0], body);
  const tableStart = body.indexOf('| Name | Type |');
  if (tableStart < 0) throw new Error(`seed: schema ${name}: no property table`);
  const description = body.slice(name.length, tableStart).trim();
  const rows = parseTable(body.slice(tableStart), PROPERTY_HEADER, `schema ${name}`);

  const only = rows.length === 1 ? rows[0] : undefined;
  if (only && only[0] === name && only[3] === '') {
    return { name, description, kind: 'alias', properties: [], alias: parseValueSpec(must(only[1], name), name) };
  }
  const properties = rows.map(([propName, type, propDescription, required]): SeedProperty => {
    const where = `schema ${name}.${propName ?? '?'}`;
    const { text, values } = splitDescriptionEnum(must(propDescription, where));
    return {
      name: must(propName, where),
      description: text,
      descriptionEnum: values,
      required: yesNo(must(required, where), where),
      value: parseValueSpec(must(type, where), where),
    };
  });
  return { name, description, kind: 'object', properties, alias: undefined };
}

/**
 * Splits a one-line table into rows of trimmed cells. Between two rows the rendering leaves an
 * empty `| |` gap, so after dropping the outer pipes the cells come in strides of width + 1.
 */
function parseTable(table: string, header: string[], where: string): string[][] {
  if (!table.startsWith('|') || !table.endsWith('|')) {
    throw new Error(`seed: ${where}: table does not start and end with "|": "${table.slice(0, 60)}"`);
  }
  const tokens = table.slice(1, -1).split('|');
  const stride = header.length + 1;
  if ((tokens.length + 1) % stride !== 0) {
    throw new Error(`seed: ${where}: ${tokens.length} cells do not fit a ${header.length}-column table`);
  }
  const rows: string[][] = [];
  for (let start = 0; start < tokens.length; start += stride) {
    rows.push(tokens.slice(start, start + header.length).map((cell) => cell.trim()));
    const gap = tokens[start + header.length];
    if (gap !== undefined && gap.trim() !== '') throw new Error(`seed: ${where}: stray cell "${gap.trim()}" between rows`);
  }
  const [head, rule, ...data] = rows;
  if (head?.join('|') !== header.join('|')) throw new Error(`seed: ${where}: unexpected header ${JSON.stringify(head)}`);
  if (!rule?.every((cell) => /^-+$/.test(cell))) throw new Error(`seed: ${where}: missing separator row`);
  return data;
}

/** `**application/json**: [Name](#name)` */
function parseContent(cell: string, where: string): { mediaType: string; schema: string } | undefined {
  if (cell === '') return undefined;
  const match = /^\*\*([^*]+)\*\*: \[([^\]]+)\]\(#([^)]+)\)$/.exec(cell);
  if (!match) throw new Error(`seed: ${where}: unreadable schema cell "${cell}"`);
  const schema = must(match[2], where);
  checkAnchor(schema, must(match[3], where), where);
  return { mediaType: must(match[1], where), schema };
}

/** `integer, **Default:** 20`, `string, **Available values:** "a", "b"`, `[ [X](#x) ], **Default:**` */
export function parseValueSpec(cell: string, where: string): SeedValueSpec {
  let rest = cell;
  let defaultText: string | undefined;
  let enumText: string | undefined;
  const defaultAt = rest.indexOf('**Default:**');
  if (defaultAt >= 0) {
    defaultText = rest.slice(defaultAt + '**Default:**'.length).trim();
    rest = rest.slice(0, defaultAt);
  }
  const enumAt = rest.indexOf('**Available values:**');
  if (enumAt >= 0) {
    enumText = rest.slice(enumAt + '**Available values:**'.length).trim();
    rest = rest.slice(0, enumAt);
  }
  const typeText = rest.trim().replace(/,$/, '').trim();
  const type = parseTypeExpr(typeText, where);
  return {
    typeText,
    type,
    enum: enumText === undefined ? undefined : parseQuotedList(enumText, where),
    hasDefault: defaultText !== undefined,
    default: defaultText === undefined ? undefined : typedDefault(defaultText, type, where),
  };
}

function parseTypeExpr(text: string, where: string): SeedTypeExpr {
  if (text === '') return { kind: 'unspecified' };
  const array = /^\[ (.*) \]$|^\[ \]$/.exec(text);
  if (array) return { kind: 'array', items: parseTypeExpr((array[1] ?? '').trim(), where) };

  const links = [...text.matchAll(/\[([^\]]+)\]\(#([^)]+)\)/g)];
  if (links.length > 0) {
    if (text.replace(/\[([^\]]+)\]\(#([^)]+)\)/g, '').trim() !== '') {
      throw new Error(`seed: ${where}: text around schema links in "${text}"`);
    }
    const targets = links.map((link) => {
      const target = must(link[1], where);
      checkAnchor(target, must(link[2], where), where);
      return target;
    });
    return targets.length === 1 ? { kind: 'ref', target: must(targets[0], where) } : { kind: 'union', targets };
  }
  if (PRIMITIVES.has(text)) return { kind: 'primitive', type: text };
  throw new Error(`seed: ${where}: unknown type "${text}"`);
}

function typedDefault(text: string, type: SeedTypeExpr, where: string): unknown {
  if (type.kind === 'array' && text === '') return [];
  if (type.kind === 'primitive') {
    if (type.type === 'string') return text;
    if (type.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    if ((type.type === 'integer' || type.type === 'number') && text !== '' && Number.isFinite(Number(text))) {
      return Number(text);
    }
  }
  throw new Error(`seed: ${where}: cannot read default "${text}" for a ${JSON.stringify(type)}`);
}

/** `"a", "b"` or `` `"a"`, `"b"` `` */
function parseQuotedList(text: string, where: string): string[] {
  const values = [...text.matchAll(/"([^"]*)"/g)].map((match) => must(match[1], where));
  const leftover = text.replace(/`?"[^"]*"`?/g, '').replace(/[,\s]/g, '');
  if (values.length === 0 || leftover !== '') throw new Error(`seed: ${where}: unreadable value list "${text}"`);
  return values;
}

function splitDescriptionEnum(description: string): { text: string; values: string[] | undefined } {
  const at = description.indexOf('*Enum:*');
  if (at < 0) return { text: description, values: undefined };
  return {
    text: description.slice(0, at).trim(),
    values: parseQuotedList(description.slice(at + '*Enum:*'.length).trim(), description),
  };
}

function yesNo(cell: string, where: string): boolean {
  if (cell === 'Yes') return true;
  if (cell === 'No') return false;
  throw new Error(`seed: ${where}: required cell is "${cell}", expected Yes or No`);
}

/** The anchor is the renderer's lower-cased schema name; a mismatch means a misread cell. */
function checkAnchor(name: string, anchor: string, where: string): void {
  if (anchor !== name.toLowerCase()) throw new Error(`seed: ${where}: link [${name}] points at #${anchor}`);
}

/** A horizontal rule (` ---`) closes the last table before the next top-level heading. */
function stripRule(chunk: string): string {
  return chunk.replace(/ ---$/, '');
}

function must<T>(value: T | undefined, where: string): T {
  if (value === undefined) throw new Error(`seed: ${where}: missing cell`);
  return value;
}
