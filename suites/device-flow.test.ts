/**
 * The OAuth device authorization grant (RFC 8628) end to end: codes, lookup,
 * polling before and after approval or denial, single use, expiry. Approval
 * uses the console session (DIFY_CONSOLE_COOKIE, DIFY_CONSOLE_CSRF_TOKEN);
 * without one the checks that need it are skipped. Tokens minted here are
 * revoked before the test ends. The tests are independent (one code each) and
 * run concurrently, since most of their time is waiting out poll intervals.
 */
import { describe } from 'vitest';
import { defaultWorkspace } from '../lib/checks/account-checks.ts';
import * as device from '../lib/checks/device-flow-checks.ts';
import { authFreeNoBearerNeeded } from '../lib/checks/meta-checks.ts';
import * as sessions from '../lib/checks/session-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import type { AnsweredExchange } from '../lib/model/exchange.ts';
import { requirePurpose } from '../lib/suite-kit/fixtures.ts';
import {
  consoleHeaders,
  decide,
  decisionBudget,
  deviceLabel,
  poll,
  pollUntilResolved,
  requestCode,
  requireCode,
  resolve,
  wait,
} from '../lib/suite-kit/device-flow-driver.ts';
import { unknownDeviceCode, unknownUserCode } from '../lib/suite-kit/probe-values.ts';
import { ownSessionId, sessionPages } from '../lib/suite-kit/session-rows.ts';

