/**
 * POST /apps/{id}/run: request validation before any stream starts, and the
 * event stream of a run of every app mode, judged event by event as it
 * arrives; stopping a run; replaying a finished one, and who may.
 */
import { describe } from 'vitest';
import type { AppModeKey } from '../lib/config/load-config.ts';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import * as sse from '../lib/checks/sse-checks.ts';
import { STREAM_GRAMMARS } from '../lib/checks/sse-grammars.ts';
import * as runs from '../lib/checks/run-checks.ts';
import { stopFinishedSucceeds } from '../lib/checks/tasks-checks.ts';
import { conformanceTest, SkipSignal, type ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, runnableApp, type AppFixture } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';
import { firstId, judgeRunStream, readRunStream } from '../lib/suite-kit/stream-driver.ts';

describe('runs: validation', () => {
  // Each probe is a body the app accepts (from its input schema) with only the query rule broken.
  conformanceTest(
    [runs.queryByMode],
    'a workflow run with a query answers 422 query_not_supported_for_workflow',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const body = { ...(await validRunBody(t, app.id, 'workflow')), query: 'hello' };
      const exchange = await t.call('runApp', { path: { app_id: app.id }, json: body });
      t.verify(runs.queryByMode, { exchange, reason: 'query_not_supported_for_workflow' });
    },
    { operation: 'runApp' },
  );

  conformanceTest(
    [runs.queryByMode],
    'a chat run without a query answers 422 query_required_for_chat',
    async (t) => {
      const app = await appOfMode(t, 'chat');
      const { query: _query, ...body } = await validRunBody(t, app.id, 'chat');
      const exchange = await t.call('runApp', { path: { app_id: app.id }, json: body });
      t.verify(runs.queryByMode, { exchange, reason: 'query_required_for_chat' });
    },
    { operation: 'runApp' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'a run without inputs answers 422 naming inputs',
    async (t) => {
      const app = await appOfMode(t, 'chat');
      const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { query: 'hello' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'inputs' });
    },
    { operation: 'runApp' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'a run of an app that does not exist answers 404',
    async (t) => {
      const exchange = await t.call('runApp', { path: { app_id: unknownId() }, json: { inputs: {} } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'app' });
    },
    { operation: 'runApp' },
  );
});

const MODES: readonly AppModeKey[] = ['workflow', 'chat', 'advanced-chat', 'completion', 'agent-chat'];

/** Another app of a mode, or undefined when the workspace has none (the check that needs it is then skipped). */
async function optionalApp(t: ConformanceTestContext, mode: AppModeKey): Promise<AppFixture | undefined> {
  try {
    return await appOfMode(t, mode);
  } catch (error) {
    if (error instanceof SkipSignal) return undefined;
    throw error;
  }
}

