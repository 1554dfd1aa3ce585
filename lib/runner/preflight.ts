/**
 * Before the first check: is the configured URL the API root of this API, of
 * the seed's contract generation, and does the server take the token? A URL
 * that cannot be reached, that answers like another service (404, an HTML
 * page, other JSON), a server of a later contract generation and a rejected
 * token are configuration problems (exit 2), not conformance failures. A
 * server that answers like this API but misbehaves (hangs, resets, broken
 * bodies) is left for the checks to judge.
 */
import { ConfigError } from '../config/config-error.ts';
import { HttpClient } from '../http/http-client.ts';
import type { Pacer } from '../http/pacing.ts';
import { DEFAULT_TRAFFIC } from '../http/traffic-control.ts';
import type { Exchange } from '../model/exchange.ts';

const PREFLIGHT_TIMEOUT_MS = 5000;
const API_SUFFIX = '/openapi/v1';
/** Answers of a server that is still starting behind a proxy. */
const STARTING = new Set([502, 503, 504]);
const RETRY_EVERY_MS = 1000;

export interface PreflightOptions {
  readonly pacer: Pacer;
  /** Wait up to this long for a freshly started server to answer (--wait-for-server). */
  readonly waitForServerSeconds: number;
  /**
   * Whether to judge that the URL is this API's root, of the seed's generation. Off for the
   * embedded reference server, which is this API by construction (with faults that may break its
   * meta endpoints on purpose).
   */
  readonly judgeRoot: boolean;
}

export interface PreflightAnswer {
  /** The body of GET /_version (null when it had none). */
  readonly serverVersion: unknown;
  /** default_workspace_id of GET /account, when the account answered one. */
  readonly defaultWorkspaceId: string | undefined;
  /** The body of GET /account for DIFY_TOKEN (null when it had none). */
  readonly account: unknown;
}

/** How an answer of a meta endpoint looks: like this API, like something else, or undecided (left to the checks). */
export type RootVerdict = 'api' | 'foreign' | 'unclear';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeHtml(exchange: Exchange): boolean {
  const response = exchange.response;
  return response !== undefined && (response.mediaType === 'text/html' || /^\s*<(?:!doctype|html)/i.test(response.bodyText));
}

/** An ErrorBody of this API: code, message and status. */
function isErrorBody(json: unknown): boolean {
  return isObject(json) && typeof json['code'] === 'string' && typeof json['message'] === 'string' && 'status' in json;
}

/**
 * Judges one answer of GET /_health or GET /_version: the field that names the
 * endpoint (`ok`, `version`) or this API's ErrorBody on another status means
 * this API; a 404, an HTML page or JSON of another shape means another service.
 */
export function rootVerdict(exchange: Exchange, field: 'ok' | 'version'): RootVerdict {
  const response = exchange.response;
  if (response === undefined) return 'unclear';
  if (response.status === 404 || looksLikeHtml(exchange)) return 'foreign';
  const json = response.json;
  if (isObject(json) && field in json) return 'api';
  if (response.status !== 404 && isErrorBody(json)) return 'api';
  if (response.json !== undefined && response.status < 500) return 'foreign';
  return 'unclear';
}

function describe(exchange: Exchange): string {
  const response = exchange.response;
  if (response === undefined) return `no answer (${exchange.transportError?.message ?? 'unknown'})`;
  const kind = looksLikeHtml(exchange)
    ? 'an HTML page'
    : response.json !== undefined
      ? `JSON ${JSON.stringify(response.json).slice(0, 60)}`
      : (response.mediaType ?? 'no content type');
  return `${response.status} with ${kind}`;
}

/** A colon-style route named in a later generation's catalog, e.g. POST /apps/{app_id}:run. */
function colonRouteOf(catalog: unknown): string | undefined {
  const queue: unknown[] = [catalog];
  for (let seen = 0; queue.length > 0 && seen < 5000; seen++) {
    const node = queue.shift();
    if (Array.isArray(node)) queue.push(...node);
    else if (isObject(node)) {
      const path = node['path'];
      if (typeof path === 'string' && /\/[^/]*[^/]:[a-z_]+$/.test(path))
        return `${typeof node['method'] === 'string' ? `${node['method'].toUpperCase()} ` : ''}${path}`;
      queue.push(...Object.values(node));
    }
  }
  return undefined;
}

