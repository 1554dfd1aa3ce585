/**
 * Before the workers start: does the console session belong to the token's account? Approving a
 * device code mints a token for the account that owns the console session
 * (docs/server-behavior.md §12.6), so a session of another account would make every session check
 * look at the wrong account. The API tells only by minting a token, so this is the earliest
 * moment: one code, one approval, one poll. A mismatch or a refused session is a configuration
 * error; a spent approval quota makes the checks that need the session skipped. The token minted
 * here is handed to the sessions suite, which revokes it; the run revokes it too if that suite
 * did not run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../config/config-error.ts';
import { HttpClient } from '../http/http-client.ts';
import type { Pacer } from '../http/pacing.ts';
import { DEFAULT_TRAFFIC } from '../http/traffic-control.ts';
import type { Exchange } from '../model/exchange.ts';
import type { TargetInfo } from '../suite-kit/run-context.ts';

export interface MintedIdentity {
  readonly token: string;
  /** The device label the token was minted with (its session row carries it). */
  readonly label: string;
}

export type IdentityOutcome =
  | { readonly kind: 'matched'; readonly minted: MintedIdentity }
  /** The check could not be made; the checks that need the console session are skipped with the reason. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface IdentityResult {
  readonly outcome: IdentityOutcome;
  /** Answered requests per operation, for the quota ledger. */
  readonly exchanges: readonly { readonly operation: string; readonly status: number | null }[];
}

const POLL_BUDGET_MS = 60_000;
const WAIT_MARGIN_MS = 100;

export function identityLabel(runId: string): string {
  return `dify-conformance ${runId} identity`;
}

interface Limits {
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly pacer: Pacer;
}

/**
 * Mints one token through the console session and compares its account with the token's.
 * `accountId` is the id GET /account gave for DIFY_TOKEN.
 */
export async function checkConsoleIdentity(target: TargetInfo, runId: string, accountId: string | undefined, limits: Limits): Promise<IdentityResult> {
  const { consoleCookie, consoleCsrfToken } = target;
  if (consoleCookie === undefined || consoleCsrfToken === undefined) throw new Error('checkConsoleIdentity needs a console session');
  const http = new HttpClient({
    requestTimeoutMs: limits.requestTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    traffic: { ...DEFAULT_TRAFFIC, pacer: limits.pacer },
  });
  const seen: { operation: string; status: number | null }[] = [];
  const send = async (operation: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Exchange> => {
    const exchange = await http.send({
      operationId: operation,
      method,
      url: `${target.baseUrl}${path}`,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // The approval quota is hourly: a 429 there is an answer to act on, not a wait.
      retryRateLimit: operation !== 'approveDevice',
    });
    seen.push({ operation, status: exchange.response?.status ?? null });
    return exchange;
  };
  const label = identityLabel(runId);
  const result = (outcome: IdentityOutcome): IdentityResult => ({ outcome, exchanges: seen });
  try {
    const code = await send('createDeviceCode', 'POST', '/oauth/device/code', { client_id: target.clientId, device_label: label });
    const issued = code.response?.json as { device_code?: unknown; user_code?: unknown; interval?: unknown } | undefined;
    if (code.response?.status !== 200 || typeof issued?.device_code !== 'string' || typeof issued.user_code !== 'string') {
      return result({
        kind: 'unavailable',
        reason: `the console session could not be checked: POST /oauth/device/code answered ${code.response?.status ?? code.transportError?.kind ?? 'nothing'} (see device.code-issued)`,
      });
    }
    const approval = await send(
      'approveDevice',
      'POST',
      '/oauth/device/approve',
      { user_code: issued.user_code },
      { cookie: consoleCookie, 'x-csrf-token': consoleCsrfToken },
    );
    const approved = approval.response?.status;
    if (approved === 401 || approved === 403) {
      throw new ConfigError(
        `DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN were refused by POST /oauth/device/approve (${approved}); copy both again from a console that is logged in as the account of DIFY_TOKEN`,
      );
    }
    if (approved === 429) {
      return result({
        kind: 'unavailable',
        reason:
          "not sent: the console session's approve/deny quota is spent (429 from POST /oauth/device/approve; 10 an hour per console session, docs/server-behavior.md §12.5); retry in an hour",
      });
    }
    if (approved !== 200) {
      return result({
        kind: 'unavailable',
        reason: `the console session could not approve a device code (POST /oauth/device/approve answered ${approved ?? approval.transportError?.kind ?? 'nothing'}), so the checks that need it cannot run`,
      });
    }
    const token = await pollForToken(send, issued.device_code, target.clientId, Math.max(1, Number(issued.interval ?? 5)));
    if (token === undefined) {
      return result({
        kind: 'unavailable',
        reason:
          'the device code approved by the console session gave no token (see device.poll-approved-token), so the checks that need the console session cannot run',
      });
    }
    if (accountId !== undefined && token.accountId !== undefined && token.accountId !== accountId) {
      await send('revokeSelfSession', 'DELETE', '/account/sessions/self', undefined, { authorization: `Bearer ${token.token}` });
      throw new ConfigError(
        `DIFY_CONSOLE_COOKIE is a console session of another account (${token.email ?? token.accountId}) than DIFY_TOKEN: device codes it approves mint tokens for that account (docs/server-behavior.md §12.6); copy the console session of the account that owns DIFY_TOKEN`,
      );
    }
    return result({ kind: 'matched', minted: { token: token.token, label } });
  } finally {
    await http.close();
  }
}

type Send = (operation: string, method: string, path: string, body: unknown, headers?: Record<string, string>) => Promise<Exchange>;

/** Polls as RFC 8628 §3.5 asks: the interval between polls, 5 s more after a slow_down. */
async function pollForToken(
  send: Send,
  deviceCode: string,
  clientId: string,
  intervalSeconds: number,
): Promise<{ token: string; accountId: string | undefined; email: string | undefined } | undefined> {
  const deadline = Date.now() + POLL_BUDGET_MS;
  let interval = intervalSeconds;
  while (Date.now() + interval * 1000 <= deadline) {
    await sleep(interval * 1000 + WAIT_MARGIN_MS);
    const answer = await send('pollDeviceToken', 'POST', '/oauth/device/token', { client_id: clientId, device_code: deviceCode });
    const body = answer.response?.json as { token?: unknown; error?: unknown; account?: { id?: unknown; email?: unknown } | null } | undefined;
    if (answer.response?.status === 200 && typeof body?.token === 'string') {
      const account = body.account ?? undefined;
      return {
        token: body.token,
        accountId: typeof account?.id === 'string' ? account.id : undefined,
        email: typeof account?.email === 'string' ? account.email : undefined,
      };
    }
    if (body?.error === 'slow_down') interval += 5;
    else if (body?.error !== 'authorization_pending') return undefined;
  }
  return undefined;
}

/** Revokes the minted token when the suite that was to use it did not (it answers 401 if it did). */
export async function revokeIdentity(target: TargetInfo, minted: MintedIdentity, limits: Limits): Promise<void> {
  const http = new HttpClient({
    requestTimeoutMs: limits.requestTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    traffic: { ...DEFAULT_TRAFFIC, pacer: limits.pacer },
  });
  try {
    await http.send({
      operationId: 'revokeSelfSession',
      method: 'DELETE',
      url: `${target.baseUrl}/account/sessions/self`,
      headers: { accept: 'application/json', authorization: `Bearer ${minted.token}` },
    });
  } finally {
    await http.close();
  }
}
