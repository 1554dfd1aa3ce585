/** GET /account for the configured token. */
import { describe } from 'vitest';
import { defaultWorkspace, subjectIsAccount } from '../lib/checks/account-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';

describe('account', () => {
  conformanceTest(
    [successStatus, subjectIsAccount, defaultWorkspace],
    'GET /account answers 200 with the account of the token, working by default in one of its workspaces',
    async (t) => {
      const exchange = await t.call('getAccount');
      t.verify(successStatus, { exchange, expected: 200 });
      t.verify(subjectIsAccount, exchange);
      t.verify(defaultWorkspace, exchange);
    },
    { operation: 'getAccount' },
  );
});
