// One request, start to finish: log it, find its route (404/405 before any
// auth, as Flask routes first), run the guards and handler, and render
// whatever was thrown.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, PrebuiltAnswer, RfcError, WERKZEUG_NOT_FOUND } from './errors.ts';
import { ANTI_FRAMING, sendJson, sendText } from './http-io.ts';
import { ROUTES } from './route-table.ts';
import { resolve } from './routing.ts';
import type { Call, Runtime } from './runtime.ts';

export const API_ROOT = '/openapi/v1';

export interface RequestLogEntry {
  method: string;
  path: string;
  at: number;
  /** The bearer token the request carried, so tests can tell apart the traffic of one token (never printed). */
  bearer: string | undefined;
}

function renderApiError(runtime: Runtime, res: ServerResponse, error: ApiError): void {
  const headers = { ...error.headers };
  if (error.status === 401 && !runtime.faults.has('auth-no-www-authenticate')) {
    headers['WWW-Authenticate'] = 'Bearer realm="api"';
  }
  if (error.status === 401 && runtime.faults.has('auth-401-rfc-body')) {
    sendJson(res, 401, { error: 'unauthorized' }, headers);
    return;
  }
  const body = error.toBody();
  if (runtime.faults.has('error-status-mismatch')) body.status = 400;
  if (error.status >= 500 && runtime.faults.has('server-error-leaks-exception')) body.message = error.message;
  if (error.status === 422 && body.details !== undefined) {
    if (runtime.faults.has('validation-envelope-message')) body.message = 'Invalid request parameters';
    if (runtime.faults.has('validation-doc-url')) {
      body.details = body.details.map((d) => ({ ...d, msg: `${d.msg} [For further information visit https://errors.pydantic.dev/2.11/v/${d.type}]` }));
    }
  }
  sendJson(res, error.status, body, headers);
}

function renderThrown(runtime: Runtime, res: ServerResponse, thrown: unknown): void {
  if (res.headersSent) {
    // A stream already started: all we can do is end it.
    res.end();
    return;
  }
  if (thrown instanceof RfcError) {
    sendJson(res, thrown.status, { error: thrown.error });
    return;
  }
  if (thrown instanceof PrebuiltAnswer) {
    sendJson(res, thrown.status, thrown.body, thrown.headers);
    return;
  }
  if (thrown instanceof ApiError) {
    renderApiError(runtime, res, thrown);
    return;
  }
  console.error('reference server: unhandled error', thrown);
  renderApiError(runtime, res, new ApiError(500, 'Internal Server Error'));
}

function notFound(runtime: Runtime, res: ServerResponse): void {
  if (runtime.faults.has('unknown-path-html-404')) {
    sendText(res, 404, 'text/html; charset=utf-8', '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n');
    return;
  }
  renderApiError(runtime, res, new ApiError(404, WERKZEUG_NOT_FOUND));
}

export async function dispatch(runtime: Runtime, log: RequestLogEntry[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://reference.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  log.push({ method, path: url.pathname, at: Date.now(), bearer: /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] });
  if (!runtime.faults.has('no-anti-framing')) for (const [name, value] of Object.entries(ANTI_FRAMING)) res.setHeader(name, value);
  const origin = req.headers.origin;
  if (origin !== undefined && runtime.faults.has('cors-any-origin')) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  try {
    if (url.pathname !== API_ROOT && !url.pathname.startsWith(`${API_ROOT}/`)) {
      sendText(res, 404, 'text/plain; charset=utf-8', 'Not Found');
      return;
    }
    const path = url.pathname.slice(API_ROOT.length);
    // HEAD is answered like GET (Node drops the body), as Flask does.
    const resolution = resolve(ROUTES, method === 'HEAD' ? 'GET' : method, path);
    if (resolution.kind === 'unknown') {
      notFound(runtime, res);
      return;
    }
    if (resolution.kind === 'wrong-method') {
      const allow = [...resolution.allowed, 'OPTIONS'].join(', ');
      if (method === 'OPTIONS') {
        res.writeHead(200, { Allow: allow, 'Content-Length': '0' });
        res.end();
        return;
      }
      if (runtime.faults.has('wrong-method-404')) {
        notFound(runtime, res);
        return;
      }
      const headers: Record<string, string> = runtime.faults.has('wrong-method-no-allow') ? {} : { Allow: allow };
      renderApiError(runtime, res, new ApiError(405, 'The method is not allowed for the requested URL.', { headers }));
      return;
    }
    const call: Call = {
      runtime,
      state: runtime.state,
      faults: runtime.faults,
      settings: runtime.settings,
      req,
      res,
      path,
      query: url.searchParams,
      params: resolution.match.params,
    };
    await resolution.match.route.run(call);
  } catch (thrown) {
    renderThrown(runtime, res, thrown);
  }
}
