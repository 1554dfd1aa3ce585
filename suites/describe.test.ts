/** GET /apps/{id}/describe: the `fields` allow-list, agreement with the list, errors. */
import { describe } from 'vitest';
import * as apps from '../lib/checks/apps-checks.ts';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, listedApp } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('describe', () => {
  const WHOLE = [
    successStatus,
    apps.describeBlocks,
    apps.describeMatchesList,
    apps.describeIsAgent,
    apps.describeApiEnabled,
    apps.describeParametersShape,
    apps.inputSchemaValid,
    apps.inputSchemaQuery,
    apps.inputSchemaMatchesForm,
  ];
  conformanceTest(
    WHOLE,
    'describe without fields answers every block, matching the list and each other',
    async (t) => {
      const app = await listedApp(t, 'workflow');
      const exchange = await t.call('describeApp', { path: { app_id: app.id } });
      t.verify(successStatus, { exchange, expected: 200 });
      t.verify(apps.describeBlocks, { exchange, requested: [] });
      t.verify(apps.describeMatchesList, { exchange, appId: app.id, listed: app.row });
      for (const check of [apps.describeIsAgent, apps.describeApiEnabled, apps.describeParametersShape, apps.inputSchemaValid, apps.inputSchemaMatchesForm])
        t.verify(check, exchange);
      t.verify(apps.inputSchemaQuery, { exchange, mode: 'workflow' });
    },
    { operation: 'describeApp' },
  );

  conformanceTest(
    [apps.describeBlocks, apps.describeUnrequestedNull, apps.describeIsAgent, apps.inputSchemaValid, apps.inputSchemaQuery],
    'describe?fields=info,input_schema answers those blocks and no other',
    async (t) => {
      const app = await appOfMode(t, 'chat');
      const requested = ['info', 'input_schema'];
      const exchange = await t.call('describeApp', { path: { app_id: app.id }, query: { fields: requested.join(',') } });
      t.verify(apps.describeBlocks, { exchange, requested });
      t.verify(apps.describeUnrequestedNull, { exchange, requested });
      t.verify(apps.describeIsAgent, exchange);
      t.verify(apps.inputSchemaValid, exchange);
      t.verify(apps.inputSchemaQuery, { exchange, mode: 'chat' });
    },
    { operation: 'describeApp' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'describe?fields=colour answers 422 naming fields',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('describeApp', { path: { app_id: app.id }, query: { fields: 'info,colour' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'fields' });
    },
    { operation: 'describeApp' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'describe answers 404 for an app that does not exist',
    async (t) => {
      const exchange = await t.call('describeApp', { path: { app_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'app' });
    },
    { operation: 'describeApp' },
  );
});
