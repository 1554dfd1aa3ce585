/**
 * A local HTTP server that streams at the suite's readers: a long but finite
 * event stream (throughput), and hostile answers (a 300 MB body, endless
 * streams) that the readers must cut off. Everything is written with
 * backpressure and generated as it goes, so this process stays small too.
 *   /long?events=N     N `data: {json}` events, then the end
 *   /huge?bytes=N      an application/json body of N bytes
 *   /flood?size=S      endless events of about S bytes, as fast as the reader takes them
 *   /trickle?every=MS  an endless `event: ping` keep-alive every MS milliseconds
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BLOCK_EVENTS = 500;
const CHUNK_BYTES = 64 * 1024;

export interface StreamServer {
  readonly url: string;
  close(): Promise<void>;
}

/** One event as a chat run streams it; `index` makes every event distinct. */
function messageEvent(index: number, padding: number): string {
  const answer = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(padding / 27)).slice(0, padding);
  return `data: ${JSON.stringify({ event: 'message', task_id: '5ad4cb98-f0c7-4085-b384-88c403be6290', message_id: '5e52ce04-874b-4576-a1c1-e2e1bc1a5dd4', answer, created_at: 1705395332, index })}\n\n`;
}

/** Writes chunks from `next` until it returns undefined or the reader goes away. */
async function pump(res: ServerResponse, next: () => string | Buffer | undefined): Promise<void> {
  while (!res.destroyed) {
    const chunk = next();
    if (chunk === undefined) {
      res.end();
      return;
    }
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    }
  }
}

function eventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

function long(res: ServerResponse, events: number): Promise<void> {
  eventStream(res);
  let sent = 0;
  return pump(res, () => {
    if (sent >= events) return undefined;
    const count = Math.min(BLOCK_EVENTS, events - sent);
    const block = Array.from({ length: count }, (_, i) => messageEvent(sent + i, 70)).join('');
    sent += count;
    return block;
  });
}

function huge(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes) });
  // JSON-ish: an opening, then filler strings, cut at the exact length.
  const filler = Buffer.from(`${'"abcdefghijklmnopqrstuvwxyz0123456789",'.repeat(Math.ceil(CHUNK_BYTES / 39))}`.slice(0, CHUNK_BYTES));
  let sent = 0;
  return pump(res, () => {
    if (sent >= bytes) return undefined;
    const chunk = sent === 0 ? Buffer.concat([Buffer.from('{"data":['), filler]) : filler;
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
    sent += part.length;
    return part;
  });
}

function flood(res: ServerResponse, size: number): Promise<void> {
  eventStream(res);
  let index = 0;
  return pump(res, () => {
    const block = Array.from({ length: Math.max(1, Math.floor(CHUNK_BYTES / size)) }, () => messageEvent(index++, Math.max(0, size - 200))).join('');
    return block;
  });
}

function trickle(res: ServerResponse, everyMs: number): void {
  eventStream(res);
  const timer = setInterval(() => res.write('event: ping\n\n'), everyMs);
  res.once('close', () => clearInterval(timer));
}

export async function startStreamServer(): Promise<StreamServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const number = (name: string, fallback: number): number => Number(url.searchParams.get(name) ?? fallback);
    res.on('error', () => undefined);
    switch (url.pathname) {
      case '/long':
        void long(res, number('events', 1000));
        break;
      case '/huge':
        void huge(res, number('bytes', 1024));
        break;
      case '/flood':
        void flood(res, number('size', 1024));
        break;
      case '/trickle':
        trickle(res, number('every', 100));
        break;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
