// Checks a run's `inputs` (and `files`) against the app's input form. The
// real server raises these from the generator; the CLI's end-to-end tests
// expect a 422 "Request validation failed" with details, so that is what we
// answer, with loc ["inputs", <variable>].
import type { ErrorDetail } from './errors.ts';
import type { App, InputVariable, ServerState, UploadedFile } from './state.ts';
import { choiceMessage, isPlainObject, MESSAGES } from './validation.ts';

export interface CheckedInputs {
  inputs: Record<string, unknown>;
  files: UploadedFile[];
}

function checkFileMapping(state: ServerState, app: App, value: unknown, loc: (string | number)[], details: ErrorDetail[], files: UploadedFile[]): void {
  if (!isPlainObject(value)) {
    details.push({ type: 'dict_type', loc, msg: MESSAGES.dictType });
    return;
  }
  if (value.transfer_method === 'remote_url') {
    const url = value.url ?? value.remote_url;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      details.push({ type: 'value_error', loc: [...loc, 'url'], msg: 'Value error, a remote file needs an http(s) url' });
    }
    return;
  }
  if (value.transfer_method !== 'local_file') {
    details.push({ type: 'literal_error', loc: [...loc, 'transfer_method'], msg: choiceMessage(['local_file', 'remote_url']) });
    return;
  }
  const file = typeof value.upload_file_id === 'string' ? state.files.get(value.upload_file_id) : undefined;
  if (!file || file.workspaceId !== app.workspaceId) {
    details.push({ type: 'value_error', loc: [...loc, 'upload_file_id'], msg: 'Value error, upload_file_id does not refer to an uploaded file' });
    return;
  }
  files.push(file);
}

function checkVariable(state: ServerState, app: App, variable: InputVariable, value: unknown, details: ErrorDetail[], files: UploadedFile[]): unknown {
  const loc = ['inputs', variable.variable];
  if (value === undefined || value === null || value === '') {
    if (variable.required) details.push({ type: 'missing', loc, msg: MESSAGES.missing });
    return undefined;
  }
  switch (variable.type) {
    case 'text-input':
    case 'paragraph':
      if (typeof value !== 'string') details.push({ type: 'string_type', loc, msg: MESSAGES.stringType });
      else if (variable.maxLength !== undefined && value.length > variable.maxLength) {
        details.push({ type: 'string_too_long', loc, msg: `String should have at most ${variable.maxLength} characters` });
      }
      return value;
    case 'select':
      if (typeof value !== 'string' || !(variable.options ?? []).includes(value)) {
        details.push({ type: 'literal_error', loc, msg: choiceMessage(variable.options ?? []) });
      }
      return value;
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) {
        details.push(
          typeof value === 'string'
            ? { type: 'float_parsing', loc, msg: 'Input should be a valid number, unable to parse string as a number' }
            : { type: 'float_type', loc, msg: 'Input should be a valid number' },
        );
      }
      return number;
    }
    case 'file':
      checkFileMapping(state, app, value, loc, details, files);
      return value;
    case 'file-list':
      if (!Array.isArray(value)) details.push({ type: 'list_type', loc, msg: MESSAGES.listType });
      else value.forEach((entry, index) => checkFileMapping(state, app, entry, [...loc, index], details, files));
      return value;
  }
}

/** Validates inputs and `files`; inputs the form does not declare are dropped, as the real server does. */
export function checkRunInputs(
  state: ServerState,
  app: App,
  inputs: Record<string, unknown>,
  bodyFiles: readonly unknown[],
): { details: ErrorDetail[]; checked: CheckedInputs } {
  const details: ErrorDetail[] = [];
  const files: UploadedFile[] = [];
  const clean: Record<string, unknown> = {};
  for (const variable of app.variables) {
    const value = checkVariable(state, app, variable, inputs[variable.variable], details, files);
    if (value !== undefined) clean[variable.variable] = value;
  }
  bodyFiles.forEach((entry, index) => checkFileMapping(state, app, entry, ['files', index], details, files));
  return { details, checked: { inputs: clean, files } };
}