export async function preflight(baseUrl: string, token: string, options: PreflightOptions): Promise<PreflightAnswer> {
  const http = new HttpClient({
    requestTimeoutMs: PREFLIGHT_TIMEOUT_MS,
    maxResponseBytes: 1_048_576,
    traffic: { ...DEFAULT_TRAFFIC, maxConsecutiveTimeouts: 1, pacer: options.pacer },
  });
  const get = (path: string, auth = false): Promise<Exchange> =>
    http.send({
      operationId: null,
      method: 'GET',
      url: `${baseUrl}${path}`,
      headers: { accept: 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    });
  try {
    const health = await waitForAnswer(() => get('/_health'), options.waitForServerSeconds);
    // Only a server that cannot be reached at all is a configuration problem; one that accepts the
    // connection and then misbehaves (hangs, resets, floods) is judged by the run.
    if (health.transportError?.kind === 'connect') {
      const waited =
        options.waitForServerSeconds > 0
          ? ` (waited ${options.waitForServerSeconds} s)`
          : '; --wait-for-server SECONDS waits for a server that is still starting';
      throw new ConfigError(
        `cannot reach DIFY_BASE_URL ${baseUrl}: ${health.transportError.message}${waited}; check the URL (the API root, ending in ${API_SUFFIX}) and that the server is running`,
      );
    }
    const version = await get('/_version');
    if (options.judgeRoot) await judgeRoot(baseUrl, health, version, get);
    const account = await get('/account', true);
    if (account.response?.status === 401) {
      throw new ConfigError(
        `DIFY_TOKEN was rejected by ${baseUrl}/account (401); use a live account token (dfoa_…) of an owner or admin, e.g. one minted with difyctl login`,
      );
    }
    const workspace = (account.response?.json as { default_workspace_id?: unknown } | undefined)?.default_workspace_id;
    return {
      serverVersion: version.response?.json ?? null,
      defaultWorkspaceId: typeof workspace === 'string' ? workspace : undefined,
      account: account.response?.json ?? null,
    };
  } finally {
    await http.close();
  }
}

/** Sends until the server answers (or the wait is over): refused connections and gateway errors of a starting server are retried. */
async function waitForAnswer(send: () => Promise<Exchange>, waitSeconds: number): Promise<Exchange> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const exchange = await send();
    const starting = exchange.transportError?.kind === 'connect' || STARTING.has(exchange.response?.status ?? 0);
    if (!starting || Date.now() + RETRY_EVERY_MS > deadline) return exchange;
    await new Promise((resolveWait) => setTimeout(resolveWait, RETRY_EVERY_MS));
  }
}

async function judgeRoot(baseUrl: string, health: Exchange, version: Exchange, get: (path: string, auth?: boolean) => Promise<Exchange>): Promise<void> {
  if (rootVerdict(health, 'ok') === 'foreign' && rootVerdict(version, 'version') === 'foreign') {
    throw new ConfigError(
      `DIFY_BASE_URL ${baseUrl} does not answer like Dify's ${API_SUFFIX} API (GET /_health: ${describe(health)}; GET /_version: ${describe(version)}); ${await suffixHint(baseUrl)}`,
    );
  }
  // A later contract generation announces itself with a catalog of its operations.
  const catalog = await get('/_catalog', true);
  const fingerprint = [health, version, catalog].some((e) => e.response?.headers['x-dify-catalog'] !== undefined);
  const served = catalog.response?.status === 200 && isObject(catalog.response.json);
  if (!fingerprint && !served) return;
  const route = colonRouteOf(catalog.response?.json);
  const serverVersion = (version.response?.json as { version?: unknown } | undefined)?.version;
  throw new ConfigError(
    `${baseUrl} speaks a later contract generation of Dify's ${API_SUFFIX} API (${[
      ...(served ? ['it serves /_catalog'] : []),
      ...(fingerprint ? ['its answers carry X-Dify-Catalog'] : []),
      `its routes are colon-style, such as ${route ?? 'POST /apps/{id}:run'}`,
      ...(typeof serverVersion === 'string' ? [`/_version says ${serverVersion}`] : []),
    ].join('; ')}); this suite certifies the seed's contract (openapi.yaml: routes such as POST /apps/{app_id}/run), so test a Dify release of that generation`,
  );
}

/** How to fix a wrong root: the /openapi/v1 suffix, and whether adding it reaches the API. */
async function suffixHint(baseUrl: string): Promise<string> {
  if (baseUrl.endsWith(API_SUFFIX)) return `the API root is the URL that ends in ${API_SUFFIX} on the Dify API server; check the host and port`;
  const candidate = `${baseUrl}${API_SUFFIX}`;
  const http = new HttpClient({ requestTimeoutMs: PREFLIGHT_TIMEOUT_MS, maxResponseBytes: 65_536 });
  try {
    const health = await http.send({ operationId: null, method: 'GET', url: `${candidate}/_health`, headers: { accept: 'application/json' } });
    if (rootVerdict(health, 'ok') === 'api') return `the API root ends in ${API_SUFFIX}: set DIFY_BASE_URL to ${candidate}, which answers like the API`;
  } finally {
    await http.close();
  }
  return `the API root ends in ${API_SUFFIX} (e.g. ${candidate})`;
}
