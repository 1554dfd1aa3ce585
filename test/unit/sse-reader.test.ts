// The SSE reader against real HTTP servers on 127.0.0.1: every way a stream can
// end, each judged within its limits rather than waited for.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readSseStream } from '../../lib/sse/sse-reader.ts';
import type { SseReadOptions } from '../../lib/sse/sse-reader.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function agent(): Agent {
  const dispatcher = new Agent();
  cleanups.push(() => dispatcher.destroy());
  return dispatcher;
}

/**
 * Under the idle (1000 ms) and total (1500 ms) limits of options() with room to spare: a read that
 * ends before this ended for the reason the test gives it, not at another limit, however loaded
 * the machine is.
 */
const OTHER_LIMITS_MS = 900;

function options(url: string, overrides: Partial<SseReadOptions> = {}): SseReadOptions {
  return {
    method: 'GET',
    url,
    headers: { accept: 'text/event-stream' },
    idleTimeoutMs: 1000,
    totalTimeoutMs: 1500,
    maxBytes: 1_000_000,
    dispatcher: agent(),
    ...overrides,
  };
}

function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** An event stream that never ends: a ping every `everyMs`, until the client goes away. */
function endlessPings(everyMs: number, onClose?: () => void) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    startStream(res);
    const timer = setInterval(() => res.write('event: ping\n\n'), everyMs);
    res.on('close', () => {
      clearInterval(timer);
      onClose?.();
    });
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('readSseStream', () => {
  it('reads a stream that closes: events, comments, retry, headers and timings', async () => {
    const frames = [
      'event: ping\n\n',
      ': keep-alive\nretry: 3000\n',
      'data: {"event":"workflow_started","task_id":"t1"}\n\n',
      'data: {"event":"workflow_finished","task_id":"t1"}\n\n',
    ];
    let seen: { method?: string; accept?: string; body: string } = { body: '' };
    const url = await serve((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (part: string) => {
        seen.body += part;
      });
      req.on('end', async () => {
        seen = { ...seen, method: req.method, accept: req.headers.accept };
        startStream(res);
        for (const frame of frames) {
          res.write(frame);
          await sleep(30);
        }
        res.end();
      });
    });

    const result = await readSseStream(
      options(url, { method: 'POST', body: '{"inputs":{}}', headers: { accept: 'text/event-stream', 'content-type': 'application/json' } }),
    );

    expect(seen).toEqual({ method: 'POST', accept: 'text/event-stream', body: '{"inputs":{}}' });
    expect(result).toMatchObject({
      status: 200,
      mediaType: 'text/event-stream',
      end: 'closed',
      comments: 1,
      retryMs: 3000,
      bytes: Buffer.byteLength(frames.join('')),
    });
    expect(result.endMessage).toBeUndefined();
    expect(result.body).toBeUndefined();
    expect(result.headers['cache-control']).toBe('no-cache');
    expect(result.events.map((e) => [e.index, e.name, e.transportName])).toEqual([
      [0, 'ping', 'ping'],
      [1, 'workflow_started', undefined],
      [2, 'workflow_finished', undefined],
    ]);
    expect(result.events[2]?.json).toEqual({ event: 'workflow_finished', task_id: 't1' });
    const times = [result.headersMs, result.firstEventMs, ...result.events.map((e) => e.atMs), result.durationMs];
    expect(times.every((t) => t !== undefined)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect((result.events[2]?.atMs ?? 0) - (result.events[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('stops an endless stream when onEvent says stop, and closes the connection at once', async () => {
    let serverSawClose: (() => void) | undefined;
    const closed = new Promise<void>((resolve) => {
      serverSawClose = resolve;
    });
    const url = await serve(endlessPings(5, () => serverSawClose?.()));

    const result = await readSseStream(options(url, { onEvent: (event) => (event.index === 4 ? 'stop' : 'continue') }));

    expect(result.end).toBe('stopped');
    expect(result.endMessage).toContain('event 4');
    expect(result.events).toHaveLength(5);
    expect(result.durationMs).toBeLessThan(OTHER_LIMITS_MS);
    await expect(Promise.race([closed.then(() => 'closed'), sleep(500).then(() => 'still open')])).resolves.toBe('closed');
  });

  it('ends an endless stream at the total timeout', async () => {
    const url = await serve(endlessPings(10));
    const result = await readSseStream(options(url, { totalTimeoutMs: 300 }));
    expect(result.end).toBe('total-timeout');
    expect(result.endMessage).toContain('300 ms');
    expect(result.durationMs).toBeGreaterThanOrEqual(299);
    expect(result.durationMs).toBeLessThan(OTHER_LIMITS_MS);
    expect(result.events.length).toBeGreaterThan(5);
  });

  it('ends with idle-timeout when the headers come and then nothing', async () => {
    const url = await serve((_req, res) => startStream(res));
    const result = await readSseStream(options(url, { idleTimeoutMs: 200 }));
    expect(result).toMatchObject({ end: 'idle-timeout', status: 200, events: [], bytes: 0 });
    expect(result.endMessage).toContain('no byte arrived for 200 ms');
    expect(result.durationMs).toBeGreaterThanOrEqual(199);
    expect(result.durationMs).toBeLessThan(OTHER_LIMITS_MS);
  });

  it('ends with idle-timeout and no status when the headers never come', async () => {
    const url = await serve(() => undefined);
    const result = await readSseStream(options(url, { idleTimeoutMs: 200 }));
    expect(result).toMatchObject({ end: 'idle-timeout', status: undefined, headers: {}, mediaType: undefined });
    expect(result.endMessage).toContain('no response headers within 200 ms');
    expect(result.headersMs).toBeUndefined();
    expect(result.durationMs).toBeLessThan(OTHER_LIMITS_MS);
  });

  it('stops reading at maxBytes, keeping only the events within the limit', async () => {
    const frame = `data: ${JSON.stringify({ event: 'text_chunk', text: 'x'.repeat(1000) })}\n\n`;
    const url = await serve((_req, res) => {
      startStream(res);
      const pump = (): void => {
        while (!res.destroyed && res.write(frame.repeat(16)));
      };
      res.on('drain', pump);
      pump();
    });
    const maxBytes = 50_000;

    const result = await readSseStream(options(url, { maxBytes }));

    expect(result.end).toBe('too-large');
    expect(result.endMessage).toContain(`${maxBytes} bytes`);
    expect(result.durationMs).toBeLessThan(OTHER_LIMITS_MS);
    expect(result.bytes).toBeGreaterThan(maxBytes);
    expect(result.events).toHaveLength(Math.floor(maxBytes / Buffer.byteLength(frame)));
    expect(result.events.every((e) => e.data === frame.slice(6, -2))).toBe(true);
  });

  it('keeps at most maxEvents events', async () => {
    const url = await serve((_req, res) => {
      startStream(res);
      res.end('data: {"event":"message"}\n\n'.repeat(10));
    });
    const result = await readSseStream(options(url, { maxEvents: 3 }));
    expect(result.end).toBe('too-large');
    expect(result.endMessage).toContain('more than 3 events');
    expect(result.events).toHaveLength(3);
  });

  it('reports a connection reset mid-stream with the events that came before it', async () => {
    const url = await serve((_req, res) => {
      startStream(res);
      res.write('data: {"event":"workflow_started"}\n\n');
      setTimeout(() => res.socket?.resetAndDestroy(), 30);
    });
    const result = await readSseStream(options(url));
    expect(result).toMatchObject({ end: 'reset', status: 200 });
    expect(result.events.map((e) => e.name)).toEqual(['workflow_started']);
    expect(result.endMessage).toMatch(/^the connection broke: /);
  });

  it('returns a JSON error answer as a parsed body with no events (through the default Agent)', async () => {
    const error = { code: 'invalid_param', message: 'inputs is required', status: 422 };
    const url = await serve((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify(error));
    });
    const { dispatcher: _unused, ...withDefaultAgent } = options(url);
    const result = await readSseStream(withDefaultAgent);
    expect(result).toMatchObject({ status: 422, mediaType: 'application/json', end: 'closed', events: [], body: { text: JSON.stringify(error), json: error } });
    expect(result.body).not.toHaveProperty('jsonError');
  });

  it('gives jsonError for a non-JSON answer, and drops a non-stream body past maxBytes', async () => {
    const url = await serve((req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(req.url === '/big' ? 'x'.repeat(100_000) : '<html>Bad Gateway</html>');
    });
    const small = await readSseStream(options(url));
    expect(small).toMatchObject({ status: 502, end: 'closed', body: { text: '<html>Bad Gateway</html>', jsonError: expect.any(String) } });
    const big = await readSseStream(options(`${url}/big`, { maxBytes: 1000 }));
    expect(big).toMatchObject({ status: 502, end: 'too-large' });
    expect(big.body).toBeUndefined();
  });

  it('does not follow a redirect', async () => {
    let targetHits = 0;
    const target = await serve((req, res) => {
      targetHits++;
      endlessPings(10)(req, res);
    });
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: `${target}/events` });
      res.end();
    });
    const result = await readSseStream(options(url));
    expect(result).toMatchObject({ status: 302, end: 'closed', events: [], headers: { location: `${target}/events` } });
    expect(targetHits).toBe(0);
  });

  it('reads a slow drip of one byte every 20 ms within the total timeout, multi-byte characters intact', async () => {
    const bytes = Buffer.from('data: {"t":"é漢😀"}\n\n');
    const url = await serve((_req, res) => {
      startStream(res);
      let sent = 0;
      const timer = setInterval(() => {
        res.write(bytes.subarray(sent, sent + 1));
        if (++sent === bytes.length) res.end();
      }, 20);
      res.on('close', () => clearInterval(timer));
    });
    const result = await readSseStream(options(url, { idleTimeoutMs: 200, totalTimeoutMs: 1500 }));
    expect(result).toMatchObject({ end: 'closed', bytes: bytes.length });
    expect(result.events.map((e) => e.json)).toEqual([{ t: 'é漢😀' }]);
    expect(result.durationMs).toBeGreaterThanOrEqual(20 * (bytes.length - 1));
  });

  it('reports a refused connection as connect, with no status', async () => {
    const url = await serve(() => undefined);
    await cleanups.pop()?.();
    const result = await readSseStream(options(url));
    expect(result).toMatchObject({ end: 'connect', status: undefined, events: [] });
    expect(result.endMessage).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts its signal, before or during the stream', async () => {
    const url = await serve(endlessPings(5));
    const early = await readSseStream(options(url, { signal: AbortSignal.abort() }));
    expect(early).toMatchObject({ end: 'stopped', status: undefined });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const late = await readSseStream(options(url, { signal: controller.signal }));
    expect(late).toMatchObject({ end: 'stopped', status: 200, endMessage: 'the caller aborted the read' });
    expect(late.events.length).toBeGreaterThan(0);
    expect(late.durationMs).toBeLessThan(OTHER_LIMITS_MS);
  });

  it("rethrows an error thrown by onEvent, as the caller's bug, after closing the stream", async () => {
    let serverSawClose = false;
    const url = await serve(
      endlessPings(5, () => {
        serverSawClose = true;
      }),
    );
    const bug = new Error('bug in a check');
    await expect(
      readSseStream(
        options(url, {
          onEvent: () => {
            throw bug;
          },
        }),
      ),
    ).rejects.toBe(bug);
    await sleep(50);
    expect(serverSawClose).toBe(true);
  });
});
