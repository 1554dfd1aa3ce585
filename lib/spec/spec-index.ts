/**
 * Loads openapi.yaml and indexes its operations. The document stays as
 * written (refs unresolved) so the response validator can compile schemas by
 * JSON pointer with their component references intact.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const SPEC_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../openapi.yaml');

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface ParameterInfo {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Readonly<Record<string, unknown>>;
}

export interface ResponseInfo {
  /** '200', '422', … or 'default'. */
  readonly code: string;
  readonly description: string;
  /** Media type → JSON pointer of its schema inside the document (undefined when the media type has no schema). */
  readonly content: ReadonlyMap<string, string | undefined>;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  /** Path template relative to the API root, e.g. /apps/{app_id}/describe. */
  readonly path: string;
  readonly area: string;
  /** True when the operation declares `security: []`. */
  readonly authFree: boolean;
  /** `x-dify-edition: enterprise`: only Enterprise deployments serve it (docs/server-behavior.md §1.5 step 1). */
  readonly enterpriseOnly: boolean;
  /** The operation's `x-` extensions, by name. */
  readonly extensions: ReadonlyMap<string, unknown>;
  readonly parameters: readonly ParameterInfo[];
  readonly requestBody?: { readonly required: boolean; readonly content: ReadonlyMap<string, string | undefined> };
  readonly responses: ReadonlyMap<string, ResponseInfo>;
}

export interface SpecIndex {
  readonly document: Readonly<Record<string, unknown>>;
  readonly operations: readonly OperationInfo[];
  operation(operationId: string): OperationInfo;
}

type Json = Record<string, unknown>;

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The reference tokens of a JSON pointer in URI-fragment form (`#/paths/~1apps/get`), decoded (RFC 6901 §4). */
export function pointerSegments(pointer: string): string[] {
  const path = pointer.replace(/^#?\/?/, '');
  return path === '' ? [] : path.split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The node a JSON pointer names in `document`; undefined when there is none. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>(
    (at, part) => (at !== null && typeof at === 'object' && Object.hasOwn(at, part) ? (at as Json)[part] : undefined),
    document,
  );
}

function contentMap(content: unknown, pointer: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (content === null || typeof content !== 'object') return out;
  for (const [mediaType, entry] of Object.entries(content as Json)) {
    const hasSchema = entry !== null && typeof entry === 'object' && 'schema' in entry;
    out.set(mediaType.toLowerCase(), hasSchema ? `${pointer}/${pointerEscape(mediaType)}/schema` : undefined);
  }
  return out;
}

export function indexSpec(document: Json): SpecIndex {
  const operations: OperationInfo[] = [];
  const paths = (document['paths'] ?? {}) as Json;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (op === undefined) continue;
      const opPointer = `#/paths/${pointerEscape(path)}/${method}`;
      const responses = new Map<string, ResponseInfo>();
      for (const [code, response] of Object.entries((op['responses'] ?? {}) as Json)) {
        const r = response as Json;
        responses.set(code, {
          code,
          description: String(r['description'] ?? ''),
          content: contentMap(r['content'], `${opPointer}/responses/${code}/content`),
        });
      }
      const body = op['requestBody'] as Json | undefined;
      const security = op['security'];
      operations.push({
        operationId: String(op['operationId']),
        method: method.toUpperCase(),
        path,
        area: String(((op['tags'] ?? []) as unknown[])[0] ?? 'untagged'),
        authFree: Array.isArray(security) && security.length === 0,
        enterpriseOnly: op['x-dify-edition'] === 'enterprise',
        extensions: new Map(Object.entries(op).filter(([key]) => key.startsWith('x-'))),
        parameters: ((op['parameters'] ?? []) as Json[]).map((p) => ({
          name: String(p['name']),
          in: p['in'] as ParameterInfo['in'],
          required: p['required'] === true,
          schema: (p['schema'] ?? {}) as Json,
        })),
        ...(body === undefined
          ? {}
          : {
              requestBody: { required: body['required'] === true, content: contentMap(body['content'], `${opPointer}/requestBody/content`) },
            }),
        responses,
      });
    }
  }
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  return {
    document,
    operations,
    operation(operationId: string): OperationInfo {
      const found = byId.get(operationId);
      if (found === undefined) throw new Error(`openapi.yaml has no operation "${operationId}"`);
      return found;
    },
  };
}

/** The list operations: those that take both `page` and `limit` query parameters, in the order of openapi.yaml. */
export function pagedOperations(spec: SpecIndex): OperationInfo[] {
  const hasQuery = (operation: OperationInfo, name: string): boolean => operation.parameters.some((p) => p.in === 'query' && p.name === name);
  return spec.operations.filter((o) => hasQuery(o, 'page') && hasQuery(o, 'limit'));
}

let cached: SpecIndex | undefined;

/** The index of the repository's openapi.yaml, parsed once per process. */
export function loadSpec(path: string = SPEC_PATH): SpecIndex {
  if (path === SPEC_PATH && cached !== undefined) return cached;
  const index = indexSpec(parseYaml(readFileSync(path, 'utf8')) as Json);
  if (path === SPEC_PATH) cached = index;
  return index;
}
