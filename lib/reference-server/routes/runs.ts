// Running apps and following runs (docs/server-behavior.md §7): POST …/run
// validates, then streams; …/tasks/{id}/stop always succeeds; …/tasks/{id}/events
// reconnects to a workflow run.
import type { Caller } from '../auth.ts';
import { ApiError, VALIDATION_FAILED, validationError } from '../errors.ts';
import { readJson, sendJson } from '../http-io.ts';
import { isUuid, randomUrlSafe } from '../ids.ts';
import { checkRunInputs } from '../run-inputs.ts';
import type { CheckedInputs } from '../run-inputs.ts';
import { findRunByWorkflowRunId, Run } from '../run-registry.ts';
import type { Frame } from '../run-registry.ts';
import { playRun, reviewFormContent } from '../run-scripts.ts';
import type { ScriptContext } from '../run-scripts.ts';
import { appRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { Call } from '../runtime.ts';
import { openStream, relayRun } from '../sse.ts';
import { CHAT_FAMILY, WORKFLOW_FAMILY } from '../state.ts';
import type { App, AppMode } from '../state.ts';
import { BodyReader, isPlainObject } from '../validation.ts';

const RUNNABLE: readonly AppMode[] = ['workflow', 'advanced-chat', 'chat', 'completion', 'agent-chat'];
const FORM_LIFETIME_MS = 24 * 3_600_000;

interface RunRequest {
  /** Asked for a blocking answer (a key the real server drops; fault run-blocking-mode-json honours it). */
  blocking: boolean;
  inputs: Record<string, unknown>;
  query: string | undefined;
  files: unknown[];
  conversationId: string | undefined;
  workflowId: string | undefined;
}

async function readRunRequest(call: Call): Promise<RunRequest> {
  const raw = await readJson(call.req);
  const body = new BodyReader(raw, 'AppRunRequest', call.faults);
  const inputs = body.object('inputs', true);
  const query = body.string('query');
  const files = body.list('files');
  const conversationId = body.string('conversation_id');
  body.bool('auto_generate_name');
  const workflowId = body.string('workflow_id');
  const workspaceId = body.string('workspace_id');
  if (conversationId && !isUuid(conversationId)) {
    body.details.push({ type: 'value_error', loc: ['conversation_id'], msg: 'Value error, conversation_id must be a valid UUID' });
  }
  if (workspaceId && !isUuid(workspaceId)) {
    body.details.push({ type: 'value_error', loc: ['workspace_id'], msg: 'Value error, workspace_id must be a valid UUID' });
  }
  // Other keys (response_mode, user, …) are silently dropped.
  body.finish();
  const blocking = isPlainObject(raw) && raw.response_mode === 'blocking';
  return { blocking, inputs: inputs ?? {}, query, files: files ?? [], conversationId: conversationId || undefined, workflowId: workflowId || undefined };
}

/** Mode rules, checked after the body model and before anything runs. */
function checkMode(call: Call, app: App, request: RunRequest): void {
  if (!RUNNABLE.includes(app.mode)) throw new ApiError(422, 'mode_not_runnable');
  if (call.faults.has('run-query-rule-ignored')) return;
  if (CHAT_FAMILY.includes(app.mode) && (request.query ?? '').trim() === '') throw new ApiError(422, 'query_required_for_chat');
  if (app.mode === 'workflow' && request.query !== undefined) throw new ApiError(422, 'query_not_supported_for_workflow');
}

/**
 * The published workflow a workflow-family run uses. With none published, the
 * real service raises `ValueError("Workflow not published")`
 * (services/app_generate_service.py::_get_workflow), which the run handler's
 * catch-all answers 500 before any stream (docs/server-behavior.md §12.1).
 */
function resolveWorkflowId(app: App, requested: string | undefined): string | null {
  if (!WORKFLOW_FAMILY.includes(app.mode)) return null;
  if (requested === undefined) {
    const published = app.workflowIds[0];
    if (published === undefined) throw new ApiError(500, 'Workflow not published');
    return published;
  }
  if (!isUuid(requested)) throw new ApiError(400, 'Invalid workflow_id format.');
  if (!app.workflowIds.includes(requested.toLowerCase())) throw new ApiError(404, 'Workflow not found.');
  return requested.toLowerCase();
}

/** The caller's conversation the request continues, or undefined when it starts one. */
function findConversation(call: Call, app: App, caller: Caller, requested: string | undefined): string | undefined {
  if (!CHAT_FAMILY.includes(app.mode) || requested === undefined) return undefined;
  const conversation = call.state.conversations.get(requested);
  if (!conversation || conversation.appId !== app.id || conversation.subjectKey !== caller.subjectKey) {
    throw new ApiError(404, 'Conversation Not Exists.');
  }
  return conversation.id;
}

function startConversation(call: Call, app: App, caller: Caller): string | null {
  if (!CHAT_FAMILY.includes(app.mode) && app.mode !== 'completion') return null;
  const id = call.state.ids.next('conversation');
  call.state.conversations.set(id, { id, appId: app.id, subjectKey: caller.subjectKey });
  return id;
}

function modelName(app: App): string {
  const config = app.publishedDsl?.model_config;
  const model = isPlainObject(config) && isPlainObject(config.model) ? config.model.name : undefined;
  return typeof model === 'string' ? model : 'gpt-4o-mini';
}

/**
 * A deployment without model credentials (the realistic default): chat,
 * completion and agent-chat apps fail while the generator builds their model
 * config — `ProviderTokenNotInitError("Model <name> credentials is not
 * initialized.")` from ModelConfigConverter.convert, which app_run.py turns
 * into 400 `provider_not_initialize` with that description. Workflow-family
 * apps are modelled as running (their graphs here call no model).
 */
function requireModelProvider(call: Call, app: App): void {
  if (call.faults.has('run-provider-error-500') && !WORKFLOW_FAMILY.includes(app.mode)) {
    throw new ApiError(500, `Model ${modelName(app)} credentials is not initialized.`, { code: 'provider_not_initialize' });
  }
  if (call.settings.profile !== 'realistic' || call.settings.modelProviders || WORKFLOW_FAMILY.includes(app.mode)) return;
  throw new ApiError(400, `Model ${modelName(app)} credentials is not initialized.`, { code: 'provider_not_initialize' });
}

function firstText(inputs: Record<string, unknown>): string {
  const text = Object.values(inputs).find((value): value is string => typeof value === 'string') ?? '';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A plausible answer that depends on what was asked, so clients can tell runs apart. */
function composeAnswer(app: App, query: string, checked: CheckedInputs): string {
  if (checked.files.length > 0) {
    const listing = checked.files.map((file) => `${file.name} (${file.size} bytes)`).join(', ');
    return `Reviewed ${listing}: no high-risk clauses found; check the renewal and liability terms.`;
  }
  if (CHAT_FAMILY.includes(app.mode)) {
    return `Thanks for asking about "${query.slice(0, 80)}". Based on the ${app.name} knowledge base, here is a short answer you can act on.`;
  }
  const subject = firstText(checked.inputs);
  return subject === '' ? `${app.name} finished with no text input.` : `${app.name} processed "${subject}" and produced a concise summary.`;
}

function callerIdentity(call: Call, caller: Caller): { id: string; name: string; email: string } {
  if (caller.subject.type === 'external_sso') {
    return { id: caller.session.id, name: caller.subject.email, email: caller.subject.email };
  }
  const account = call.state.account(caller.subject.accountId);
  return { id: caller.subject.accountId, name: account?.name ?? '', email: account?.email ?? '' };
}

function scriptContext(call: Call): ScriptContext {
  return {
    delayMs: call.settings.streamEventDelayMs,
    faults: call.faults,
    allEventKinds: call.settings.profile === 'realistic',
    nextId: (kind) => call.state.ids.next(kind),
    openForm(run) {
      const form = {
        token: randomUrlSafe(16),
        formId: call.state.ids.next('form'),
        appId: run.info.app.id,
        workflowRunId: run.info.workflowRunId ?? '',
        content: reviewFormContent(run.info.inputs),
        expiresAt: Date.now() + FORM_LIFETIME_MS,
        submitted: false,
      };
      call.state.forms.set(form.token, form);
      return form;
    },
  };
}

/** Where the POST /run stream ends: workflow streams at the finish or a pause, chat streams at message_end; an error ends any. */
function runTerminal(mode: AppMode): (event: unknown) => boolean {
  if (mode === 'workflow') return (event) => event === 'workflow_finished' || event === 'workflow_paused' || event === 'error';
  if (mode === 'advanced-chat') return (event) => event === 'message_end' || event === 'workflow_paused' || event === 'error';
  return (event) => event === 'message_end' || event === 'error';
}

const SNAPSHOT_EVENTS = new Set(['workflow_started', 'node_started', 'node_finished']);

export const runRoutes: readonly Route[] = [
  appRoute('POST', '/apps/:app_id/run', { tokens: ['dfoa', 'dfoe'] }, async (call, caller, app) => {
    const request = await readRunRequest(call);
    checkMode(call, app, request);
    const workflowId = resolveWorkflowId(app, request.workflowId);
    // As the chat generators go: conversation lookup, then the model config, then the inputs.
    const continued = findConversation(call, app, caller, request.conversationId);
    requireModelProvider(call, app);
    const conversationId = continued ?? startConversation(call, app, caller);
    const { details, checked } = checkRunInputs(call.state, app, request.inputs, request.files);
    if (call.faults.has('run-rejects-uploaded-file')) {
      for (const variable of app.variables) {
        if ((variable.type === 'file' || variable.type === 'file-list') && checked.inputs[variable.variable] !== undefined) {
          details.push({
            type: 'value_error',
            loc: ['inputs', variable.variable, 'upload_file_id'],
            msg: 'Value error, upload_file_id does not refer to an uploaded file',
          });
        }
      }
    }
    if (details.length > 0) throw validationError(details);
    const query = request.query ?? '';
    const run = new Run({
      app,
      taskId: call.state.ids.next('task'),
      workflowRunId: WORKFLOW_FAMILY.includes(app.mode) ? call.state.ids.next('workflow-run') : null,
      workflowId,
      messageId: app.mode === 'workflow' ? null : call.state.ids.next('message'),
      conversationId,
      subjectKey: caller.subjectKey,
      createdBy: callerIdentity(call, caller),
      inputs: checked.inputs,
      query,
      createdAt: Date.now(),
    });
    call.state.runs.set(run.info.taskId, run);
    const blocking = request.blocking && call.faults.has('run-blocking-mode-json');
    if (!blocking) relayRun(call.runtime, call.res, run, runTerminal(app.mode));
    const played = playRun(run, scriptContext(call), composeAnswer(app, query, checked));
    played.catch((error: unknown) => {
      console.error('reference server: run script failed', error);
    });
    if (blocking) {
      await played;
      const finished = run.history.filter((event) => runTerminal(app.mode)(event.event)).at(-1) ?? {};
      sendJson(call.res, 200, { task_id: run.info.taskId, workflow_run_id: run.info.workflowRunId, data: finished.data ?? finished });
    }
  }),
  appRoute('POST', '/apps/:app_id/tasks/:task_id/stop', { tokens: ['dfoa', 'dfoe'] }, (call, _caller, app) => {
    // Unknown, finished and foreign task ids are not errors.
    const run = call.state.runs.get(call.params.task_id ?? '');
    if (!run && call.faults.has('stop-unknown-task-404')) throw new ApiError(404, 'Task not found.');
    if (run && run.status !== 'running' && run.status !== 'paused' && call.faults.has('stop-finished-task-409')) {
      throw new ApiError(409, 'Task already finished.');
    }
    if (run && run.info.app.id === app.id && !call.faults.has('stop-ignored')) run.requestStop();
    sendJson(call.res, 200, { result: 'success' });
  }),
  appRoute('GET', '/apps/:app_id/tasks/:task_id/events', { tokens: ['dfoa', 'dfoe'] }, (call, caller, app) => {
    if (!WORKFLOW_FAMILY.includes(app.mode)) {
      throw new ApiError(422, call.faults.has('events-mode-generic-422') ? VALIDATION_FAILED : 'mode_not_supported_for_event_reconnect');
    }
    const run = findRunByWorkflowRunId(call.state.runs, call.params.task_id ?? '');
    const otherApp = run !== undefined && run.info.app.id !== app.id && !call.faults.has('events-any-app');
    const otherCreator = run !== undefined && run.info.subjectKey !== caller.subjectKey && !call.faults.has('events-any-creator');
    if (otherCreator && call.faults.has('events-other-creator-403')) throw new ApiError(403, 'You do not have permission to access this workflow run.');
    if (!run || otherApp || otherCreator) {
      throw new ApiError(404, 'Workflow run not found');
    }
    const stalePause = call.faults.has('resume-replays-pause') ? run.history.find((event) => event.event === 'workflow_paused') : undefined;
    if (stalePause) {
      const stream = openStream(call.runtime, call.res);
      stream.write({ kind: 'data', event: stalePause });
      stream.end();
      return;
    }
    if (run.finishedEvent) {
      const stream = openStream(call.runtime, call.res);
      if (call.faults.has('replay-whole-run')) for (const event of run.history) stream.write({ kind: 'data', event });
      else if (call.faults.has('replay-outputs-dropped'))
        stream.write({ kind: 'data', event: { ...run.finishedEvent, data: { ...(run.finishedEvent.data as Record<string, unknown>), outputs: null } } });
      else stream.write({ kind: 'data', event: run.finishedEvent });
      stream.end();
      return;
    }
    const replay: Frame[] = [{ kind: 'ping' }];
    if ((call.query.get('include_state_snapshot') ?? '').toLowerCase() === 'true' && !call.faults.has('events-snapshot-ignored')) {
      for (const event of run.history) if (SNAPSHOT_EVENTS.has(String(event.event))) replay.push({ kind: 'data', event });
    }
    relayRun(call.runtime, call.res, run, (event) => event === 'workflow_finished' || event === 'workflow_paused', replay);
  }),
];
