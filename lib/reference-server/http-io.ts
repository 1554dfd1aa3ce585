// Reading requests and writing answers on node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.ts';

// Every answer of the real blueprint carries these (libs/device_flow_security.py); the dispatcher
// sets them on each response before anything is written.
export const ANTI_FRAMING = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
};

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, 'application/json', JSON.stringify(body), headers);
}

export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
}

/**
 * Reads the whole body, refusing (413) once it passes `limit` bytes so a
 * client cannot make the server buffer without bound.
 */
export function readBody(req: IncomingMessage, limit: number, tooLarge: () => ApiError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        // Keep draining without storing, so the client can read our answer.
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

const JSON_BODY_LIMIT = 12 * 1024 * 1024;

function isJsonContentType(header: string | undefined): boolean {
  const mediaType = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * The JSON body as Flask's `get_json(silent=True)` sees it: a missing,
 * non-JSON or unparseable body reads as `{}`, which validation then reports
 * as missing fields (docs/server-behavior.md §2.4).
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, JSON_BODY_LIMIT, () => new ApiError(413, 'Request body too large.'));
  if (!isJsonContentType(req.headers['content-type']) || raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return {};
  }
}
