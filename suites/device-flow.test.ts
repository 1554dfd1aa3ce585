/** The OAuth device flow (RFC 8628): answers to codes that were never issued. */
import { describe } from 'vitest';
import { lookupUnknownInvalid, mutateUnknownNotFound, pollUnknownRejected } from '../lib/checks/device-flow-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { unknownDeviceCode, unknownUserCode } from '../lib/suite-kit/probe-values.ts';

function consoleHeaders(t: ConformanceTestContext): Record<string, string> {
  const { consoleCookie, consoleCsrfToken } = t.run.target;
  if (consoleCookie === undefined || consoleCsrfToken === undefined) {
    return t.skip('no console session to approve or deny device codes: set DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN');
  }
  return { cookie: consoleCookie, 'x-csrf-token': consoleCsrfToken };
}

describe('device flow', () => {
  conformanceTest([successStatus], 'POST /oauth/device/code answers 200 for the configured client id', async (t) => {
    const exchange = await t.call('createDeviceCode', { json: { client_id: t.run.target.clientId, device_label: `dify-conformance ${t.run.runId}` } });
    t.verify(successStatus, { exchange, expected: 200 }, 'createDeviceCode', exchange);
  }, { operation: 'createDeviceCode' });

  conformanceTest([lookupUnknownInvalid], 'looking up a user code that was never issued answers valid: false', async (t) => {
    const exchange = await t.call('lookupDevice', { query: { user_code: unknownUserCode() } });
    t.verify(lookupUnknownInvalid, exchange, 'lookupDevice', exchange);
  }, { operation: 'lookupDevice' });

  conformanceTest([pollUnknownRejected], 'polling with a device code that was never issued answers expired_token', async (t) => {
    const exchange = await t.call('pollDeviceToken', { json: { client_id: t.run.target.clientId, device_code: unknownDeviceCode() } });
    t.verify(pollUnknownRejected, exchange, 'pollDeviceToken', exchange);
  }, { operation: 'pollDeviceToken' });

  conformanceTest([mutateUnknownNotFound], 'approving a user code that was never issued answers 404', async (t) => {
    const headers = consoleHeaders(t);
    const exchange = await t.call('approveDevice', { json: { user_code: unknownUserCode() }, headers });
    t.verify(mutateUnknownNotFound, exchange, 'approveDevice', exchange);
  }, { operation: 'approveDevice' });

  conformanceTest([mutateUnknownNotFound], 'denying a user code that was never issued answers 404', async (t) => {
    const headers = consoleHeaders(t);
    const exchange = await t.call('denyDevice', { json: { user_code: unknownUserCode() }, headers });
    t.verify(mutateUnknownNotFound, exchange, 'denyDevice', exchange);
  }, { operation: 'denyDevice' });
});
