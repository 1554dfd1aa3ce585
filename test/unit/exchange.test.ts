/**
 * The one exchange function on a real loopback server: the read-only profile sends only GET,
 * a 429 is waited out and sent again for calls and streams alike, but not when it is the
 * answer (an hourly quota that is spent, a model's rate limit), and a 429 that outlasts the
 * retries is a transport error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../lib/http/http-client.ts';
import { DEFAULT_TRAFFIC } from '../../lib/http/traffic-control.ts';

let server: Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const limited = (body: unknown): void => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify(body));
    };
    if (path === '/once-limited' && hit === 1) return limited({ code: 'too_many_requests' });
    if (path === '/always-limited' || path === '/quota') return limited({ code: 'too_many_requests' });
    if (path === '/model-limited') return limited({ code: 'rate_limit_error', message: 'model rate limit', status: 429 });
    if (path === '/stream-once-limited' && hit === 1) return limited({ code: 'too_many_requests' });
    if (path.startsWith('/stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"event":"ping"}\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const traffic = { ...DEFAULT_TRAFFIC, maxRateLimitRetries: 2 };
const client = new HttpClient({ requestTimeoutMs: 2000, maxResponseBytes: 65_536, traffic });
const readOnly = new HttpClient({ requestTimeoutMs: 2000, maxResponseBytes: 65_536, traffic, readOnly: true });
const stream = { totalTimeoutMs: 2000 };

describe('exchange', () => {
  it('in the read-only profile sends GET and refuses anything else, naming the route', async () => {
    const get = await readOnly.exchange({ operationId: 'getAccount', method: 'GET', url: `${base}/ro-get` });
    expect(get.sent && get.exchange.response?.status).toBe(200);
    const post = await readOnly.exchange({
      operationId: 'removeMember',
      method: 'DELETE',
      url: `${base}/ro-delete`,
      route: 'DELETE /workspaces/{workspace_id}/members/{member_id}',
    });
    expect(post).toEqual({
      sent: false,
      reason: 'not sent in the read-only profile (DELETE /workspaces/{workspace_id}/members/{member_id}); run with DIFY_PROFILE=full to check it',
    });
    expect(hits.get('/ro-delete')).toBeUndefined();
  });

  it('waits out a 429 and sends again, for a call and for a stream', async () => {
    const call = await client.exchange({ operationId: 'listApps', method: 'GET', url: `${base}/once-limited` });
    expect(call.sent && call.exchange.response?.status).toBe(200);
    expect(hits.get('/once-limited')).toBe(2);
    const read = await client.exchange({ operationId: 'runApp', method: 'POST', url: `${base}/stream-once-limited`, body: '{}', stream });
    expect(read.sent && read.stream?.events.length).toBe(1);
    expect(hits.get('/stream-once-limited')).toBe(2);
  });

  it('gives up after the retries with a rate-limited transport error, never a judged answer', async () => {
    const result = await client.exchange({ operationId: 'listApps', method: 'GET', url: `${base}/always-limited` });
    expect(result.sent && result.exchange.response).toBeUndefined();
    expect(result.sent && result.exchange.transportError?.kind).toBe('rate-limited');
    expect(hits.get('/always-limited')).toBe(3);
  });

  it('does not retry a 429 of an operation that spends an hourly quota, and says the test cannot go on', async () => {
    const result = await client.exchange({
      operationId: 'createDeviceCode',
      method: 'POST',
      url: `${base}/quota`,
      route: 'POST /oauth/device/code',
      body: '{}',
    });
    expect(result.sent && result.exchange.response?.status).toBe(429);
    expect(result.sent && result.quotaSpent).toContain('device-codes quota is spent (429 from POST /oauth/device/code');
    expect(hits.get('/quota')).toBe(1);
  });

  it('takes a model rate limit (429 rate_limit_error) as the answer', async () => {
    const result = await client.exchange({ operationId: 'runApp', method: 'POST', url: `${base}/model-limited`, body: '{}', stream });
    expect(result.sent && result.exchange.response?.status).toBe(429);
    expect(result.sent && result.quotaSpent).toBeUndefined();
    expect(hits.get('/model-limited')).toBe(1);
  });
});
