// OAuth 2.0 device authorization (RFC 8628) as the real server runs it
// (docs/server-behavior.md §4). Poll failures are RFC bodies `{"error": …}`,
// not ErrorBody; malformed requests are ErrorBody 400.
import { ApiError, RfcError } from '../errors.ts';
import { readJson, sendJson } from '../http-io.ts';
import { mintBearer, mintUserCode, randomUrlSafe, sha256Hex } from '../ids.ts';
import { consoleRoute, publicRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { Call } from '../runtime.ts';
import { clientIp, enforceQuota } from '../quotas.ts';
import type { Account, ConsoleSession, DeviceCode } from '../state.ts';
import { CONSOLE_WEB_URL, TOKEN_TTL_MS } from '../seed-data.ts';
import { epochSeconds, isoOffset } from '../time.ts';
import { isPlainObject } from '../validation.ts';
import { accountWorkspaces, defaultWorkspaceId } from './account.ts';

const KNOWN_CLIENT_IDS: readonly string[] = ['difyctl'];

/**
 * Required string fields, or 400 ErrorBody in pydantic's words (these routes do not use @accepts).
 * Other keys are ignored, unless `forbidExtra` (a fault) makes the model strict.
 */
function requireStrings(body: unknown, model: string, names: readonly string[], status: 400 | 422 = 400, forbidExtra = false): Record<string, string> {
  const fields = isPlainObject(body) ? body : {};
  const problems = names.flatMap((name) => {
    const value = fields[name];
    if (value === undefined || value === null) return [`${name}: Field required`];
    if (typeof value !== 'string') return [`${name}: Input should be a valid string`];
    return [];
  });
  if (forbidExtra)
    problems.push(
      ...Object.keys(fields)
        .filter((key) => !names.includes(key))
        .map((key) => `${key}: Extra inputs are not permitted`),
    );
  if (problems.length > 0) {
    throw new ApiError(status, `${problems.length} validation error(s) for ${model}: ${problems.join('; ')}`);
  }
  return Object.fromEntries(names.map((name) => [name, String(fields[name])]));
}

function normaliseUserCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The live state of a device code; expired codes are forgotten on sight. */
function liveCode(call: Call, deviceCode: string, now: number): DeviceCode | undefined {
  const code = call.state.deviceCodes.get(deviceCode);
  if (code && code.expiresAt <= now) {
    call.state.deviceCodes.delete(deviceCode);
    return undefined;
  }
  return code;
}

function liveCodeByUserCode(call: Call, userCode: string, now: number, normalise = true): DeviceCode | undefined {
  const wanted = normalise ? normaliseUserCode(userCode) : userCode;
  const code = [...call.state.deviceCodes.values()].find((row) => row.userCode === wanted);
  return code ? liveCode(call, code.deviceCode, now) : undefined;
}

/**
 * Mints the account token at approval time. A new login from the same
 * (client_id, device_label) rotates: the previous live session is revoked.
 */
function mintAccountToken(call: Call, account: Account, code: DeviceCode, now: number): Record<string, unknown> {
  for (const session of call.state.sessions) {
    if (
      session.subject.type === 'account' &&
      session.subject.accountId === account.id &&
      session.clientId === code.clientId &&
      session.deviceLabel === code.deviceLabel
    ) {
      call.state.revoke(session, now);
    }
  }
  const minted = mintBearer('dfoa_');
  const token = call.faults.has('device-token-unprefixed') ? minted.slice('dfoa_'.length) : minted;
  const session = {
    id: call.state.ids.next('session'),
    tokenHash: sha256Hex(call.faults.has('sessions-minted-token-unusable') ? token.slice('dfoa_'.length) : token),
    prefix: 'dfoa_' as const,
    subject: { type: 'account' as const, accountId: account.id },
    clientId: code.clientId,
    deviceLabel: code.deviceLabel,
    createdAt: now,
    expiresAt: now + TOKEN_TTL_MS,
    revokedAt: null,
  };
  // A payload rendered from the wrong row names another account than the token acts as.
  const named = call.faults.has('device-token-payload-other-account') ? otherAccount(call, account) : account;
  call.state.sessions.push(session);
  return {
    [call.faults.has('device-token-as-access-token') ? 'access_token' : 'token']: token,
    expires_at: call.faults.has('device-token-expires-at-epoch')
      ? epochSeconds(session.expiresAt)
      : isoOffset(call.faults.has('device-token-born-expired') ? session.createdAt - TOKEN_TTL_MS : session.expiresAt),
    subject_type: 'account',
    account: { id: named.id, email: named.email, name: named.name },
    workspaces: accountWorkspaces(call, account),
    default_workspace_id: defaultWorkspaceId(call, account),
    token_id: session.id,
  };
}

async function resolveCode(call: Call, account: Account, login: ConsoleSession, outcome: 'approved' | 'denied'): Promise<void> {
  // Approve and deny spend one quota per console login, after the login checks and before the body.
  enforceQuota(call, 'deviceApproval', login.accessToken);
  const { user_code: userCode } = requireStrings(await readJson(call.req), 'DeviceMutateRequest', ['user_code']);
  const now = Date.now();
  const code = liveCodeByUserCode(call, userCode ?? '', now, !call.faults.has('device-decision-case-sensitive'));
  if (!code) throw new RfcError(call.faults.has('device-mutate-unknown-400') ? 400 : 404, 'expired_or_unknown');
  if (code.state !== 'pending') {
    if (!call.faults.has('device-reapprove-200')) throw new RfcError(409, 'already_resolved');
    sendJson(call.res, 200, { status: code.state });
    return;
  }
  if (call.faults.has('device-approve-pending-409')) throw new RfcError(409, 'already_resolved');
  code.state = outcome;
  if (outcome === 'denied' && call.faults.has('device-deny-deletes-code')) call.state.deviceCodes.delete(code.deviceCode);
  if (outcome === 'approved') {
    code.approvedPayload = mintAccountToken(call, account, code, now);
    // The plaintext waits for the next poll; give that poll at least a minute.
    code.expiresAt = Math.max(code.expiresAt, now + 60_000);
  }
  sendJson(call.res, 200, { status: call.faults.has('device-decision-status-ok') ? 'ok' : outcome });
}

/** Some other account of the deployment than the approver (for a payload rendered from the wrong row). */
function otherAccount(call: Call, account: Account): Account {
  return [...call.state.accounts.values()].find((row) => row.id !== account.id) ?? account;
}

export const deviceFlowRoutes: readonly Route[] = [
  publicRoute('POST', '/oauth/device/code', async (call) => {
    enforceQuota(call, 'deviceCode', clientIp(call));
    const invalidStatus = call.faults.has('device-code-invalid-body-422') ? 422 : 400;
    const body = requireStrings(await readJson(call.req), 'DeviceCodeRequest', ['client_id', 'device_label'], invalidStatus);
    const clientId = body.client_id ?? '';
    if (!KNOWN_CLIENT_IDS.includes(clientId) && !call.faults.has('device-unknown-client-accepted')) {
      throw new RfcError(400, call.faults.has('device-unknown-client-invalid-client') ? 'invalid_client' : 'unsupported_client');
    }
    const now = Date.now();
    const ambiguous = call.faults.has('device-user-code-ambiguous');
    let userCode = mintUserCode(ambiguous);
    while (liveCodeByUserCode(call, userCode, now)) userCode = mintUserCode(ambiguous);
    const code: DeviceCode = {
      deviceCode: `dc_${randomUrlSafe(24)}`,
      userCode,
      clientId,
      deviceLabel: body.device_label ?? '',
      state: 'pending',
      expiresAt: now + call.settings.deviceExpiresInSeconds * (call.faults.has('device-lifetime-minutes') ? 60_000 : 1000),
      approvedPayload: null,
    };
    call.state.deviceCodes.set(code.deviceCode, code);
    let consoleUrl = CONSOLE_WEB_URL;
    if (call.faults.has('device-verification-uri-relative')) consoleUrl = '';
    if (call.faults.has('device-verification-uri-http')) consoleUrl = consoleUrl.replace(/^https:/, 'http:');
    sendJson(call.res, 200, {
      device_code: code.deviceCode,
      user_code: code.userCode,
      verification_uri: call.faults.has('device-verification-uri-root') ? `${consoleUrl}/` : `${consoleUrl}/device`,
      expires_in: call.faults.has('device-expires-in-string') ? String(call.settings.deviceExpiresInSeconds) : call.settings.deviceExpiresInSeconds,
      interval: call.settings.deviceIntervalSeconds,
    });
  }),
  publicRoute('POST', '/oauth/device/token', async (call) => {
    const body = requireStrings(
      await readJson(call.req),
      'DevicePollRequest',
      ['device_code', 'client_id'],
      400,
      call.faults.has('device-poll-extra-field-rejected'),
    );
    const deviceCode = body.device_code ?? '';
    const now = Date.now();
    const code = liveCode(call, deviceCode, now);
    // Poll pacing is checked first, for every code, and every poll resets the clock.
    const previous = call.state.lastDevicePoll.get(deviceCode);
    call.state.lastDevicePoll.set(deviceCode, now);
    const tooSoon = previous !== undefined && now - previous < call.settings.deviceIntervalSeconds * 1000;
    const paced = code !== undefined || !call.faults.has('device-slow-down-after-state');
    if (tooSoon && paced && !call.faults.has('device-no-slow-down')) throw new RfcError(400, 'slow_down');
    if (!code) {
      if (call.faults.has('device-gone-code-404')) throw new ApiError(404, 'device code not found');
      throw new RfcError(400, 'expired_token');
    }
    if (code.state === 'pending') {
      if (!call.faults.has('device-pending-200')) throw new RfcError(400, 'authorization_pending');
      sendJson(call.res, 200, { error: 'authorization_pending' });
      return;
    }
    if (code.state === 'denied' && call.faults.has('device-denied-back-to-pending')) {
      code.state = 'pending';
      throw new RfcError(400, 'access_denied');
    }
    // Denied and approved states are consumed by the poll that reports them.
    if (code.state === 'denied' || !call.faults.has('device-token-reissued')) call.state.deviceCodes.delete(deviceCode);
    if (code.state === 'denied' || !code.approvedPayload) throw new RfcError(400, 'access_denied');
    sendJson(call.res, 200, code.approvedPayload);
  }),
  publicRoute('GET', '/oauth/device/lookup', (call) => {
    enforceQuota(call, 'deviceLookup', clientIp(call));
    const userCode = call.query.get('user_code');
    if (userCode === null) throw new ApiError(400, '1 validation error(s) for DeviceLookupQuery: user_code: Field required');
    const code = liveCodeByUserCode(call, userCode, Date.now(), !call.faults.has('device-lookup-case-sensitive'));
    const pending = call.faults.has('device-lookup-pending-invalid') ? code?.state !== 'pending' : code?.state === 'pending';
    if (!code) {
      const claimed = call.faults.has('device-lookup-unknown-valid');
      sendJson(call.res, 200, { valid: claimed, expires_in_remaining: claimed ? call.settings.deviceExpiresInSeconds : 0, client_id: null });
    } else if (!pending && !(code.state !== 'pending' && call.faults.has('device-lookup-resolved-valid'))) {
      sendJson(call.res, 200, { valid: false, expires_in_remaining: 0, client_id: code.clientId });
    } else {
      // The real server reports the full lifetime here, not the time left.
      sendJson(call.res, 200, {
        valid: true,
        expires_in_remaining: call.settings.deviceExpiresInSeconds,
        client_id: call.faults.has('device-lookup-wrong-client') ? code.deviceLabel : code.clientId,
      });
    }
  }),
  consoleRoute('POST', '/oauth/device/approve', (call, account, login) => resolveCode(call, account, login, 'approved')),
  consoleRoute('POST', '/oauth/device/deny', (call, account, login) => resolveCode(call, account, login, 'denied')),
];
