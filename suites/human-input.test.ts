/**
 * A workflow that pauses at a human-input node (DIFY_HITL_APP_ID): the run
 * pauses with a form token, the form is read and submitted, the run resumes to
 * workflow_finished, and the form cannot be submitted twice.
 */
import { describe } from 'vitest';
import * as forms from '../lib/checks/form-checks.ts';
import { STREAM_GRAMMARS } from '../lib/checks/sse-grammars.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';
import { firstId, readRunStream } from '../lib/suite-kit/stream-driver.ts';

describe('human input', () => {
  conformanceTest(
    [forms.pauseAnnounced, forms.definitionShape, forms.submitAccepted, forms.resumeFinishes, forms.secondSubmitRefused],
    'a paused workflow is resumed by submitting its form, once',
    async (t) => {
      const appId = t.run.target.hitlAppId;
      if (appId === undefined) return t.skip('no app that pauses at a human-input node: set DIFY_HITL_APP_ID');
      const grammar = STREAM_GRAMMARS.workflow;
      const body = await validRunBody(t, appId, 'workflow');
      const run = await readRunStream(t, 'runApp', { path: { app_id: appId }, json: body, grammar });
      t.verify(forms.pauseAnnounced, { events: run.stream.events, end: run.stream.end }, run.exchange);
      const required = run.stream.events.find((e) => e.name === 'human_input_required');
      const formToken = (required?.json as { data?: { form_token?: unknown } } | undefined)?.data?.form_token;
      const runId = firstId(run.stream.events, 'workflow_run_id');
      if (typeof formToken !== 'string' || runId === undefined) return t.skip('the run did not pause with a form token (see forms.pause-announced)');
      t.addSecret(formToken);

      const form = await t.call('getHumanInputForm', { path: { app_id: appId, form_token: formToken } });
      t.verify(forms.definitionShape, form);
      // The form's own definition, else the one announced in the stream (docs/client-behavior.md §3),
      // so a broken form GET does not keep the submission (a MUST) from being checked.
      type Definition = { inputs?: { output_variable_name?: unknown }[]; user_actions?: { id?: unknown }[]; actions?: { id?: unknown }[] };
      const definition = (form.response.json ?? {}) as Definition;
      const announced = ((required?.json as { data?: Definition } | undefined)?.data ?? {});
      const action = [...(definition.user_actions ?? []), ...(announced.actions ?? [])].find((a) => typeof a.id === 'string')?.id;
      if (typeof action !== 'string') return t.skip('neither the form nor the pause event offers an action to submit with (see forms.definition)');
      const inputs: Record<string, string> = {};
      for (const input of definition.inputs ?? announced.inputs ?? []) if (typeof input.output_variable_name === 'string') inputs[input.output_variable_name] = 'Approved by dify-conformance';

      const submission = await t.call('submitHumanInputForm', { path: { app_id: appId, form_token: formToken }, json: { action, inputs } });
      t.verify(forms.submitAccepted, submission);
      const resumed = await readRunStream(t, 'getTaskEvents', { path: { app_id: appId, task_id: runId }, grammar });
      t.verify(forms.resumeFinishes, resumed.stream.events, resumed.exchange);

      const again = await t.call('submitHumanInputForm', { path: { app_id: appId, form_token: formToken }, json: { action, inputs } });
      t.verify(forms.secondSubmitRefused, again);
    },
    { operation: 'submitHumanInputForm' },
  );
});
