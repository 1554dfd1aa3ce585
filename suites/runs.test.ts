/**
 * POST /apps/{id}/run request validation: a run that breaks the rules of its
 * app mode is refused with 422 before any stream starts.
 */
import { describe } from 'vitest';
import { detailsNameParameter, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('runs: validation', () => {
  conformanceTest([rejectsInvalid], 'a workflow run with a query answers 422', async (t) => {
    const app = await appOfMode(t, 'workflow');
    const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { inputs: {}, query: 'hello' } });
    t.verify(rejectsInvalid, exchange, 'runApp', exchange);
  }, { operation: 'runApp' });

  conformanceTest([rejectsInvalid], 'a chat run without a query answers 422', async (t) => {
    const app = await appOfMode(t, 'chat');
    const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { inputs: {} } });
    t.verify(rejectsInvalid, exchange, 'runApp', exchange);
  }, { operation: 'runApp' });

  conformanceTest([rejectsInvalid, detailsNameParameter], 'a run without inputs answers 422 naming inputs', async (t) => {
    const app = await appOfMode(t, 'chat');
    const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { query: 'hello' } });
    t.verify(rejectsInvalid, exchange, 'runApp', exchange);
    t.verify(detailsNameParameter, { exchange, parameter: 'inputs' }, 'runApp', exchange);
  }, { operation: 'runApp' });

  conformanceTest([unknownResource], 'a run of an app that does not exist answers 404', async (t) => {
    const exchange = await t.call('runApp', { path: { app_id: unknownId() }, json: { inputs: {} } });
    t.verify(unknownResource, exchange, 'runApp', exchange);
  }, { operation: 'runApp' });
});
