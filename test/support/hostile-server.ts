/**
 * A server that is broken on purpose, for the suite's safety tests: it hangs,
 * floods, lies about content types, resets connections, drips bytes or
 * redirects elsewhere. Every mode applies to every request under the API root.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileMode =
  'hang-headers' | 'hang-body' | 'endless-sse' | 'huge-body' | 'invalid-json' | 'wrong-content-type' | 'reset' | 'slow-drip' | 'redirect';

export const HOSTILE_MODES: readonly HostileMode[] = [
  'hang-headers',
  'hang-body',
  'endless-sse',
  'huge-body',
  'invalid-json',
  'wrong-content-type',
  'reset',
  'slow-drip',
  'redirect',
];

export interface HostileServer {
  readonly baseUrl: string;
  /** Authorization headers the redirect target received (must stay empty). */
  readonly leakedAuthorization: readonly string[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export async function startHostileServer(mode: HostileMode): Promise<HostileServer> {
  const leaked: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const target = createServer((req, res) => {
    if (req.headers.authorization !== undefined) leaked.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  const targetPort = await listen(target);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    switch (mode) {
      case 'hang-headers':
        return;
      case 'hang-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"ok":');
        return;
      case 'endless-sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => res.write('event: ping\n\n'), 5);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'huge-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < 300 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => {
          sent = Number.POSITIVE_INFINITY;
        });
        pump();
        return;
      }
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok": tru');
        return;
      case 'wrong-content-type':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Welcome</body></html>');
        return;
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"ok":');
        setImmediate(() => req.socket.destroy());
        return;
      case 'slow-drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const body = JSON.stringify({ ok: true, padding: 'x'.repeat(200) });
        let index = 0;
        const timer = setInterval(() => {
          if (index >= body.length) {
            clearInterval(timer);
            res.end();
            return;
          }
          res.write(body[index++] ?? '');
        }, 100);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'redirect':
        res.writeHead(307, { location: `http://127.0.0.1:${targetPort}${req.url ?? '/'}` });
        res.end();
        return;
    }
  };
  const server = createServer(handle);
  const port = await listen(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/openapi/v1`,
    leakedAuthorization: leaked,
    async close(): Promise<void> {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      target.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => target.close(r))]);
    },
  };
}
