/**
 * GET /apps/{id}/export and GET /apps/{id}/check-dependencies. Apps the run did
 * not create are exported without secrets only (include_secret=false).
 */
import { describe } from 'vitest';
import { dependenciesList, exportIsDsl, exportYaml } from '../lib/checks/apps-checks.ts';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('export and dependencies', () => {
  conformanceTest(
    [successStatus, exportYaml, exportIsDsl],
    'export answers 200 with the DSL of the app',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('exportApp', { path: { app_id: app.id }, query: { include_secret: false } });
      t.verify(successStatus, { exchange, expected: 200 });
      t.verify(exportYaml, exchange);
      t.verify(exportIsDsl, exchange);
    },
    { operation: 'exportApp' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'export?include_secret=perhaps answers 422 naming include_secret',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('exportApp', { path: { app_id: app.id }, query: { include_secret: 'perhaps' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'include_secret' });
    },
    { operation: 'exportApp' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'export answers 404 for an app that does not exist',
    async (t) => {
      const exchange = await t.call('exportApp', { path: { app_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'app' });
    },
    { operation: 'exportApp' },
  );

  conformanceTest(
    [successStatus, dependenciesList],
    'check-dependencies answers 200 with the list of missing dependencies',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('checkAppDependencies', { path: { app_id: app.id } });
      t.verify(successStatus, { exchange, expected: 200 });
      t.verify(dependenciesList, exchange);
    },
    { operation: 'checkAppDependencies' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'check-dependencies answers 404 for an app that does not exist',
    async (t) => {
      const exchange = await t.call('checkAppDependencies', { path: { app_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'app' });
    },
    { operation: 'checkAppDependencies' },
  );
});
