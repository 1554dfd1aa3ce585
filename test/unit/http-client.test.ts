/**
 * The HTTP client against real loopback servers: it records exchanges, never
 * follows redirects, and ends hung or oversized answers within its limits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../lib/http/http-client.ts';

let server: Server;
let base: string;
let redirectTargetHits = 0;
const redirectTarget = createServer((_req, res) => {
  redirectTargetHits++;
  res.end('{}');
});

beforeAll(async () => {
  await new Promise<void>((r) => redirectTarget.listen(0, '127.0.0.1', r));
  const targetPort = (redirectTarget.address() as AddressInfo).port;
  server = createServer((req, res) => {
    if (req.url === '/json') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end('{"ok":true}');
      return;
    }
    if (req.url === '/text') {
      res.setHeader('content-type', 'text/plain');
      res.end('not json');
      return;
    }
    if (req.url === '/redirect') {
      res.statusCode = 302;
      res.setHeader('location', `http://127.0.0.1:${targetPort}/steal`);
      res.end();
      return;
    }
    if (req.url === '/big') {
      res.write('x'.repeat(4096));
      const t = setInterval(() => res.write('x'.repeat(4096)), 1);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (req.url === '/hang-headers') return;
    if (req.url === '/hang-body') {
      res.setHeader('content-type', 'application/json');
      res.write('{"a":');
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  redirectTarget.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => redirectTarget.close(r));
});

const client = new HttpClient({ requestTimeoutMs: 400, maxResponseBytes: 64 * 1024 });

describe('HttpClient', () => {
  it('records status, lower-case headers, media type, parsed JSON and timings', async () => {
    const e = await client.send({ operationId: 'x', method: 'GET', url: `${base}/json`, headers: { Accept: 'application/json' } });
    expect(e.response?.status).toBe(200);
    expect(e.response?.mediaType).toBe('application/json');
    expect(e.response?.json).toEqual({ ok: true });
    expect(e.request.headers['accept']).toBe('application/json');
    expect(e.timings.totalMs).toBeGreaterThan(0);
  });

  it('keeps a body that is not JSON as text with the parse error', async () => {
    const e = await client.send({ operationId: null, method: 'GET', url: `${base}/text` });
    expect(e.response?.json).toBeUndefined();
    expect(e.response?.jsonError).toBeDefined();
    expect(e.response?.bodyText).toBe('not json');
  });

  it('does not follow a redirect, so the bearer never reaches the other host', async () => {
    const e = await client.send({ operationId: null, method: 'GET', url: `${base}/redirect`, headers: { authorization: 'Bearer secret' } });
    expect(e.response?.status).toBe(302);
    expect(redirectTargetHits).toBe(0);
  });

  it('stops reading a body larger than the limit', async () => {
    const e = await client.send({ operationId: null, method: 'GET', url: `${base}/big` });
    expect(e.transportError?.kind).toBe('too-large');
  });

  it('ends a request whose headers never come, and one whose body never ends, at the time limit', async () => {
    for (const path of ['/hang-headers', '/hang-body']) {
      const started = Date.now();
      const e = await client.send({ operationId: null, method: 'GET', url: `${base}${path}` });
      expect(e.transportError?.kind, path).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it('reports a refused connection as a connect error', async () => {
    const e = await client.send({ operationId: null, method: 'GET', url: 'http://127.0.0.1:9/x' });
    expect(e.transportError?.kind).toBe('connect');
  });
});
