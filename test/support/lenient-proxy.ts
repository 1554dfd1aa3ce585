/**
 * A proxy in front of a server that changes its success answers in ways the
 * spec allows: every object gains a property nobody documented, and every
 * optional property is sent as null or left out (alternately). A conformant
 * suite must not fail a server for any of this (principle 2). Objects the
 * spec pins closed (additionalProperties: false) are left closed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { loadSpec, resolvePointer, type OperationInfo } from '../../lib/spec/spec-index.ts';

type Schema = Record<string, unknown>;

export interface LenientProxy {
  readonly baseUrl: string;
  close(): Promise<void>;
}

function resolveRef(doc: Schema, schema: Schema): Schema {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  return resolveRef(doc, resolvePointer(doc, ref) as Schema);
}

/** The non-null branch of `anyOf: [X, {type: null}]`, the nullable $ref form of openapi.yaml. */
function unwrap(doc: Schema, schema: Schema): Schema {
  const resolved = resolveRef(doc, schema);
  const anyOf = resolved['anyOf'];
  if (Array.isArray(anyOf)) {
    const branch = (anyOf as Schema[]).find((b) => b['type'] !== 'null');
    if (branch !== undefined) return unwrap(doc, branch);
  }
  return resolved;
}

let toggle = false;

function loosen(doc: Schema, schema: Schema, value: unknown): unknown {
  const s = unwrap(doc, schema);
  if (Array.isArray(value)) {
    const items = (s['items'] ?? {}) as Schema;
    return value.map((v) => loosen(doc, items, v));
  }
  if (value === null || typeof value !== 'object') return value;
  const properties = (s['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((s['required'] ?? []) as string[]);
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const propertySchema = properties[name];
    if (propertySchema !== undefined && !required.has(name)) {
      toggle = !toggle;
      if (toggle) out[name] = null;
      continue;
    }
    out[name] = propertySchema === undefined ? v : loosen(doc, propertySchema, v);
  }
  if (s['additionalProperties'] !== false) out['x_conformance_undocumented'] = { added: 'by the lenient proxy' };
  return out;
}

function matchOperation(operations: readonly OperationInfo[], method: string, path: string): OperationInfo | undefined {
  return operations.find((op) => op.method === method && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

export async function startLenientProxy(upstream: string): Promise<LenientProxy> {
  const spec = loadSpec();
  const doc = spec.document as Schema;
  const prefix = new URL(upstream).pathname;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const answer = await request(`${new URL(upstream).origin}${req.url ?? '/'}`, {
          method: req.method as 'GET',
          headers,
          body: chunks.length > 0 ? Buffer.concat(chunks) : null,
        });
        const type = String(answer.headers['content-type'] ?? '');
        const path = (req.url ?? '').split('?')[0]?.slice(prefix.length) ?? '';
        const operation = matchOperation(spec.operations, req.method ?? 'GET', path);
        const pointer = operation?.responses.get(String(answer.statusCode))?.content.get('application/json');
        const passHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(answer.headers))
          if (typeof v === 'string' && k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') passHeaders[k] = v;
        if (answer.statusCode >= 300 || !type.includes('application/json') || pointer === undefined) {
          res.writeHead(answer.statusCode, passHeaders);
          for await (const chunk of answer.body) res.write(chunk);
          res.end();
          return;
        }
        const body = await answer.body.json();
        const schema = resolveRef(doc, { $ref: pointer.replace(/^#/, '#') });
        res.writeHead(answer.statusCode, passHeaders);
        res.end(JSON.stringify(loosen(doc, schema, body)));
      })().catch(() => {
        res.destroy();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
