// Human-input forms of paused workflow runs (docs/server-behavior.md §6.5):
// read the form, submit it once, and the run resumes.
import { ApiError } from '../errors.ts';
import { readJson, sendJson } from '../http-io.ts';
import { findRunByWorkflowRunId } from '../run-registry.ts';
import { REVIEW_FORM } from '../run-scripts.ts';
import { appRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { Call } from '../runtime.ts';
import type { App, HumanInputForm } from '../state.ts';
import { epochSeconds } from '../time.ts';
import { BodyReader } from '../validation.ts';

/** The form behind a token, if it belongs to this app and can still be acted on. */
function activeForm(call: Call, app: App): HumanInputForm {
  const form = call.state.forms.get(call.params.form_token ?? '');
  if (!form || (form.appId !== app.id && !call.faults.has('form-served-under-any-app'))) {
    throw new ApiError(404, 'No human-input form matches this token. It may be wrong, expired, or already submitted.', { code: 'form_not_found' });
  }
  if (form.submitted) {
    throw new ApiError(412, `This form has already been submitted by another user, form_id=${form.formId}`, { code: 'human_input_form_submitted' });
  }
  if (form.expiresAt <= Date.now()) {
    throw new ApiError(412, `This form has expired, form_id=${form.formId}`, { code: 'human_input_form_expired' });
  }
  return form;
}

export const formRoutes: readonly Route[] = [
  appRoute('GET', '/apps/:app_id/form/human_input/:form_token', { tokens: ['dfoa', 'dfoe'] }, (call, _caller, app) => {
    const form = activeForm(call, app);
    sendJson(call.res, 200, {
      form_content: form.content,
      inputs: REVIEW_FORM.inputs,
      resolved_default_values: REVIEW_FORM.resolvedDefaults,
      ...(call.faults.has('form-actions-misnamed') ? { actions: REVIEW_FORM.actions } : { user_actions: REVIEW_FORM.actions }),
      expiration_time: call.faults.has('form-expiration-iso') ? new Date(form.expiresAt).toISOString() : epochSeconds(form.expiresAt),
    });
  }),
  appRoute('POST', '/apps/:app_id/form/human_input/:form_token', { tokens: ['dfoa', 'dfoe'] }, async (call, _caller, app) => {
    const body = new BodyReader(await readJson(call.req), 'HumanInputFormSubmitPayload', call.faults);
    const inputs = body.object('inputs', true);
    const action = body.string('action', { required: true });
    body.finish();
    const form = activeForm(call, app);
    if (!REVIEW_FORM.actions.some((candidate) => candidate.id === action)) {
      throw new ApiError(400, "The submitted action is not one of the form's actions.", { code: 'invalid_form_data' });
    }
    if (!call.faults.has('form-resubmit-accepted')) form.submitted = true;
    findRunByWorkflowRunId(call.state.runs, form.workflowRunId)?.resume({ action, inputs: inputs ?? {} });
    if (call.faults.has('form-submit-500')) throw new ApiError(500, 'Internal Server Error');
    sendJson(call.res, 200, {});
  }),
];
