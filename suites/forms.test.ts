/**
 * Human-input forms: errors a client can provoke with a token that names no
 * form. Reading and submitting a real form belongs to the human-input flow of
 * the runs suite.
 */
import { describe } from 'vitest';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('forms', () => {
  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'GET a form with an unknown token answers 404',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('getHumanInputForm', { path: { app_id: app.id, form_token: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'form' });
    },
    { operation: 'getHumanInputForm' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'POST a submission to an unknown token answers 404',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('submitHumanInputForm', { path: { app_id: app.id, form_token: unknownId() }, json: { action: 'approve', inputs: {} } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'form' });
    },
    { operation: 'submitHumanInputForm' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'POST a submission without action answers 422 naming action',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('submitHumanInputForm', { path: { app_id: app.id, form_token: unknownId() }, json: { inputs: {} } });
      // The token names no form either. Validation before the lookup is only the server's documented
      // order (docs/server-behavior.md §1.5 step 9), so a 404 here says nothing about the body rule.
      if (exchange.response.status === 404)
        return t.skip('the server looked the unknown form token up before validating the body (404), so this probe cannot tell whether it requires action');
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'action' });
    },
    { operation: 'submitHumanInputForm' },
  );
});
