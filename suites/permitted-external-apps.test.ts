/**
 * GET /permitted-external-apps, the Enterprise-only surface for external-SSO
 * tokens (dfoe_). On a Community deployment it is a 404 for every caller
 * (docs/server-behavior.md §1.6).
 */
import { describe } from 'vitest';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { externalToken } from '../lib/suite-kit/fixtures.ts';

describe('permitted external apps', () => {
  conformanceTest(
    [successStatus],
    'an external-SSO token lists its permitted apps with 200',
    async (t) => {
      // Exercise the operation with the account token first: a 404 (Community) or 403 (Enterprise) ErrorBody.
      await t.call('listPermittedExternalApps');
      const token = await externalToken(t);
      const exchange = await t.call('listPermittedExternalApps', { auth: { token } });
      t.verify(successStatus, { exchange, expected: 200 });
    },
    { operation: 'listPermittedExternalApps' },
  );
});
