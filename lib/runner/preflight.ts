/**
 * Before the first check: is the configured server there, and does it take
 * the token? Transport failures and a rejected token are configuration
 * problems (exit 2), not conformance failures.
 */
import { ConfigError } from '../config/config-error.ts';
import { HttpClient } from '../http/http-client.ts';
import { DEFAULT_TRAFFIC } from '../http/traffic-control.ts';

const PREFLIGHT_TIMEOUT_MS = 5000;

export interface PreflightAnswer {
  /** The body of GET /_version (null when it had none). */
  readonly serverVersion: unknown;
  /** default_workspace_id of GET /account, when the account answered one. */
  readonly defaultWorkspaceId: string | undefined;
  /** The body of GET /account for DIFY_TOKEN (null when it had none). */
  readonly account: unknown;
}

export async function preflight(baseUrl: string, token: string, requestsPerMinute: number): Promise<PreflightAnswer> {
  const http = new HttpClient({ requestTimeoutMs: PREFLIGHT_TIMEOUT_MS, maxResponseBytes: 1_048_576, traffic: { ...DEFAULT_TRAFFIC, maxConsecutiveTimeouts: 1, requestsPerMinute } });
  try {
    const health = await http.send({ operationId: 'getHealth', method: 'GET', url: `${baseUrl}/_health`, headers: { accept: 'application/json' } });
    // Only a server that cannot be reached at all is a configuration problem; one that accepts the
    // connection and then misbehaves (hangs, resets, floods) is judged by the run.
    if (health.transportError?.kind === 'connect') {
      throw new ConfigError(`cannot reach DIFY_BASE_URL ${baseUrl}: ${health.transportError.message}; check the URL (the API root, ending in /openapi/v1) and that the server is running`);
    }
    const account = await http.send({ operationId: 'getAccount', method: 'GET', url: `${baseUrl}/account`, headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
    if (account.response?.status === 401) {
      throw new ConfigError(`DIFY_TOKEN was rejected by ${baseUrl}/account (401); use a live account token (dfoa_…) of an owner or admin, e.g. one minted with difyctl login`);
    }
    const version = await http.send({ operationId: 'getVersion', method: 'GET', url: `${baseUrl}/_version`, headers: { accept: 'application/json' } });
    const workspace = (account.response?.json as { default_workspace_id?: unknown } | undefined)?.default_workspace_id;
    return { serverVersion: version.response?.json ?? null, defaultWorkspaceId: typeof workspace === 'string' ? workspace : undefined, account: account.response?.json ?? null };
  } finally {
    await http.close();
  }
}
