/** GET /account and GET /account/sessions for the configured token. */
import { describe } from 'vitest';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';

describe('account', () => {
  conformanceTest([successStatus], 'GET /account answers 200 with the account of the token', async (t) => {
    const exchange = await t.call('getAccount');
    t.verify(successStatus, { exchange, expected: 200 }, 'getAccount', exchange);
  }, { operation: 'getAccount' });

  conformanceTest([successStatus], 'GET /account/sessions answers 200 with a page of sessions', async (t) => {
    const exchange = await t.call('listSessions');
    t.verify(successStatus, { exchange, expected: 200 }, 'listSessions', exchange);
  }, { operation: 'listSessions' });
});
