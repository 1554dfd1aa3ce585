/**
 * Servers a misconfigured base URL may point at: a web page that answers
 * every path with HTML, a JSON service of another kind, and a Dify of a later
 * contract generation (a /_catalog of colon-style routes, the X-Dify-Catalog
 * fingerprint, 404 for the seed's routes).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ForeignKind = 'html-site' | 'json-service' | 'later-generation';

export interface ForeignServer {
  /** The URL a user would configure: the server's origin with /openapi/v1. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

const CATALOG = {
  version: 2,
  ops: {
    'console_app.workflow.run': { method: 'POST', path: '/apps/{app_id}/workflow:run', kind: 'sse' },
    'console_app.get': { method: 'GET', path: '/apps/{app_id}', kind: 'object' },
  },
};

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handler(kind: ForeignKind): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/openapi\/v1/, '');
    if (kind === 'html-site') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body><h1>Welcome to our app</h1></body></html>');
      return;
    }
    if (kind === 'json-service') {
      if (path === '/_health') return json(res, 200, { status: 'UP' });
      return json(res, 404, { error: 'Not Found', path });
    }
    const fingerprint = { 'x-dify-catalog': 'sha256:0f1e2d3c' };
    if (path === '/_health') return json(res, 200, { ok: true }, fingerprint);
    if (path === '/_version') return json(res, 200, { version: '1.17.1', edition: 'SELF_HOSTED' }, fingerprint);
    if (path === '/_catalog') return json(res, 200, CATALOG, fingerprint);
    return json(res, 404, { code: 'not_found', message: 'Not Found', status: 404 }, fingerprint);
  };
}

export async function startForeignServer(kind: ForeignKind): Promise<ForeignServer> {
  const server: Server = createServer(handler(kind));
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  return {
    baseUrl: `http://127.0.0.1:${port}/openapi/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