describe.concurrent('runs: event streams', () => {
  for (const mode of MODES) {
    const modeChecks = mode === 'advanced-chat' ? [sse.advancedChatFinishesWorkflow] : [];
    conformanceTest(
      [successStatus, runs.setupErrorsBeforeStream, ...sse.STREAM_CHECKS, sse.errorEventShape, sse.payloadShapes, sse.payloadDetails, ...modeChecks],
      `a ${mode} run streams its events in order to one terminal event`,
      async (t) => {
        const app = await runnableApp(t, mode);
        const body = await validRunBody(t, app.id, mode);
        const grammar = STREAM_GRAMMARS[mode];
        const { exchange, stream } = await readRunStream(t, 'runApp', { path: { app_id: app.id }, json: body, grammar, judgeSetup: true });
        t.verify(successStatus, { exchange, expected: 200 });
        if (exchange.response.status !== 200) return t.skip(`the run was refused (${exchange.response.status}), so there is no stream to judge`);
        judgeRunStream(t, exchange, stream, grammar, `${mode} run`);
        const payload = { events: stream.events, schemaErrors: (ref: string, value: unknown) => t.schemaErrors(ref, value) };
        t.verify(sse.payloadShapes, payload, exchange);
        t.verify(sse.payloadDetails, payload, exchange);
        if (mode === 'advanced-chat') t.verify(sse.advancedChatFinishesWorkflow, { events: stream.events, grammar, end: stream.end }, exchange);
      },
      { operation: 'runApp' },
    );
  }

  conformanceTest(
    [sse.eventsCarryIds, runs.stopEndsStream, runs.stoppedStatus],
    'a workflow run stopped by its task_id ends promptly as stopped',
    async (t) => {
      const app = await runnableApp(t, 'workflow');
      const body = await validRunBody(t, app.id, 'workflow');
      const grammar = STREAM_GRAMMARS.workflow;
      let stop: Promise<unknown> | undefined;
      let stoppedAt: number | undefined;
      // When the stop was answered, on the stream's clock: a paced stop can leave long after it was
      // asked for, and a run that ended before the server took the stop cannot report one.
      let stopAnsweredAt: number | undefined;
      // A stream that ignores the stop and never ends is cut off after the deadline, not the stream limit.
      const deadline = new AbortController();
      let deadlineTimer: NodeJS.Timeout | undefined;
      const { exchange, stream } = await readRunStream(t, 'runApp', {
        path: { app_id: app.id },
        json: body,
        grammar,
        signal: deadline.signal,
        onEvent: (event) => {
          const taskId = (event.json as { task_id?: unknown } | undefined)?.task_id;
          if (stop === undefined && typeof taskId === 'string') {
            stoppedAt = event.atMs;
            const streamStart = performance.now() - event.atMs;
            stop = t.call('stopTask', { path: { app_id: app.id, task_id: taskId } }).finally(() => {
              stopAnsweredAt = performance.now() - streamStart;
            });
            deadlineTimer = setTimeout(() => deadline.abort(), runs.STOP_DEADLINE_MS + 1000);
          }
        },
      });
      clearTimeout(deadlineTimer);
      await stop;
      if (exchange.response.status !== 200) return t.skip(`the run was refused (${exchange.response.status}), so there is nothing to stop`);
      // A stream without task_id is a deviation of its own (the client stops runs by it), judged before giving up.
      t.verify(sse.eventsCarryIds, { events: stream.events, grammar, end: stream.end }, exchange);
      if (stoppedAt === undefined) return t.skip('the run gave no task_id to stop it by (see sse.events-carry-ids)');
      const terminal = stream.events.find((e) => e.name === grammar.terminal);
      t.verify(runs.stopEndsStream, { stream, stoppedAtMs: stoppedAt }, exchange);
      t.verify(runs.stoppedStatus, { terminal, stoppedAtMs: stopAnsweredAt ?? stoppedAt }, exchange);
    },
    { operation: 'stopTask' },
  );

  conformanceTest(
    [
      runs.alwaysStreams,
      sse.eventsCarryIds,
      runs.replayFinished,
      runs.replayEndsWithResult,
      sse.notCached,
      stopFinishedSucceeds,
      runs.eventsBoundToApp,
      runs.eventsCreatorOnly,
      runs.eventsCreator404,
    ],
    'a finished workflow run replays its result, to its creator and under its app only, and stopping it still succeeds',
    async (t) => {
      const app = await runnableApp(t, 'workflow');
      const body = await validRunBody(t, app.id, 'workflow');
      const grammar = STREAM_GRAMMARS.workflow;
      // Keys the server ignores (docs/server-behavior.md §7.1) ride along on a run the test needs anyway.
      const run = await readRunStream(t, 'runApp', {
        path: { app_id: app.id },
        json: { ...body, response_mode: 'blocking', user: `dify-conformance-${t.run.runId}` },
        grammar,
      });
      t.verify(runs.alwaysStreams, run.exchange);
      if (run.exchange.response.status !== 200) return t.skip(`the run was refused (${run.exchange.response.status}), so there is nothing to replay`);
      t.verify(sse.eventsCarryIds, { events: run.stream.events, grammar, end: run.stream.end }, run.exchange);
      const runId = firstId(run.stream.events, 'workflow_run_id');
      const taskId = firstId(run.stream.events, 'task_id');
      const finished = run.stream.events.find((e) => e.name === 'workflow_finished');
      // A run without these is judged by the stream checks of the workflow run test (sse.single-terminal, sse.events-carry-run-ids).
      if (runId === undefined || finished === undefined) return t.skip('the run did not finish with a workflow_run_id, so there is nothing to replay');

      const replay = await readRunStream(t, 'getTaskEvents', { path: { app_id: app.id, task_id: runId }, grammar });
      t.verify(runs.replayFinished, { replay: replay.stream.events, original: finished }, replay.exchange);
      t.verify(runs.replayEndsWithResult, { replay: replay.stream.events, original: finished }, replay.exchange);
      if (replay.exchange.response.status === 200) t.verify(sse.notCached, replay.exchange);
      else t.skipCheck(sse.notCached, 'getTaskEvents', `the replay was answered ${replay.exchange.response.status}, not streamed`);

      if (taskId === undefined) t.skipCheck(stopFinishedSucceeds, 'stopTask', 'the run gave no task_id (see sse.events-carry-ids)');
      else t.verify(stopFinishedSucceeds, await t.call('stopTask', { path: { app_id: app.id, task_id: taskId } }));

      const other = await optionalApp(t, 'advanced-chat');
      if (other === undefined || other.id === app.id)
        t.skipCheck(runs.eventsBoundToApp, 'getTaskEvents', 'no advanced-chat app to ask for the run under: set DIFY_APP_ID_ADVANCED_CHAT');
      else t.verify(runs.eventsBoundToApp, (await readRunStream(t, 'getTaskEvents', { path: { app_id: other.id, task_id: runId }, grammar })).exchange);

      const member = t.run.target.otherMemberToken;
      if (member === undefined) {
        const reason = 'no second member of the workspace to try the run with: set DIFY_OTHER_MEMBER_TOKEN';
        t.skipCheck(runs.eventsCreatorOnly, 'getTaskEvents', reason);
        t.skipCheck(runs.eventsCreator404, 'getTaskEvents', reason);
      } else {
        const foreign = (await readRunStream(t, 'getTaskEvents', { path: { app_id: app.id, task_id: runId }, grammar, auth: { token: member } })).exchange;
        t.verify(runs.eventsCreatorOnly, foreign);
        t.verify(runs.eventsCreator404, foreign);
      }
    },
    { operation: 'getTaskEvents' },
  );
});
