/** GET /account for the configured token. */
import { describe } from 'vitest';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';

describe('account', () => {
  conformanceTest([successStatus], 'GET /account answers 200 with the account of the token', async (t) => {
    const exchange = await t.call('getAccount');
    t.verify(successStatus, { exchange, expected: 200 });
  }, { operation: 'getAccount' });
});