describe.concurrent('device flow', () => {
  conformanceTest(
    [
      authFreeNoBearerNeeded,
      device.codeIssued,
      device.verificationUriAbsolute,
      device.verificationUriHttps,
      device.verificationUriPath,
      device.userCodeFormat,
      device.lookupPendingValid,
      device.lookupNamesClient,
      device.lookupNormalises,
      device.pollPending,
      device.pollSlowDown,
    ],
    'a new code is pending: it looks up as valid, polls as authorization_pending, and fast polls are slowed down',
    async (t) => {
      requirePurpose(t, 'pending-code');
      const { exchange, code } = await requestCode(t, deviceLabel(t, 'pending'));
      t.verify(authFreeNoBearerNeeded, exchange);
      t.verify(device.codeIssued, exchange);
      t.verify(device.verificationUriAbsolute, exchange);
      if (device.httpsExpected(exchange)) t.verify(device.verificationUriHttps, exchange);
      else
        t.skipCheck(
          device.verificationUriHttps,
          'createDeviceCode',
          "the API is served over plain http from the verification page's host, where the client needs --insecure anyway",
        );
      t.verify(device.verificationUriPath, exchange);
      t.verify(device.userCodeFormat, exchange);
      if (code === undefined) return t.skip('the server issued no device code (see device.code-issued)');

      const lookup = await t.call('lookupDevice', { query: { user_code: code.userCode } });
      t.verify(device.lookupPendingValid, lookup);
      t.verify(device.lookupNamesClient, { exchange: lookup, clientId: t.run.target.clientId });
      const sloppy = await t.call('lookupDevice', { query: { user_code: `  ${code.userCode.toLowerCase()} ` } });
      t.verify(device.lookupNormalises, sloppy);

      const first = await poll(t, code);
      t.verify(device.pollPending, first);
      const second = await poll(t, code);
      t.verify(device.pollSlowDown, second);
    },
    { operation: 'createDeviceCode' },
  );

  conformanceTest(
    [device.unknownClientRejected, device.unknownClientUnsupported],
    'a code for an unknown client id is refused as unsupported_client',
    async (t) => {
      requirePurpose(t, 'unknown-client');
      const exchange = await t.call('createDeviceCode', {
        json: { client_id: `dify-conformance-unknown-client-${t.run.runId}`, device_label: deviceLabel(t, 'unknown client') },
      });
      t.verify(device.unknownClientRejected, exchange);
      t.verify(device.unknownClientUnsupported, exchange);
    },
    { operation: 'createDeviceCode' },
  );

  conformanceTest(
    [device.lookupUnknownInvalid, authFreeNoBearerNeeded],
    'looking up a user code that was never issued answers valid: false, without credentials',
    async (t) => {
      requirePurpose(t, 'unknown-lookup');
      const exchange = await t.call('lookupDevice', { query: { user_code: unknownUserCode() } });
      t.verify(authFreeNoBearerNeeded, exchange);
      t.verify(device.lookupUnknownInvalid, exchange);
    },
    { operation: 'lookupDevice' },
  );

  conformanceTest(
    [device.pollUnknownRejected, device.slowDownFirst],
    'polling with a device code that was never issued answers expired_token, and slow_down to a poll sent at the same time',
    async (t) => {
      // Sent together, so the server sees the second within well under a second of the first (no
      // server announces a shorter interval), whatever the latency: the one it saw first is the
      // plain unknown-code poll, the other its too-early repeat.
      const never = { deviceCode: unknownDeviceCode(), userCode: '', verificationUri: '', expiresIn: 0, interval: 1 };
      const answers = await Promise.all([poll(t, never), poll(t, never)]);
      const isSlowDown = (a: AnsweredExchange): boolean => (a.response.json as { error?: unknown } | undefined)?.error === 'slow_down';
      const first = answers.find((a) => !isSlowDown(a)) ?? answers[0];
      const repeat = answers.find((a) => a !== first);
      if (first !== undefined) t.verify(device.pollUnknownRejected, first);
      if (repeat !== undefined) t.verify(device.slowDownFirst, repeat);
    },
    { operation: 'pollDeviceToken' },
  );

  conformanceTest(
    [device.extraFieldsIgnored],
    'a poll with a field the server does not know is answered as without it',
    async (t) => {
      // A fresh never-issued code, so the answer is not slow_down; only the extra field differs from the probe above.
      const exchange = await t.call('pollDeviceToken', {
        json: { client_id: t.run.target.clientId, device_code: unknownDeviceCode(), dify_conformance_extra: 'ignored' },
      });
      t.verify(device.extraFieldsIgnored, exchange);
    },
    { operation: 'pollDeviceToken' },
  );

  conformanceTest(
    [device.decisionNeedsSession],
    'approving or denying without the console session is refused',
    async (t) => {
      // Never-issued codes: a wrongly accepted decision finds nothing to decide. Without a login the
      // server spends no approval quota (it is counted after the login check, §4.5).
      const anonymous = await t.call('approveDevice', { json: { user_code: unknownUserCode() }, auth: 'none' });
      t.verify(device.decisionNeedsSession, anonymous);
      const bearerOnly = await t.call('denyDevice', { json: { user_code: unknownUserCode() }, auth: 'token' });
      t.verify(device.decisionNeedsSession, bearerOnly);
    },
    { operation: 'approveDevice' },
  );

  conformanceTest(
    [device.mutateUnknownNotFound],
    'approving and denying a user code that was never issued answers 404',
    async (t) => {
      const headers = consoleHeaders(t);
      requirePurpose(t, 'unknown-code-decision');
      for (const operation of ['approveDevice', 'denyDevice']) {
        const exchange = await t.call(operation, { json: { user_code: unknownUserCode() }, headers });
        t.verify(device.mutateUnknownNotFound, exchange);
      }
    },
    { operation: 'approveDevice' },
  );

  conformanceTest(
    [
      device.decisionNormalises,
      device.decisionStatus,
      device.approveResolvedConflict,
      device.lookupResolvedInvalid,
      device.pollApprovedToken,
      device.tokenPayloadShape,
      device.tokenExpiresFuture,
      device.tokenPrefix,
      device.tokenNamesApprover,
      defaultWorkspace,
      sessions.revokeCurrentById,
      sessions.revokeStatus,
      device.pollSingleUse,
    ],
    'an approved code cannot be approved again, and gives one token, once, which acts as the approver until it revokes its own session by id',
    async (t) => {
      requirePurpose(t, 'approve-flow');
      const label = deviceLabel(t, 'approve');
      const code = await requireCode(t, label);
      // Sent as a person might type it: the server strips and upper-cases it (§4.5).
      const approval = await decide(t, code, 'approve', { userCode: `  ${code.userCode.toLowerCase()} ` });
      if (approval === undefined) {
        const reason =
          "a person approved in the browser; the checks of the console's answers need the console session (DIFY_CONSOLE_COOKIE, DIFY_CONSOLE_CSRF_TOKEN)";
        for (const check of [device.decisionNormalises, device.decisionStatus, device.approveResolvedConflict]) t.skipCheck(check, 'approveDevice', reason);
        t.skipCheck(device.lookupResolvedInvalid, 'lookupDevice', 'a person approves in the browser, so the code is not known to be resolved yet');
      } else {
        t.verify(device.decisionStatus, approval);
        // While the approval waits for its poll the code is resolved, not gone (docs/server-behavior.md §4.1).
        const reapproval = await resolve(t, code, 'approve');
        t.verify(device.approveResolvedConflict, reapproval);
        // Approved and not yet collected: the code is still held, but no longer to be offered (§4.4).
        const lookup = await t.call('lookupDevice', { query: { user_code: code.userCode } });
        t.verify(device.lookupResolvedInvalid, lookup);
      }

      await wait(t, code.interval, 'interval before the first poll');
      const answer = await pollUntilResolved(t, code, decisionBudget(t));
      const token = (answer.response.json as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string') t.onCleanup('revoke the token minted by the approve test', () => t.call('revokeSelfSession', { auth: { token } }));
      t.verify(device.pollApprovedToken, answer);
      t.verify(device.tokenPayloadShape, { exchange: answer, schemaErrors: t.schemaErrors('device-token', answer.response.json) });
      t.verify(device.tokenExpiresFuture, answer);
      t.verify(device.tokenPrefix, answer);
      t.verify(defaultWorkspace, answer);

      if (typeof token === 'string') {
        const auth = { token };
        const account = await t.call('getAccount', { auth });
        t.verify(device.tokenNamesApprover, { payload: answer, exchange: account }, account);
        const sessionId = ownSessionId(await sessionPages(t, label, auth), label);
        if (sessionId === undefined) {
          for (const check of [sessions.revokeCurrentById, sessions.revokeStatus])
            t.skipCheck(check, 'revokeSession', 'the minted session is not listed by GET /account/sessions (see sessions.minted-listed)');
        } else {
          const revoke = await t.call('revokeSession', { path: { session_id: sessionId }, auth });
          const after = await t.call('getAccount', { auth });
          t.verify(sessions.revokeCurrentById, { revoke, after }, revoke);
          t.verify(sessions.revokeStatus, revoke);
        }
      } else {
        const reason = 'the approved code gave no token (see device.poll-approved-token)';
        t.skipCheck(device.tokenNamesApprover, 'getAccount', reason);
        for (const check of [sessions.revokeCurrentById, sessions.revokeStatus]) t.skipCheck(check, 'revokeSession', reason);
      }

      await wait(t, code.interval, 'interval before polling the used code');
      const again = await poll(t, code);
      t.verify(device.pollSingleUse, again);
    },
    { operation: 'pollDeviceToken' },
  );

  conformanceTest(
    [device.decisionStatus, device.lookupResolvedInvalid, device.pollDenied, device.pollDeniedConsumed],
    'a denied code looks up as invalid, answers access_denied once, then expired_token',
    async (t) => {
      requirePurpose(t, 'deny-flow');
      const code = await requireCode(t, deviceLabel(t, 'deny'));
      const denial = await decide(t, code, 'deny');
      if (denial === undefined) {
        t.skipCheck(
          device.decisionStatus,
          'denyDevice',
          "a person denies in the browser; the console's answer needs the console session (DIFY_CONSOLE_COOKIE, DIFY_CONSOLE_CSRF_TOKEN)",
        );
        t.skipCheck(device.lookupResolvedInvalid, 'lookupDevice', 'a person denies in the browser, so the code is not known to be resolved yet');
      } else {
        t.verify(device.decisionStatus, denial);
        const lookup = await t.call('lookupDevice', { query: { user_code: code.userCode } });
        t.verify(device.lookupResolvedInvalid, lookup);
      }
      await wait(t, code.interval, 'interval before the first poll');
      const answer = await pollUntilResolved(t, code, decisionBudget(t));
      t.verify(device.pollDenied, answer);
      await wait(t, code.interval, 'interval before polling again');
      const again = await poll(t, code);
      t.verify(device.pollDeniedConsumed, again);
    },
    { operation: 'pollDeviceToken' },
  );

  conformanceTest(
    [device.codeExpires],
    'a code that was never approved expires after expires_in',
    async (t) => {
      requirePurpose(t, 'code-expiry');
      const code = await requireCode(t, deviceLabel(t, 'expiry'));
      const budget = t.run.deviceExpiryWaitSeconds;
      if (code.expiresIn > budget) {
        return t.skip(
          `device codes live ${code.expiresIn} s, longer than the expiry wait budget of ${budget} s; raise DIFY_DEVICE_EXPIRY_WAIT_SECONDS to check expiry`,
        );
      }
      await wait(t, code.expiresIn + 1, 'until the code has expired');
      const answer = await poll(t, code);
      t.verify(device.codeExpires, answer);
    },
    { operation: 'pollDeviceToken', timeoutMs: 120_000 },
  );
});
