/**
 * POST /apps/{id}/run: request validation before any stream starts, and the
 * event stream of a run of every app mode, judged event by event as it
 * arrives; stopping a run; replaying a finished one.
 */
import { describe } from 'vitest';
import type { AppModeKey } from '../lib/config/load-config.ts';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import * as sse from '../lib/checks/sse-checks.ts';
import { STREAM_GRAMMARS } from '../lib/checks/sse-grammars.ts';
import * as runs from '../lib/checks/run-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, runnableApp } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';
import { firstId, readRunStream } from '../lib/suite-kit/stream-driver.ts';

describe('runs: validation', () => {
  conformanceTest([rejectsInvalid], 'a workflow run with a query answers 422', async (t) => {
    const app = await appOfMode(t, 'workflow');
    const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { inputs: {}, query: 'hello' } });
    t.verify(rejectsInvalid, exchange);
  }, { operation: 'runApp' });

  conformanceTest([rejectsInvalid], 'a chat run without a query answers 422', async (t) => {
    const app = await appOfMode(t, 'chat');
    const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { inputs: {} } });
    t.verify(rejectsInvalid, exchange);
  }, { operation: 'runApp' });

  conformanceTest([rejectsInvalid, detailsNameParameter], 'a run without inputs answers 422 naming inputs', async (t) => {
    const app = await appOfMode(t, 'chat');
    const exchange = await t.call('runApp', { path: { app_id: app.id }, json: { query: 'hello' } });
    t.verify(rejectsInvalid, exchange);
    t.verify(detailsNameParameter, { exchange, parameter: 'inputs' });
  }, { operation: 'runApp' });

  conformanceTest([unknownResource, notFoundNamesObject], 'a run of an app that does not exist answers 404', async (t) => {
    const exchange = await t.call('runApp', { path: { app_id: unknownId() }, json: { inputs: {} } });
    t.verify(unknownResource, exchange);
    t.verify(notFoundNamesObject, { exchange, object: 'app' });
  }, { operation: 'runApp' });
});

const MODES: readonly AppModeKey[] = ['workflow', 'chat', 'advanced-chat', 'completion', 'agent-chat'];

describe.concurrent('runs: event streams', () => {
  for (const mode of MODES) {
    conformanceTest([successStatus, ...sse.STREAM_CHECKS, sse.payloadShapes], `a ${mode} run streams its events in order to one terminal event`, async (t) => {
      const app = await runnableApp(t, mode);
      const body = await validRunBody(t, app.id, mode);
      const grammar = STREAM_GRAMMARS[mode];
      const { exchange, stream } = await readRunStream(t, 'runApp', { path: { app_id: app.id }, json: body, grammar });
      t.verify(successStatus, { exchange, expected: 200 });
      if (exchange.response.status !== 200) return t.skip(`the run was refused (${exchange.response.status}), so there is no stream to judge`);
      const input = { events: stream.events, grammar, end: stream.end };
      for (const check of sse.STREAM_CHECKS) t.verify(check, input, exchange);
      const unlisted = sse.unlistedEventNames(stream.events, grammar);
      if (unlisted.length > 0) t.note('stream events', `${mode} run`, `events this suite does not list for ${mode} (information only; clients ignore names they do not know): ${unlisted.join(', ')}`);
      t.verify(sse.payloadShapes, { events: stream.events, schemaErrors: (ref, value) => t.schemaErrors(ref, value) }, exchange);
    }, { operation: 'runApp' });
  }

  conformanceTest([runs.stopEndsStream, runs.stoppedStatus], 'a workflow run stopped by its task_id ends promptly as stopped', async (t) => {
    const app = await runnableApp(t, 'workflow');
    const body = await validRunBody(t, app.id, 'workflow');
    const grammar = STREAM_GRAMMARS.workflow;
    let stop: Promise<unknown> | undefined;
    let stoppedAt: number | undefined;
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
          stop = t.call('stopTask', { path: { app_id: app.id, task_id: taskId } });
          deadlineTimer = setTimeout(() => deadline.abort(), runs.STOP_DEADLINE_MS + 1000);
        }
      },
    });
    clearTimeout(deadlineTimer);
    await stop;
    if (exchange.response.status !== 200 || stoppedAt === undefined) return t.skip('the run gave no task_id to stop it by');
    const terminal = stream.events.find((e) => e.name === grammar.terminal);
    t.verify(runs.stopEndsStream, { stream, stoppedAtMs: stoppedAt }, exchange);
    t.verify(runs.stoppedStatus, { terminal, stoppedAtMs: stoppedAt }, exchange);
  }, { operation: 'stopTask' });

  conformanceTest([runs.replayFinished], 'the events of a finished workflow run replay as one workflow_finished', async (t) => {
    const app = await runnableApp(t, 'workflow');
    const body = await validRunBody(t, app.id, 'workflow');
    const grammar = STREAM_GRAMMARS.workflow;
    const run = await readRunStream(t, 'runApp', { path: { app_id: app.id }, json: body, grammar });
    const runId = firstId(run.stream.events, 'workflow_run_id');
    const finished = run.stream.events.find((e) => e.name === 'workflow_finished');
    if (runId === undefined || finished === undefined) return t.skip('the run did not finish with a workflow_run_id, so there is nothing to replay');
    const replay = await readRunStream(t, 'getTaskEvents', { path: { app_id: app.id, task_id: runId }, grammar });
    t.verify(runs.replayFinished, { replay: replay.stream.events, original: finished }, replay.exchange);
  }, { operation: 'getTaskEvents' });
});
