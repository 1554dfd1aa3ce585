/**
 * Human-input forms: a workflow that pauses at a human-input node, its form,
 * the submission and the resumed run (docs/server-behavior.md §6.5, §7.3;
 * docs/client-behavior.md §3).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import { client, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export interface PauseInput {
  readonly events: readonly SseEvent[];
  readonly end: string;
}

export const pauseAnnounced = defineCheck<PauseInput>({
  id: 'forms.pause-announced',
  area: 'forms',
  statement: 'A run that reaches a human-input node sends human_input_required with a form_token, then workflow_paused, and closes the stream.',
  basis: [client('§3', 'human_input_required with form_token and workflow_run_id is what the CLI prints as the paused run and its resume hint'), server('§7.2')],
}, ({ events, end }) => {
  const out: Violation[] = [];
  const required = events.find((e) => e.name === 'human_input_required');
  const paused = events.find((e) => e.name === 'workflow_paused');
  const token = (required?.json as { data?: { form_token?: unknown } } | undefined)?.data?.form_token;
  if (required === undefined || typeof token !== 'string' || token === '') out.push({ message: 'no human_input_required with a form_token', expected: 'human_input_required {data: {form_token}}', observed: events.map((e) => e.name).join(', ') });
  if (paused === undefined || (required !== undefined && paused.index < required.index)) out.push({ message: 'no workflow_paused after human_input_required', expected: 'workflow_paused', observed: events.map((e) => e.name).join(', ') });
  if (end !== 'closed') out.push({ message: `the paused stream was not closed (read ended: ${end})`, expected: 'closed', observed: end });
  return out;
});

export const definitionShape = defineCheck<AnsweredExchange>({
  id: 'forms.definition',
  area: 'forms',
  statement: 'GET of a pending form answers 200 with its form_content, inputs and user_actions.',
  basis: [server('§6.5', 'form_content, inputs, resolved_default_values, user_actions, expiration_time')],
}, (exchange) => {
  const b = (exchange.response.json ?? {}) as Record<string, unknown>;
  if (exchange.response.status === 200 && typeof b['form_content'] === 'string' && Array.isArray(b['inputs']) && Array.isArray(b['user_actions'])) return [];
  return [{ message: `the form answered ${exchange.response.status} without its definition`, expected: '200 {form_content, inputs[], user_actions[]}', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const submitAccepted = defineCheck<AnsweredExchange>({
  id: 'forms.submit-accepted',
  area: 'forms',
  statement: 'Submitting a pending form with one of its actions and its inputs answers 200 {}.',
  basis: [seed('#/components/schemas/FormSubmitResponse'), client('§3', 'the submit answer is {}')],
}, (exchange) => {
  if (exchange.response.status === 200) return [];
  return [{ message: `submitting the form answered ${exchange.response.status}`, expected: '200 {}', observed: exchange.response.bodyText.slice(0, 300) }];
});

export const resumeFinishes = defineCheck<readonly SseEvent[]>({
  id: 'forms.resume-finishes',
  area: 'forms',
  statement: 'After the form is submitted, the events of the run end with workflow_finished.',
  basis: [client('§3', 'after submitting, the CLI reads the run\'s events and shows its workflow_finished'), server('§7.3')],
}, (events) => {
  const last = events.filter((e) => e.name !== 'ping').at(-1);
  if (last?.name === 'workflow_finished') return [];
  return [{ message: `the resumed run ended with ${last?.name ?? 'no event'}`, expected: 'workflow_finished', observed: events.map((e) => e.name).join(', ') }];
});

export const secondSubmitRefused = defineCheck<AnsweredExchange>({
  id: 'forms.second-submit-refused',
  area: 'forms',
  statement: 'Submitting the same form a second time answers 412.',
  basis: [server('§6.5', 'already submitted: 412 human_input_form_submitted')],
}, (exchange) => {
  if (exchange.response.status === 412) return [];
  return [{ message: `a second submission answered ${exchange.response.status}`, expected: '412', observed: exchange.response.bodyText.slice(0, 300) }];
});

export interface FileRunInput {
  readonly exchange: AnsweredExchange;
  readonly events: readonly SseEvent[];
}

export const runWithUpload = defineCheck<FileRunInput>({
  id: 'files.run-with-upload',
  area: 'files',
  statement: 'A run of an app with a file input, given the id of a file just uploaded as a local_file mapping, streams to its terminal event.',
  basis: [seed('#/paths/~1apps~1{app_id}~1files~1upload/post', 'upload a file to use as an input variable when running the app'), seed('#/components/schemas/AppRunRequest/properties/files')],
}, ({ exchange, events }) => {
  const ended = events.some((e) => e.name === 'workflow_finished' || e.name === 'message_end');
  const failed = events.find((e) => e.name === 'error');
  if (exchange.response.status === 200 && ended && failed === undefined) return [];
  return [{ message: `the run with the uploaded file answered ${exchange.response.status}${failed === undefined ? '' : ' with an error event'}`, expected: '200 and a stream to its terminal event', observed: `${exchange.response.status} ${events.map((e) => e.name).join(', ') || exchange.response.bodyText.slice(0, 200)}` }];
});
