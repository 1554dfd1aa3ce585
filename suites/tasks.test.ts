/** Stopping tasks and reconnecting to runs, with ids that name nothing. */
import { describe } from 'vitest';
import { notFoundNamesObject, unknownResource } from '../lib/checks/error-checks.ts';
import { reconnectMode422 } from '../lib/checks/run-checks.ts';
import { stopAlwaysSucceeds } from '../lib/checks/tasks-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('tasks', () => {
  conformanceTest(
    [stopAlwaysSucceeds],
    'stopping a task the server does not know answers 200 {"result": "success"}',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('stopTask', { path: { app_id: app.id, task_id: unknownId() } });
      t.verify(stopAlwaysSucceeds, exchange);
    },
    { operation: 'stopTask' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'reconnecting to a workflow run that does not exist answers 404',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await t.call('getTaskEvents', { path: { app_id: app.id, task_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'workflow run' });
    },
    { operation: 'getTaskEvents' },
  );

  conformanceTest(
    [reconnectMode422],
    'reconnecting to a run of a chat app answers 422 mode_not_supported_for_event_reconnect',
    async (t) => {
      const app = await appOfMode(t, 'chat');
      const exchange = await t.call('getTaskEvents', { path: { app_id: app.id, task_id: unknownId() } });
      // The id names no run either: a server that looks the run up before the mode answers 404, which
      // says nothing about the mode rule.
      if (exchange.response.status === 404)
        return t.skip("the server answered 404 for the unknown run id before judging the app's mode, so this probe cannot tell whether it refuses chat apps");
      t.verify(reconnectMode422, { exchange, reason: 'mode_not_supported_for_event_reconnect' });
    },
    { operation: 'getTaskEvents' },
  );
});
