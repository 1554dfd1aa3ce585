/**
 * The OAuth device authorization grant (RFC 8628) end to end: codes, lookup,
 * polling before and after approval or denial, single use, expiry. Approval
 * uses the console session (DIFY_CONSOLE_COOKIE, DIFY_CONSOLE_CSRF_TOKEN);
 * without one the checks that need it are skipped. Tokens minted here are
 * revoked before the test ends. The tests are independent (one code each) and
 * run concurrently, since most of their time is waiting out poll intervals.
 */
import { describe } from 'vitest';
import * as device from '../lib/checks/device-flow-checks.ts';
import { authFreeNoBearerNeeded } from '../lib/checks/meta-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { requirePurpose } from '../lib/suite-kit/fixtures.ts';
import { consoleHeaders, decide, decisionBudget, deviceLabel, poll, pollUntilResolved, requestCode, requireCode, resolve, wait } from '../lib/suite-kit/device-flow-driver.ts';
import { unknownDeviceCode, unknownUserCode } from '../lib/suite-kit/probe-values.ts';

describe.concurrent('device flow', () => {
  conformanceTest(
    [authFreeNoBearerNeeded, device.codeIssued, device.verificationUriAbsolute, device.verificationUriHttps, device.lookupPendingValid, device.lookupNormalises, device.pollPending, device.pollSlowDown],
    'a new code is pending: it looks up as valid, polls as authorization_pending, and fast polls are slowed down',
    async (t) => {
      requirePurpose(t, 'pending-code');
      const { exchange, code } = await requestCode(t, deviceLabel(t, 'pending'));
      t.verify(authFreeNoBearerNeeded, exchange);
      t.verify(device.codeIssued, exchange);
      t.verify(device.verificationUriAbsolute, exchange);
      t.verify(device.verificationUriHttps, exchange);
      if (code === undefined) return t.skip('the server issued no device code (see device.code-issued)');

      const lookup = await t.call('lookupDevice', { query: { user_code: code.userCode } });
      t.verify(device.lookupPendingValid, { exchange: lookup, clientId: t.run.target.clientId }, lookup);
      const sloppy = await t.call('lookupDevice', { query: { user_code: `  ${code.userCode.toLowerCase()} ` } });
      t.verify(device.lookupNormalises, sloppy);

      const first = await poll(t, code);
      t.verify(device.pollPending, first);
      const second = await poll(t, code);
      t.verify(device.pollSlowDown, second);
    },
    { operation: 'createDeviceCode' },
  );

  conformanceTest([device.unknownClientRejected], 'a code for an unknown client id is refused', async (t) => {
    requirePurpose(t, 'unknown-client');
    const exchange = await t.call('createDeviceCode', { json: { client_id: `dify-conformance-unknown-client-${t.run.runId}`, device_label: deviceLabel(t, 'unknown client') } });
    t.verify(device.unknownClientRejected, exchange);
  }, { operation: 'createDeviceCode' });

  conformanceTest([device.lookupUnknownInvalid, authFreeNoBearerNeeded], 'looking up a user code that was never issued answers valid: false, without credentials', async (t) => {
    requirePurpose(t, 'unknown-lookup');
    const exchange = await t.call('lookupDevice', { query: { user_code: unknownUserCode() } });
    t.verify(authFreeNoBearerNeeded, exchange);
    t.verify(device.lookupUnknownInvalid, exchange);
  }, { operation: 'lookupDevice' });

  conformanceTest([device.pollUnknownRejected], 'polling with a device code that was never issued answers expired_token', async (t) => {
    const exchange = await poll(t, { deviceCode: unknownDeviceCode(), userCode: '', verificationUri: '', expiresIn: 0, interval: 1 });
    t.verify(device.pollUnknownRejected, exchange);
  }, { operation: 'pollDeviceToken' });

  conformanceTest([device.mutateUnknownNotFound], 'approving and denying a user code that was never issued answers 404', async (t) => {
    const headers = consoleHeaders(t);
    requirePurpose(t, 'unknown-code-decision');
    for (const operation of ['approveDevice', 'denyDevice']) {
      const exchange = await t.call(operation, { json: { user_code: unknownUserCode() }, headers });
      t.verify(device.mutateUnknownNotFound, exchange);
    }
  }, { operation: 'approveDevice' });

  conformanceTest(
    [device.pollApprovedToken, device.tokenPayloadShape, device.pollSingleUse, device.approveResolvedConflict],
    'an approved code cannot be approved again, and gives one token, once',
    async (t) => {
      requirePurpose(t, 'approve-flow');
      const code = await requireCode(t, deviceLabel(t, 'approve'));
      const approval = await decide(t, code, 'approve');
      if (approval === undefined) {
        t.skipCheck(device.approveResolvedConflict, 'approveDevice', 'a person approved in the browser; approving again needs the console session (DIFY_CONSOLE_COOKIE, DIFY_CONSOLE_CSRF_TOKEN)');
      } else {
        // While the approval waits for its poll the code is resolved, not gone (docs/server-behavior.md §4.1).
        const reapproval = await resolve(t, code, 'approve');
        t.verify(device.approveResolvedConflict, reapproval);
      }

      await wait(t, code.interval, 'interval before the first poll');
      const answer = await pollUntilResolved(t, code, decisionBudget(t));
      const token = (answer.response.json as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string') t.onCleanup('revoke the token minted by the approve test', () => t.call('revokeSelfSession', { auth: { token } }));
      t.verify(device.pollApprovedToken, answer);
      t.verify(device.tokenPayloadShape, { exchange: answer, schemaErrors: t.schemaErrors('device-token', answer.response.json) }, answer);

      await wait(t, code.interval, 'interval before polling the used code');
      const again = await poll(t, code);
      t.verify(device.pollSingleUse, again);
    },
    { operation: 'pollDeviceToken' },
  );

  conformanceTest([device.pollDenied, device.pollDeniedConsumed], 'a denied code answers access_denied once, then expired_token', async (t) => {
    requirePurpose(t, 'deny-flow');
    const code = await requireCode(t, deviceLabel(t, 'deny'));
    await decide(t, code, 'deny');
    await wait(t, code.interval, 'interval before the first poll');
    const answer = await pollUntilResolved(t, code, decisionBudget(t));
    t.verify(device.pollDenied, answer);
    await wait(t, code.interval, 'interval before polling again');
    const again = await poll(t, code);
    t.verify(device.pollDeniedConsumed, again);
  }, { operation: 'pollDeviceToken' });

  conformanceTest([device.codeExpires], 'a code that was never approved expires after expires_in', async (t) => {
    requirePurpose(t, 'code-expiry');
    const code = await requireCode(t, deviceLabel(t, 'expiry'));
    const budget = t.run.deviceExpiryWaitSeconds;
    if (code.expiresIn > budget) {
      return t.skip(`device codes live ${code.expiresIn} s, longer than the expiry wait budget of ${budget} s; raise DIFY_DEVICE_EXPIRY_WAIT_SECONDS to check expiry`);
    }
    await wait(t, code.expiresIn + 1, 'until the code has expired');
    const answer = await poll(t, code);
    t.verify(device.codeExpires, answer);
  }, { operation: 'pollDeviceToken', timeoutMs: 120_000 });
});
