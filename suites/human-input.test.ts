/**
 * A workflow that pauses at a human-input node (DIFY_HITL_APP_ID): the run
 * pauses with a form token, the form is read (only under its own app) and
 * submitted, the run resumes to workflow_finished, with its history when asked,
 * and the form cannot be submitted twice.
 */
import { describe } from 'vitest';
import * as forms from '../lib/checks/form-checks.ts';
import { notCached } from '../lib/checks/sse-checks.ts';
import { STREAM_GRAMMARS } from '../lib/checks/sse-grammars.ts';
import { conformanceTest, SkipSignal, type ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode } from '../lib/suite-kit/fixtures.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';
import { firstId, readRunStream } from '../lib/suite-kit/stream-driver.ts';

/** An app other than the HITL app to ask for its form under, or undefined when the workspace has none. */
async function anotherApp(t: ConformanceTestContext, hitlAppId: string): Promise<string | undefined> {
  for (const mode of ['workflow', 'advanced-chat'] as const) {
    try {
      const app = await appOfMode(t, mode);
      if (app.id !== hitlAppId) return app.id;
    } catch (error) {
      if (!(error instanceof SkipSignal)) throw error;
    }
  }
  return undefined;
}

describe('human input', () => {
  conformanceTest(
    [
      forms.pauseAnnounced,
      forms.pauseEndsStream,
      forms.definitionShape,
      forms.definitionFields,
      forms.tokenBoundToApp,
      forms.submitAccepted,
      forms.resumeFinishes,
      forms.resumeWithHistory,
      notCached,
      forms.secondSubmitRefused,
    ],
    'a paused workflow is resumed by submitting its form, once',
    async (t) => {
      const appId = t.run.target.hitlAppId;
      if (appId === undefined) return t.skip('no app that pauses at a human-input node: set DIFY_HITL_APP_ID');
      const grammar = STREAM_GRAMMARS.workflow;
      const body = await validRunBody(t, appId, 'workflow');
      const run = await readRunStream(t, 'runApp', { path: { app_id: appId }, json: body, grammar });
      const pause = { events: run.stream.events, end: run.stream.end };
      t.verify(forms.pauseAnnounced, pause, run.exchange);
      t.verify(forms.pauseEndsStream, pause, run.exchange);
      const required = run.stream.events.find((e) => e.name === 'human_input_required');
      const formToken = (required?.json as { data?: { form_token?: unknown } } | undefined)?.data?.form_token;
      const runId = firstId(run.stream.events, 'workflow_run_id');
      // A null form_token is a valid answer: the form goes out through another channel.
      if (formToken === null)
        return t.skip(
          `the form of app ${appId} is delivered through another channel (form_token null), so it cannot be acted on here; set DIFY_HITL_APP_ID to an app whose human-input node shows its form in the UI`,
        );
      if (typeof formToken !== 'string' || runId === undefined) return t.skip('the run did not pause with a form token (see forms.pause-announced)');
      t.addSecret(formToken);

      const form = await t.call('getHumanInputForm', { path: { app_id: appId, form_token: formToken } });
      t.verify(forms.definitionShape, form);
      t.verify(forms.definitionFields, form);
      // Asked while the form is still pending, so the only thing wrong is the app.
      const otherAppId = await anotherApp(t, appId);
      if (otherAppId === undefined)
        t.skipCheck(forms.tokenBoundToApp, 'getHumanInputForm', 'no other workflow or advanced-chat app to ask for the form under: set DIFY_APP_ID_WORKFLOW');
      else t.verify(forms.tokenBoundToApp, await t.call('getHumanInputForm', { path: { app_id: otherAppId, form_token: formToken } }));

      // The form's own definition, else the one announced in the stream (docs/client-behavior.md §3),
      // so a broken form GET does not keep the submission (a MUST) from being checked.
      type Definition = { inputs?: { output_variable_name?: unknown }[]; user_actions?: { id?: unknown }[]; actions?: { id?: unknown }[] };
      const definition = (form.response.json ?? {}) as Definition;
      const announced = (required?.json as { data?: Definition } | undefined)?.data ?? {};
      const action = [...(definition.user_actions ?? []), ...(announced.actions ?? [])].find((a) => typeof a.id === 'string')?.id;
      if (typeof action !== 'string') return t.skip('neither the form nor the pause event offers an action to submit with (see forms.definition)');
      const inputs: Record<string, string> = {};
      for (const input of definition.inputs ?? announced.inputs ?? [])
        if (typeof input.output_variable_name === 'string') inputs[input.output_variable_name] = 'Approved by dify-conformance';

      const submission = await t.call('submitHumanInputForm', { path: { app_id: appId, form_token: formToken }, json: { action, inputs } });
      t.verify(forms.submitAccepted, submission);
      // Both reads subscribe while the resumed run goes on: the plain one as `difyctl resume` reads,
      // the other as `--with-history` does.
      const path = { app_id: appId, task_id: runId };
      const [resumed, withHistory] = await Promise.all([
        readRunStream(t, 'getTaskEvents', { path, grammar }),
        readRunStream(t, 'getTaskEvents', { path, query: { include_state_snapshot: 'true' }, grammar }),
      ]);
      t.verify(forms.resumeFinishes, resumed.stream.events, resumed.exchange);
      if (resumed.exchange.response.status === 200) t.verify(notCached, resumed.exchange);
      else t.skipCheck(notCached, 'getTaskEvents', `the resumed run's events were answered ${resumed.exchange.response.status}, not streamed`);
      const history = withHistory.stream.events.filter((e) => e.name !== 'ping');
      // A run that finished before the read answers its result alone, whatever was asked (docs/server-behavior.md §7.3).
      if (history.length === 1 && history[0]?.name === 'workflow_finished')
        t.skipCheck(
          forms.resumeWithHistory,
          'getTaskEvents',
          'the resumed run had finished before the read, and a finished run answers only its workflow_finished',
        );
      else
        t.verify(
          forms.resumeWithHistory,
          { executedNodes: forms.nodesFinishedBeforePause(run.stream.events), events: withHistory.stream.events },
          withHistory.exchange,
        );

      const again = await t.call('submitHumanInputForm', { path: { app_id: appId, form_token: formToken }, json: { action, inputs } });
      t.verify(forms.secondSubmitRefused, again);
    },
    { operation: 'submitHumanInputForm' },
  );
});
