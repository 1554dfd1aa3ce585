/** Stopping tasks and reconnecting to runs, with ids that name nothing. */
import { describe } from 'vitest';
import { notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { stopAlwaysSucceeds } from '../lib/checks/tasks-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('tasks', () => {
  conformanceTest([stopAlwaysSucceeds], 'stopping a task the server does not know answers 200 {"result": "success"}', async (t) => {
    const app = await appOfMode(t, 'workflow');
    const exchange = await t.call('stopTask', { path: { app_id: app.id, task_id: unknownId() } });
    t.verify(stopAlwaysSucceeds, exchange);
  }, { operation: 'stopTask' });

  conformanceTest([unknownResource, notFoundNamesObject], 'reconnecting to a workflow run that does not exist answers 404', async (t) => {
    const app = await appOfMode(t, 'workflow');
    const exchange = await t.call('getTaskEvents', { path: { app_id: app.id, task_id: unknownId() } });
    t.verify(unknownResource, exchange);
    t.verify(notFoundNamesObject, { exchange, object: 'workflow run' });
  }, { operation: 'getTaskEvents' });

  conformanceTest([rejectsInvalid], 'reconnecting to a run of a chat app answers 422 (only workflow and advanced-chat runs replay)', async (t) => {
    const app = await appOfMode(t, 'chat');
    const exchange = await t.call('getTaskEvents', { path: { app_id: app.id, task_id: unknownId() } });
    t.verify(rejectsInvalid, exchange);
  }, { operation: 'getTaskEvents' });
});
